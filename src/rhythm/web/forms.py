"""Forms of the web UI; they validate input shape, services validate meaning."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import pretty_name
from django.http import QueryDict
from django.utils import timezone
from django.utils.text import Truncator

from rhythm.accounts.models import OVERRIDE_REASON
from rhythm.adoption.models import MilestoneKind
from rhythm.health.models import HEALTH_NOTE
from rhythm.lib import codes
from rhythm.lib.choices import Rag
from rhythm.lib.dates import day_error
from rhythm.lib.text import TextBound
from rhythm.meetings.models import SessionKind
from rhythm.plans.models import PlanKind, PlanStatus
from rhythm.playbook.filters import ItemFilter
from rhythm.playbook.rules.dates import add_months
from rhythm.playbook.rules.items import COMING, DUE, LATE, WorkItem
from rhythm.playbook.rules.kpis import BEHIND_KEYS, KPI_LABELS
from rhythm.surveys.models import SURVEY_COMMENT, SurveyKind
from rhythm.surveys.services import SCORE_RANGES, score_error
from rhythm.timeline.models import ACTIVITY_NOTES, ActivityKind
from rhythm.web.dashboard import GROUP_BY


def form_ids(key: str) -> str:
    """Return the `auto_id` of a form of the account page, so no two of its fields share an id.

    The page holds many forms with the same field names (a date, a status); each is known
    by a key ("use_case", "objective:roi"), which prefixes its fields' ids.
    """
    return key.replace(":", "-").replace("_", "-") + "-%s"


def set_choices(form: forms.Form, name: str, options: Iterable[tuple[str, str]]) -> None:
    """Give a choice field of the form its options, known only when the form is made."""
    field = form.fields[name]
    if isinstance(field, forms.ChoiceField):
        field.choices = list(options)


def attendees_field() -> forms.CharField:
    """The attendees of a meeting: emails of contacts or team members."""
    return forms.CharField(
        required=False,
        max_length=4000,
        help_text="Emails of contacts or team members, separated by ';'.",
        widget=forms.TextInput(attrs={"placeholder": "ana@customer.com; sam@ourteam.com"}),
    )


def text_field(bound: TextBound, *, rows: int = 0, **kwargs: Any) -> forms.CharField:
    """A free-text field (notes, a comment) bounded as its service bounds it: the browser
    stops at the bound (`maxlength`), and the service refuses a longer text sent anyway,
    in its own words, which the form shows at the field (`errors_from`)."""
    attrs: dict[str, Any] = {"maxlength": bound.limit}
    widget = forms.Textarea(attrs={"rows": rows, **attrs}) if rows else forms.TextInput(attrs)
    return forms.CharField(required=False, widget=widget, **kwargs)


def minutes_field() -> forms.IntegerField:
    """How long a meeting took, in minutes (optional)."""
    return forms.IntegerField(label="Minutes", required=False, min_value=1, max_value=1440)


def split_emails(raw: str) -> list[str]:
    """Split the attendees field into emails (';' or ',' between them)."""
    return [part.strip() for part in raw.replace(",", ";").split(";") if part.strip()]


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(choices=ActivityKind.choices, initial=ActivityKind.CADENCE_CALL)
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    duration_minutes = minutes_field()
    attendees = attendees_field()
    notes = text_field(ACTIVITY_NOTES, rows=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()

    def attendee_emails(self) -> list[str]:
        return split_emails(self.cleaned_data.get("attendees") or "")


class ActivityChangesForm(forms.Form):
    """Correct a logged activity in place: who attended, how long it took, its notes.

    The boxes are the account's contacts and team (`timeline_panel.attendee_choices`);
    anyone else is typed under "Others", which is where a refused email shows.
    """

    attendees = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    others = attendees_field()
    duration_minutes = minutes_field()
    notes = text_field(ACTIVITY_NOTES, rows=3)
    # The entry's `activity_version` when the form was opened: a change saved in between
    # is refused instead of overwritten (the template writes the field).
    version = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    service_fields = {"attendees": "others"}

    def __init__(self, data=None, *, people: Iterable[tuple[str, str]] = (), **kwargs):
        super().__init__(data, **kwargs)
        set_choices(self, "attendees", people)
        self.fields["others"].label = "Others"
        self.fields["others"].help_text = "Emails of other team members, separated by ';'."

    def changes(self) -> dict[str, Any]:
        """Return the cleaned fields as `edit_activity` takes them."""
        data = self.cleaned_data
        emails = [*data["attendees"], *split_emails(data.get("others") or "")]
        return {
            "attendee_emails": emails,
            "duration_minutes": data["duration_minutes"],
            "notes": data["notes"],
            "expected_version": data["version"] or None,
        }


# The shares whose accounts behind the target the Accounts list shows, as the dashboard's
# KPI cards link them: every one of `rules.kpis.BEHIND_KEYS`, in its order, named as the
# dashboard and `rhythm kpis` name it.
BEHIND_CHOICES = tuple((key, KPI_LABELS[key]) for key in BEHIND_KEYS)


class TeamChoice:
    """A form's `team` field: leadership's pick of one manager's team (`web.viewpoint.Team`:
    email, label, members), offered only where there are teams to pick; and the check that
    a CSM picked beside it is on it."""

    fields: dict[str, Any]
    cleaned_data: dict[str, Any]
    csm_names: dict[str, str]

    def offer_teams(self, teams: Sequence[Any], csms: Sequence[tuple[str, str]]) -> None:
        """Offer these teams in the `team` field, or drop the field when there are none;
        `csms` names the CSMs a refusal may name."""
        self.teams = {team.email.casefold(): team for team in teams}
        self.csm_names = {email.casefold(): name for email, name in csms}
        field = self.fields["team"]
        if teams and isinstance(field, forms.ChoiceField):
            field.choices = [("", "Every team"), *((team.email, team.label) for team in teams)]
        else:
            del self.fields["team"]

    def csm_off_team(self, cleaned: dict[str, Any]) -> str | None:
        """Return why the CSM picked is not on the team picked, or None when they are (or
        either is not picked)."""
        csm, team = cleaned.get("csm"), self.teams.get((cleaned.get("team") or "").casefold())
        if not csm or team is None or csm.casefold() in team.members:
            return None
        return f"{self.csm_names.get(csm.casefold(), csm)} is not on {team.label}"


class AccountSearchForm(TeamChoice, forms.Form):
    """The account list's GET form: text to find in an account's or its CSM's name, one
    CSM's book (`csm`, any of `csms`) and the accounts behind a KPI's target (`behind`);
    any of them alone or together."""

    q = forms.CharField(
        required=False,
        max_length=200,
        label="Find",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Account, CSM or email"}),
    )
    behind = forms.ChoiceField(
        required=False, label="Behind the KPI", choices=[("", "Any account"), *BEHIND_CHOICES]
    )
    team = forms.ChoiceField(required=False, label="Team")
    csm = forms.ChoiceField(required=False, label="CSM")

    def __init__(
        self,
        data=None,
        *,
        csms: Sequence[tuple[str, str]] = (),
        teams: Sequence[Any] = (),
        **kwargs,
    ):
        super().__init__(data, **kwargs)
        csm = self.fields["csm"]
        if isinstance(csm, forms.ChoiceField):
            csm.choices = [("", "Everyone"), *csms]
        # A CSM alone, or a manager of one, has no book to pick: the field is not shown,
        # though a dashboard link's `csm` is still taken (and kept, hidden). Another's (a
        # colleague's link, shared) is set aside, not refused on a field not shown: the
        # page says whose accounts it lists instead (`csm_set_aside`).
        self.offers_csm = len(csms) > 1
        self.csm_set_aside = ""
        sent = self.data.get("csm") or ""
        if not self.offers_csm and sent and sent not in {email for email, _ in csms}:
            data = cast(QueryDict, self.data).copy()  # a mutable copy (a dict's, too)
            data["csm"] = ""
            self.data = data
            self.csm_set_aside = sent
        self.offer_teams(teams, csms)

    def clean(self) -> dict[str, Any]:
        """Refuse a CSM who is not on the team picked."""
        cleaned = super().clean() or {}
        if why := self.csm_off_team(cleaned):
            self.add_error("csm", f"{why}.")
        return cleaned

    def text(self) -> str | None:
        """Return the text to look for ('' for every account), None when it is refused."""
        return self.cleaned_data["q"].strip() if self.is_valid() else None

    def behind_key(self) -> str:
        """Return the KPI whose accounts behind its target to list ('' for none)."""
        return self.cleaned_data["behind"] if self.is_valid() else ""

    def chosen_csm(self) -> str | None:
        """Return the email of the CSM whose book to list the accounts of, or None."""
        return (self.cleaned_data["csm"] or None) if self.is_valid() else None

    def chosen_team(self) -> str | None:
        """Return the email of the manager whose team's accounts to list, or None."""
        if "team" not in self.fields or not self.is_valid():
            return None
        return self.cleaned_data["team"] or None


class ContactForm(forms.Form):
    """Add a customer contact on the account page; the playbook's code lists are the choices."""

    name = forms.CharField(max_length=200)
    email = forms.EmailField(required=False)
    title = forms.CharField(required=False, max_length=200)
    persona = forms.ChoiceField(required=False)
    function = forms.ChoiceField(required=False)
    decision_maker = forms.BooleanField(required=False, label="Decision-maker")
    executive_sponsor = forms.BooleanField(required=False, label="Executive sponsor")
    introduced_by = forms.ChoiceField(required=False, label="Introduced by")

    def __init__(self, data=None, *, contacts: Iterable[Any] = (), **kwargs):
        super().__init__(data, **kwargs)
        self.introducers = {str(contact.pk): contact for contact in contacts}
        choices = {
            "persona": [("", "—"), *codes.labelled(codes.PERSONAS)],
            "function": [("", "—"), *codes.labelled(codes.FUNCTIONS)],
            "introduced_by": [
                ("", "Nobody (first contact)"),
                *((pk, contact.name) for pk, contact in self.introducers.items()),
            ],
        }
        for name, options in choices.items():
            set_choices(self, name, options)

    def contact_values(self) -> dict[str, Any]:
        """Return the cleaned fields as `add_contact` takes them."""
        data = dict(self.cleaned_data)
        data["introduced_by"] = self.introducers.get(data.get("introduced_by") or "")
        return data


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(
        required=False, label=label, widget=forms.DateInput(attrs={"type": "date"})
    )


class SuccessPlanForm(forms.Form):
    """Start or update a success plan: its status, health, and when it was shared and reviewed.

    Only a CSM manager sees the qualification box (PLAN-1's "management-qualified").
    """

    kind = forms.ChoiceField(choices=PlanKind.choices, initial=PlanKind.ROI)
    status = forms.ChoiceField(choices=PlanStatus.choices, initial=PlanStatus.DRAFT)
    health = forms.ChoiceField(
        required=False, choices=[("", "Not assessed"), *Rag.choices], label="Health"
    )
    shared_on = _date_field("Shared with the customer on")
    reviewed_on = _date_field("Last reviewed with the customer on")
    qualified = forms.BooleanField(required=False, label="Qualified by management")

    def __init__(self, data=None, *, can_qualify: bool = False, **kwargs):
        super().__init__(data, **kwargs)
        if not can_qualify:
            del self.fields["qualified"]

    def plan_values(self, qualified_on: dt.date | None, today: dt.date) -> dict[str, Any]:
        """Return the plan's fields; `qualified_on` is when it was qualified, if it was.

        A ticked box keeps the qualification's date, or qualifies the plan today; an
        unticked one withdraws it. Without the box, qualification is left as it is. Of a
        form refused on its own fields, only the fields it took (for the service's checks).
        """
        data = self.cleaned_data
        names = ("status", "health", "shared_on", "reviewed_on")
        values = {name: data[name] for name in names if name in data}
        if "qualified" in data:
            values["qualified_on"] = (qualified_on or today) if data["qualified"] else None
        return values


class ObjectiveForm(forms.Form):
    """Add an objective to a plan: the outcome, its metric and target, and an owner each side."""

    outcome = forms.CharField(
        max_length=300,
        label="Desired business outcome",
        help_text="An outcome the plan has already: what you fill in completes it.",
    )
    metric = forms.CharField(required=False, max_length=200)
    unit = forms.CharField(required=False, max_length=40)
    baseline = forms.DecimalField(required=False, max_digits=14, decimal_places=2)
    target = forms.DecimalField(required=False, max_digits=14, decimal_places=2)
    target_date = _date_field("Target date")
    customer_owner = forms.ChoiceField(required=False, label="Customer owner")
    vendor_owner = forms.ChoiceField(required=False, label="Our owner")

    def __init__(self, data=None, *, contacts: Iterable[Any] = (), members=(), **kwargs):
        super().__init__(data, **kwargs)
        self.contacts = {str(c.pk): c for c in contacts if c.departed_on is None}
        self.members = {str(m.pk): m for m in members}
        for name, people in (("customer_owner", self.contacts), ("vendor_owner", self.members)):
            set_choices(self, name, [("", "—"), *((pk, p.name) for pk, p in people.items())])

    def objective_values(self) -> dict[str, Any]:
        """Return the objective's fields filled in, owners as the contact and team member chosen.

        A field left empty is not returned, so completing an objective (its outcome sent
        again with what it lacked) never clears what was recorded.
        """
        data = self.cleaned_data
        names = ("metric", "unit", "baseline", "target", "target_date")
        values = {name: data[name] for name in names}
        values["customer_owner"] = self.contacts.get(data["customer_owner"])
        values["vendor_owner"] = self.members.get(data["vendor_owner"])
        return {name: value for name, value in values.items() if value not in (None, "")}


class ActionItemForm(forms.Form):
    """Open an action item on the account page: what is to be done, and by when."""

    text = forms.CharField(max_length=500, label="To do")
    due_on = _date_field("Due on")


class CloseActionItemForm(forms.Form):
    """Close an action item today: done, or dropped (its button says which)."""

    status = forms.ChoiceField(choices=[("done", "Done"), ("dropped", "Dropped")])


class UseCaseForm(forms.Form):
    """Record a use case's health on a date (ADOPT-2; PRIO-1 counts the green ones)."""

    use_case = forms.ChoiceField(label="Use case")
    status = forms.ChoiceField(choices=Rag.choices)
    date = forms.DateField(label="Assessed on", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        set_choices(self, "use_case", codes.labelled(codes.USE_CASES))
        self.fields["date"].initial = timezone.localdate()


class MeetingDateForm(forms.Form):
    """Plan a meeting, or move the one planned, to a date (an EBR, a leadership check-in)."""

    date = forms.DateField(label="Planned for", widget=forms.DateInput(attrs={"type": "date"}))

    service_fields = {"planned_on": "date"}


class CloseRenewalForm(forms.Form):
    """Close the open renewal, renewed or churned, and open the next one (REN-6)."""

    renewal_date = forms.DateField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(choices=[("renewed", "Renewed"), ("churned", "Churned")])
    closed_on = forms.DateField(label="Closed on", widget=forms.DateInput(attrs={"type": "date"}))
    renewed_arr = forms.DecimalField(
        label="ARR renewed",
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"placeholder": "All the ARR up, if renewed"}),
    )
    next_renewal_date = _date_field("Next renewal on")

    def __init__(self, *args: Any, renewal_date: dt.date | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["closed_on"].initial = timezone.localdate()
        if renewal_date is not None:
            self.fields["renewal_date"].initial = renewal_date
            # A year later, unless a renewal recorded before dates were bounded is at the
            # calendar's end: then the CSM types the next date.
            if renewal_date.year < dt.MAXYEAR:
                self.fields["next_renewal_date"].initial = add_months(renewal_date, 12)


class MilestoneForm(forms.Form):
    """Record the day the account reached an onboarding milestone (TTV-1, TTV-2)."""

    milestone = forms.ChoiceField(choices=MilestoneKind.choices)
    reached_on = forms.DateField(label="Reached on", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reached_on"].initial = timezone.localdate()


class ScopeForm(TeamChoice, forms.Form):
    """Whose work, on which day: the date to replay and, for managers and up, one CSM; for
    leadership, one manager's team too (`web.viewpoint.Team`: email, name, members)."""

    on = forms.DateField(required=False, label="On", widget=forms.DateInput(attrs={"type": "date"}))
    team = forms.ChoiceField(required=False, label="Team")
    csm = forms.ChoiceField(required=False, label="CSM")

    def __init__(
        self,
        data=None,
        *,
        csms: Sequence[tuple[str, str]] = (),
        teams: Sequence[Any] = (),
        **kwargs,
    ):
        super().__init__(data, **kwargs)
        csm = self.fields["csm"]
        if csms and isinstance(csm, forms.ChoiceField):
            csm.choices = [("", "Everyone"), *csms]
        else:
            del self.fields["csm"]
        self.offer_teams(teams, csms)

    def clean(self) -> dict[str, Any]:
        """Refuse a CSM who is not on the team picked: the page then shows the team."""
        cleaned = super().clean() or {}
        if why := self.csm_off_team(cleaned):
            self.add_error("csm", f"{why}; it is shown whole.")
        return cleaned

    def clean_on(self) -> dt.date | None:
        """Refuse a day too far back or ahead to work out: the page then shows today."""
        on = self.cleaned_data.get("on")
        if on is not None and (error := day_error(on, timezone.localdate())):
            raise forms.ValidationError(error)
        return on

    def _valid(self, name: str) -> Any:
        """Return a field's cleaned value, or None when it is missing or invalid."""
        self.is_valid()  # cleans once; the valid fields stay in cleaned_data
        return getattr(self, "cleaned_data", {}).get(name) or None

    def day(self, default: dt.date) -> dt.date:
        """Return the date to show: the one asked for, else `default` (today)."""
        return self._valid("on") or default

    def chosen_csm(self) -> str | None:
        """Return the email of the CSM picked, or None for the whole scope."""
        return self._valid("csm") if "csm" in self.fields else None

    def chosen_team(self) -> str | None:
        """Return the email of the manager whose team is picked, or None for the whole scope."""
        return self._valid("team") if "team" in self.fields else None


class DashboardForm(ScopeForm):
    """The dashboard's GET form: the scope and date, and what to group the KPIs by."""

    by = forms.ChoiceField(required=False, label="KPIs by", choices=GROUP_BY)

    def grouping(self) -> str:
        """Return what to group the KPIs by: the one asked for, else the first (segment)."""
        return self._valid("by") or GROUP_BY[0][0]


class DayFilterForm(ScopeForm):
    """My day's GET form: the scope and date, then which items to keep (rule, account, state).

    It only reads the query string into a `playbook.filters.ItemFilter`, the filter the API
    shares. The rule and account menus list what the unfiltered queue holds, each counted
    under the page's other filters (an account's count, under the rule and state chosen).
    """

    rule = forms.CharField(required=False, label="Rule", widget=forms.Select)
    account = forms.IntegerField(required=False, label="Account", min_value=1, widget=forms.Select)
    state = forms.ChoiceField(
        required=False,
        label="State",
        choices=[("", "Any state"), (LATE, "Late"), (DUE, "Due"), (COMING, "Coming")],
    )

    def __init__(
        self,
        data=None,
        *,
        rules: Iterable[str] = (),
        account_name: Callable[[int], str | None] | None = None,
        **kwargs,
    ):
        super().__init__(data, **kwargs)
        self.rule_ids = {rule.upper() for rule in rules}
        # an account's name, if the person may see it (None: any account is taken)
        self.account_name = account_name
        self.account_label = ""  # the account chosen, named

    def clean_rule(self) -> str:
        rule = (self.cleaned_data.get("rule") or "").strip().upper()
        if rule and rule not in self.rule_ids:
            raise ValidationError(f"{rule} is not a rule of the playbook.")
        return rule

    def clean_account(self) -> int | None:
        """Refuse an account the person may not see (a link from another book): the page
        then shows every account, and says why."""
        account = self.cleaned_data.get("account")
        if account is None:
            return None
        if self.account_name is None:
            return account
        name = self.account_name(account)
        if name is None:
            raise ValidationError(f"No account {account} in your view; showing every account.")
        self.account_label = name
        return account

    def item_filter(self) -> ItemFilter:
        """Return the filter the valid fields describe (an invalid field filters nothing).

        The CSM is not part of it: picking a CSM narrows the scope the queue is built for.
        """
        return ItemFilter(
            rule=self._valid("rule"),
            state=self._valid("state"),
            account_id=self._valid("account"),
        )

    def offer(self, items: Iterable[WorkItem], titles: dict[str, str]) -> None:
        """Fill the rule and account menus from the unfiltered items, with counts.

        Each menu lists every rule or account of the unfiltered items, and counts the items
        the page would show if it were picked: under the other filters, not its own.
        """
        chosen = self.item_filter()
        for_rules = replace(chosen, rule=None)
        for_accounts = replace(chosen, account_id=None)
        rules: Counter[str] = Counter()
        accounts: Counter[tuple[str, int]] = Counter()
        for item in items:
            rules[item.rule] += for_rules.matches(item)
            if item.account_id is not None:
                accounts[(item.account or "", item.account_id)] += for_accounts.matches(item)
        # The rule and account chosen stay in their menus, picked, when they have no item
        # at all (a rule or account with nothing due, a link from another day): 0 items.
        if chosen.rule and chosen.rule not in rules:
            rules[chosen.rule] = 0
        if chosen.account_id and chosen.account_id not in {pk for _, pk in accounts}:
            accounts[(self.account_label, chosen.account_id)] = 0
        rule_choices = [
            (rule, f"{rule} — {Truncator(titles.get(rule, '')).chars(38)} ({count})")
            for rule, count in sorted(rules.items(), key=lambda pair: _rule_order(pair[0]))
        ]
        self.fields["rule"].widget.choices = [("", "Every rule"), *rule_choices]
        self.fields["account"].widget.choices = [
            ("", "Every account"),
            *_account_choices(accounts, chosen.account_id),
        ]


def _account_choices(accounts: Counter[tuple[str, int]], chosen: int | None) -> list[Any]:
    """List the accounts of My day's menu by name, each with its count. Past
    `ACCOUNTS_OFFERED` (leadership's view of every account), only those with the most
    items under the other filters, and the one chosen, under a heading saying how many of
    all they are: a menu of thousands is neither read nor light. An account left out is
    still taken from a link, and its page lists its items."""
    if len(accounts) <= ACCOUNTS_OFFERED:
        return [(str(pk), f"{name} ({count})") for (name, pk), count in sorted(accounts.items())]
    ranked = sorted(accounts.items(), key=lambda pair: (-pair[1], pair[0]))
    kept = dict(ranked[:ACCOUNTS_OFFERED])
    picked = [(key, count) for key, count in ranked[ACCOUNTS_OFFERED:] if key[1] == chosen]
    kept.update(picked)
    choices = [(str(pk), f"{name} ({count})") for (name, pk), count in sorted(kept.items())]
    heading = (
        f"The {ACCOUNTS_OFFERED:,} with the most items{' and the one picked' if picked else ''}"
        f", of {len(accounts):,}; every account's items are on its page"
    )
    return [(heading, choices)]


# The accounts My day's menu lists at most (`_account_choices`).
ACCOUNTS_OFFERED = 300


def _rule_order(rule: str) -> tuple[str, int]:
    """Sort rule ids by family, then number: CAD-2 before CAD-10."""
    family, _, number = rule.partition("-")
    return family, int(number) if number.isdigit() else 0


class ItemActionForm(forms.Form):
    """Which item an inline action clears: its rule and due date, to redraw its row."""

    rule = forms.CharField(max_length=20, widget=forms.HiddenInput)
    due = forms.DateField(required=False, widget=forms.HiddenInput)
    records = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)


class HeldItemForm(ItemActionForm):
    """A meeting held that clears an item: the day it was held, and its notes."""

    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    notes = text_field(ACTIVITY_NOTES)


class LogItemForm(HeldItemForm):
    """Log the activity that clears a cadence or engagement item; the rule sets its kind.

    Its minutes and attendees are the fields of the account page's "Log an activity"
    (`ActivityForm`), read the same way (`split_emails`). Where the attendees are what
    clears the item (EXEC-1: a meeting with an executive contact), they are required.
    """

    duration_minutes = minutes_field()
    attendees = attendees_field()

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("auto_id", False)  # a page shows one such form per row: no ids
        super().__init__(*args, **kwargs)


class RenewalReviewItemForm(HeldItemForm):
    """Record the renewal review an REN-1 item asks for, with or without its review team."""

    with_team = forms.BooleanField(required=False)

    service_fields = {"held_on": "date"}


class HealthItemForm(ItemActionForm):
    """Record today's overall health with a note (HEALTH-1, REN-2)."""

    overall = forms.ChoiceField(choices=Rag.choices)
    note = text_field(HEALTH_NOTE)


@dataclass(frozen=True)
class SurveyScale:
    """A survey kind as a form offers it, with the scale its scores run on."""

    kind: str  # "csat"
    low: int
    high: int

    @property
    def name(self) -> str:
        """Name the survey: 'CSAT'."""
        return SurveyKind(self.kind).name

    @property
    def label(self) -> str:
        """Name the survey with its scale: 'CSAT (1–5)'."""
        return f"{self.name} ({self.low}–{self.high})"


def survey_scales() -> list[SurveyScale]:
    """Return each survey kind with its scale, from the one the service checks
    (`surveys.services.SCORE_RANGES`), NPS first."""
    return [SurveyScale(kind, *SCORE_RANGES[kind]) for kind in SurveyKind.values]


class SurveyItemForm(ItemActionForm):
    """Record the survey response that clears an NPS-1 item: when, which survey, the score.

    The score must fit the survey's scale (NPS 0-10, CSAT 1-5: `SCORE_RANGES`).
    """

    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(choices=SurveyKind.choices, initial=SurveyKind.NPS)
    score = forms.IntegerField(
        min_value=min(low for low, _ in SCORE_RANGES.values()),
        max_value=max(high for _, high in SCORE_RANGES.values()),
    )
    contact = forms.CharField(required=False, max_length=254)  # the contact's email
    comment = text_field(SURVEY_COMMENT)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, score = data.get("kind"), data.get("score")
        if kind and score is not None and (error := score_error(kind, score)):
            self.add_error("score", error)
        return data


class FollowUpItemForm(ItemActionForm):
    """Open the action item that evaluates a triaged account's risk (HEALTH-2)."""

    text = forms.CharField(max_length=500)
    due_on = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))


class PlanEbrItemForm(ItemActionForm):
    """Plan the account's next EBR, or move the one being prepared (EBR-1, EBR-2)."""

    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))

    # The one date stands for the date each service it ends in names: a meeting planned,
    # a step done, the EBR's follow-up, a milestone reached, the ROI plan shared or reviewed.
    service_fields = dict.fromkeys(
        (
            "planned_on",
            "done_on",
            "sent_on",
            "updated_on",
            "reached_on",
            "shared_on",
            "reviewed_on",
        ),
        "date",
    )


class HoldEbrItemForm(PlanEbrItemForm):
    """Log the EBR being prepared as held (EBR-3), with who attended."""

    attendees = attendees_field()


class UseCaseItemForm(ItemActionForm):
    """Record a use case's health today, which clears ADOPT-2."""

    use_case = forms.CharField(max_length=40)
    status = forms.ChoiceField(choices=Rag.choices)


class EbrStepItemForm(PlanEbrItemForm):
    """Record a preparation step of the EBR being prepared done on a date (EBR-3)."""

    step = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class CheckInItemForm(PlanEbrItemForm):
    """Log a leadership check-in held, or plan one for a later date (CHK-1)."""

    notes = text_field(ACTIVITY_NOTES)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, notes = data.get("date"), (data.get("notes") or "").strip()
        if day is not None and notes and day > timezone.localdate():
            # a check-in planned keeps a date only: the notes would be lost without a word
            self.add_error(
                "notes",
                f"A check-in planned for {day.isoformat()} keeps no notes: clear them to plan"
                " it, and add them when you log it as held.",
            )
        return data


class UsageItemForm(ItemActionForm):
    """Record the licenses activated today (TTV-2: first value comes from usage)."""

    licenses = forms.IntegerField(min_value=0, max_value=10_000_000)


class DoneOnItemForm(PlanEbrItemForm):
    """Record the day a follow-up of the EBR held was done (EBR-3's email, EBR-4's plan)."""


class SessionForm(forms.Form):
    """Record a workshop or roundtable held with one or several accounts (WS-1, WS-2, RT-1).

    The accounts, leads and industries offered are those the person may see; the service
    checks consent, the industries of a roundtable and the date.
    """

    kind = forms.ChoiceField(choices=SessionKind.choices, initial=SessionKind.WORKSHOP)
    # Each required field says what it wants, as the service's errors do.
    topic = forms.CharField(
        max_length=200, error_messages={"required": "Give the session a topic."}
    )
    date = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Give the date the session was held."},
    )
    lead = forms.ChoiceField(required=False, help_text="Who led it (WS-2 counts it for them).")
    industries = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="A roundtable's industries: one, or several that share use cases (RT-1"
        " counts it for each).",
        error_messages={"invalid_choice": "%(value)s is not an industry of your accounts."},
    )
    accounts = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple,
        help_text="Every account that attended.",
        error_messages={
            "required": "Choose at least one account that attended.",
            "invalid_choice": "No account in your view has the id %(value)s.",
        },
    )
    consented_on = forms.DateField(
        required=False,
        label="Consent given on",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="When the accounts agreed to a session with other customers; needed for"
        " more than one account.",
    )
    duration_minutes = minutes_field()
    attendees = attendees_field()
    notes = text_field(ACTIVITY_NOTES, rows=2)

    def __init__(
        self,
        *args: Any,
        accounts: Sequence[tuple[int, str]] | None,
        leads: Sequence[tuple[str, str]],
        industries: Sequence[str],
        **kwargs: Any,
    ):
        """`accounts` are the choices to tick; None, for a view too large to list, asks for
        the accounts' names instead."""
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()
        if accounts is None:
            self.fields["accounts"] = forms.CharField(
                max_length=20000,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text="The names of the accounts that attended, one a line.",
                error_messages={"required": "Name at least one account that attended."},
            )
        else:
            set_choices(self, "accounts", [(str(pk), name) for pk, name in accounts])
        set_choices(self, "lead", [("", "—"), *leads])
        set_choices(self, "industries", [(i, i) for i in industries])

    @property
    def by_name(self) -> bool:
        """Tell whether the accounts are typed by name (a view too large to list)."""
        return not isinstance(self.fields["accounts"], forms.MultipleChoiceField)

    def attendee_emails(self) -> list[str]:
        return split_emails(self.cleaned_data.get("attendees") or "")

    def chosen(self) -> list[str]:
        """Return the accounts chosen: ids (as text) when ticked, else the names typed."""
        value = self.cleaned_data["accounts"]
        if self.by_name:
            lines = value.replace(";", "\n").splitlines()
            return list(dict.fromkeys(line.strip() for line in lines if line.strip()))
        return list(value)


class SessionFilterForm(forms.Form):
    """The Workshops list's GET form: one kind, text to find in a topic or an account's
    name, and how far back (the last year, or any time)."""

    # Not `kind`: that one fills in the record form (RT-1's and WS-2's links).
    of_kind = forms.ChoiceField(
        required=False, label="Kind", choices=[("", "Any kind"), *SessionKind.choices]
    )
    q = forms.CharField(
        required=False,
        max_length=200,
        label="Find",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Topic or account"}),
    )
    held = forms.ChoiceField(
        required=False,
        label="Held",
        choices=[("", "In the last year"), ("any", "At any time")],
    )

    def filters(self) -> dict[str, str]:
        """Return the filters chosen (none where the form is refused), as `list_sessions`
        and the pages' links take them."""
        if not self.is_valid():
            return {}
        return {name: value.strip() for name, value in self.cleaned_data.items() if value}


class PriorityOverrideForm(forms.Form):
    """A manager's priority override with its reason (PRIO-2); empty priority removes it."""

    priority = forms.ChoiceField(
        required=False,
        choices=[("", "Computed (no override)"), ("P1", "P1"), ("P2", "P2")],
    )
    reason = text_field(OVERRIDE_REASON, rows=2)


class TimeOffForm(forms.Form):
    """A CSM's paid time off, which CAP-2 counts against their capacity."""

    member = forms.ChoiceField(
        label="CSM",
        error_messages={
            "invalid_choice": "%(value)s is not someone whose time off you record: a CSM "
            "records their own, a manager their team's.",
            "required": "Choose whose time off this is.",
        },
    )
    starts_on = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label="To", widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(required=False, max_length=200)

    def __init__(self, *args: Any, members: Sequence[tuple[str, str]] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.members = tuple(members)  # (email, name): whose time off may be recorded
        cast(forms.ChoiceField, self.fields["member"]).choices = list(members)
        if len(members) == 1:
            self.fields["member"].initial = members[0][0]
            self.fields["member"].widget = forms.HiddenInput()


def named_errors(form: forms.Form, *, beside: Iterable[str] = ()) -> list[str]:
    """Return the errors of the form, a field's named by its label ("Score: ..."), for a
    place that shows them together, away from the fields (a queue row); those of the
    fields in `beside` are left out, as they show next to their field."""
    named: list[str] = []
    for name, errors in form.errors.items():
        if name in beside:
            continue
        field = form.fields.get(name)
        label = field.label or pretty_name(name) if field is not None else ""
        named.extend(f"{label}: {error}" if label else str(error) for error in errors)
    return named


def field_errors(form: forms.Form) -> dict[str, list[str]]:
    """Return the errors of the fields a person fills in (not the hidden ones), by field,
    to show each next to its field."""
    return {
        name: [str(error) for error in errors]
        for name, errors in form.errors.items()
        if name in form.fields and not form.fields[name].widget.is_hidden
    }


def errors_from(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: per field where it names one.

    A form whose field has another name than the service's (a date the service calls
    `planned_on`) maps one to the other in `service_fields`.
    """
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    renamed: dict[str, str] = getattr(form, "service_fields", {})
    for field, messages in error.message_dict.items():
        field = renamed.get(field, field)
        form.add_error(field if field in form.fields else None, messages)


def merge_errors(form: forms.Form, errors: Mapping[str, list[str]]) -> None:
    """Add a service's errors (`check_session`'s, say) to a form refused on its own, each
    under its field, but not to a field the form refused already: that field's value was
    not what the service was asked about, so the form's own reason is the one to show.
    Named as the service names them (`service_fields`), as in `errors_from`."""
    renamed: dict[str, str] = getattr(form, "service_fields", {})
    for name, messages in errors.items():
        field = renamed.get(name, name)
        if field not in form.fields:
            form.add_error(None, messages)
        elif field not in form.errors:
            form.add_error(field, messages)
