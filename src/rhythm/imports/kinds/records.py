"""The kinds that record what happens on an account: activities, workshops and roundtables,
adoption, health, plans, expansions and surveys. Each row names its account by name, in the
`account` column."""

from __future__ import annotations

from collections import Counter
from typing import Any

from rhythm.adoption.models import MilestoneKind
from rhythm.adoption.services import record_milestone, record_usage, record_use_case_status
from rhythm.health.services import record_health
from rhythm.imports import cells
from rhythm.imports.kinds.base import (
    ACCOUNT,
    ACCOUNT_ALIASES,
    Column,
    Kind,
    Lookups,
    Record,
    date_column,
)
from rhythm.lib import codes
from rhythm.lib.choices import Rag
from rhythm.lib.upsert import Outcome
from rhythm.meetings.models import SessionKind
from rhythm.meetings.services import log_imported, record_session
from rhythm.plans.models import PlanKind, PlanStatus
from rhythm.plans.services import upsert_success_plan
from rhythm.renewals.models import ExpansionKind, ExpansionOutcome, RenewalOutcome
from rhythm.renewals.services import record_closed_renewal, upsert_expansion
from rhythm.surveys.models import SurveyKind
from rhythm.surveys.services import record_survey_response
from rhythm.timeline.models import ActivityKind

ALIASES = ACCOUNT_ALIASES


def _write_activity(record: Record, lookups: Lookups) -> Outcome:
    return log_imported(
        account=record["account"],
        kind=record["kind"],
        date=record["date"],
        **record.pick("duration_minutes", "notes", attendee_emails="attendees"),
    )[1]  # type: ignore[return-value]


ACTIVITIES = Kind(
    name="activities",
    columns=(
        ACCOUNT,
        Column("kind", cells.choice(ActivityKind, "activity kind"), required=True),
        date_column(required=True),
        Column("duration_minutes", cells.count, empty=None, alone=True),
        Column("attendees", cells.email_list, empty=(), alone=True),
        Column("notes"),
    ),
    key=("account", "kind", "date"),
    write=_write_activity,
    aliases={**ALIASES, "duration": "duration_minutes"},
    fields={"attendee_emails": "attendees"},
)


def _write_session(record: Record, lookups: Lookups) -> Outcome:
    return record_session(
        kind=record["kind"],
        topic=record["topic"],
        date=record["date"],
        accounts=[(record["account"], record.values.get("consented_on"))],
        **record.pick("duration_minutes", lead="lead_email", industries="industry"),
    )[1]


def _prepare_sessions(records: list[Record], lookups: Lookups) -> list[Record]:
    """Refuse each row without consent of a session the file gives several accounts (WS-2),
    and each row that says otherwise than an earlier row of its session what the session
    is (its industries, lead or length), which writing it would silently replace.

    Checked across the file so the error is on the row that lacks consent, not on the row
    that, written later, makes the session a multi-customer one.
    """
    sessions: dict[tuple, list[Record]] = {}
    for record in records:
        if all(name in record.values for name in ("account", "kind", "topic", "date")):
            key = (record["kind"], record["topic"].strip(), record["date"])
            sessions.setdefault(key, []).append(record)
    for rows in sessions.values():
        _refuse_disagreeing(rows)
        if len({record["account"].pk for record in rows}) < 2:
            continue
        for record in rows:
            if record.values.get("consented_on") is None:
                reason = f"No consent to a multi-customer session: {record['account'].name}"
                record.fail("consented_on", reason)
    return records


def _said_of_session(column: str, value: Any) -> tuple[Any, str]:
    """Return what a row's cell says of its whole session, as compared and as named: the
    industries whatever their case and order, the lead, the length."""
    if column == "industry":
        return frozenset(name.casefold() for name in value), "|".join(value)
    if column == "lead_email":
        return value.pk, value.email
    return value, f"{value} minutes"


def _refuse_disagreeing(rows: list[Record]) -> None:
    """Refuse a row naming other industries, another lead or another length for its
    session than the first row that names any: the session has one of each, so the later
    row would replace the earlier one's. An empty cell agrees with any."""
    for column in ("industry", "lead_email", "duration_minutes"):
        first: tuple[int, Any, str] | None = None
        for record in rows:
            if not record.values.get(column):
                continue
            said, named = _said_of_session(column, record[column])
            if first is None:
                first = (record.row, said, named)
            elif said != first[1]:
                record.fail(
                    column,
                    f"{named!r}, where row {first[0]} gives this session {first[2]!r}: "
                    "every row of a session gives the same",
                )


SESSIONS = Kind(
    name="sessions",
    columns=(
        ACCOUNT,
        Column("kind", cells.choice(SessionKind, "session kind"), required=True),
        Column("topic", required=True),
        date_column(required=True),
        Column("industry", cells.name_list, empty=()),
        Column("lead_email", cells.email, empty=None, refers="member", alone=True),
        date_column("consented_on", required=False),
        Column("duration_minutes", cells.count, empty=None, alone=True),
    ),
    key=("account", "kind", "topic", "date"),
    write=_write_session,
    prepare=_prepare_sessions,
    aliases={
        **ALIASES,
        "lead": "lead_email",
        "duration": "duration_minutes",
        "industries": "industry",
    },
    fields={"lead": "lead_email", "accounts": "consented_on", "industries": "industry"},
)


def _write_use_case(record: Record, lookups: Lookups) -> Outcome:
    return record_use_case_status(
        account=record["account"],
        use_case=record["use_case"],
        date=record["date"],
        status=record["status"],
    )[1]


USE_CASES = Kind(
    name="use_cases",
    columns=(
        ACCOUNT,
        Column("use_case", cells.code(codes.USE_CASES, "use case"), required=True),
        Column("status", cells.choice(Rag, "status"), required=True),
        date_column(required=True),
    ),
    key=("account", "use_case", "date"),
    write=_write_use_case,
    aliases=ALIASES,
)


def _write_health(record: Record, lookups: Lookups) -> Outcome:
    return record_health(
        account=record["account"],
        date=record["date"],
        overall=record["overall"],
        **record.pick("sentiment", "note", updated_by="updated_by_email"),
    )[1]


HEALTH = Kind(
    name="health",
    columns=(
        ACCOUNT,
        date_column(required=True),
        Column("overall", cells.choice(Rag, "health"), required=True),
        Column("sentiment", cells.choice(Rag, "health"), alone=True),
        Column("note"),
        Column("updated_by_email", cells.email, empty=None, refers="member", alone=True),
    ),
    key=("account", "date"),
    write=_write_health,
    aliases={**ALIASES, "updated_by": "updated_by_email", "notes": "note"},
    fields={"updated_by": "updated_by_email"},
)


def _write_milestone(record: Record, lookups: Lookups) -> Outcome:
    return record_milestone(
        account=record["account"], milestone=record["milestone"], reached_on=record["date"]
    )[1]


MILESTONES = Kind(
    name="milestones",
    columns=(
        ACCOUNT,
        Column("milestone", cells.choice(MilestoneKind, "milestone"), required=True),
        date_column(required=True),
    ),
    key=("account", "milestone"),
    write=_write_milestone,
    aliases={**ALIASES, "reached_on": "date"},
    fields={"reached_on": "date"},
)


def _write_usage(record: Record, lookups: Lookups) -> Outcome:
    return record_usage(
        account=record["account"],
        date=record["date"],
        licenses_activated=record["licenses_activated"],
    )[1]


USAGE = Kind(
    name="usage",
    columns=(
        ACCOUNT,
        date_column(required=True),
        Column("licenses_activated", cells.count, required=True, empty=None),
    ),
    key=("account", "date"),
    write=_write_usage,
    aliases=ALIASES,
)


def _write_plan(record: Record, lookups: Lookups) -> Outcome:
    values = record.pick("status", "health", "qualified_on", "shared_on", "reviewed_on")
    return upsert_success_plan(account=record["account"], kind=record["kind"], **values)[1]


SUCCESS_PLANS = Kind(
    name="success_plans",
    columns=(
        ACCOUNT,
        Column("kind", cells.choice(PlanKind, "success plan kind"), required=True),
        Column(
            "status",
            cells.choice(PlanStatus, "plan status"),
            empty=PlanStatus.DRAFT.value,
            alone=True,
        ),
        Column("health", cells.choice(Rag, "health"), alone=True),
        date_column("qualified_on", required=False),
        date_column("shared_on", required=False),
        date_column("reviewed_on", required=False),
    ),
    key=("account", "kind"),
    write=_write_plan,
    aliases=ALIASES,
)


def _write_expansion(record: Record, lookups: Lookups) -> Outcome:
    return upsert_expansion(
        account=record["account"],
        kind=record["kind"],
        opened_on=record["opened_on"],
        changed_on=lookups.today,
        **record.pick("stage", "closed_on", "outcome"),
    )[1]


EXPANSIONS = Kind(
    name="expansions",
    columns=(
        ACCOUNT,
        Column("kind", cells.choice(ExpansionKind, "expansion kind"), required=True),
        date_column("opened_on", required=True),
        Column("stage"),
        date_column("closed_on", required=False),
        Column("outcome", cells.choice(ExpansionOutcome, "expansion outcome")),
    ),
    key=("account", "kind", "opened_on"),
    write=_write_expansion,
    aliases=ALIASES,
)


def _prepare_surveys(records: list[Record], lookups: Lookups) -> list[Record]:
    """Find each row's contact among its account's contacts, by email, and number the
    identical anonymous rows (the second of them is the second such answer)."""
    lookups.load_contacts(r["account"] for r in records if "account" in r.values)
    seen: Counter[tuple] = Counter()
    for record in records:
        email = record.values.get("contact_email")
        if "account" not in record.values:
            continue
        if not email:
            seen[_anonymous_answer(record)] += 1
            record.values["nth"] = seen[_anonymous_answer(record)]
            continue
        contact = lookups.contact(record["account"], email)
        if contact is None:
            record.fail("contact_email", f"{email!r} is not a contact of {record['account'].name}")
        record.values["contact"] = contact
    return records


def _anonymous_answer(record: Record) -> tuple:
    values = record.values
    return (values["account"].pk, values.get("kind"), values.get("date"), values.get("score"))


def _survey_key(record: Record) -> tuple[tuple[str, ...], tuple]:
    """An answer with a contact is the contact's that day; an anonymous one is all it says,
    and which of the file's identical anonymous rows it is (so never a repeated key: the
    preparation numbers them)."""
    if email := record.values.get("contact_email"):
        values = record.values
        columns = ("account", "contact_email", "kind", "date")
        return columns, (values["account"].pk, email.lower(), values["kind"], values["date"])
    return ("account", "kind", "date", "score"), (*_anonymous_answer(record), record.row)


def _write_renewal(record: Record, lookups: Lookups) -> Outcome:
    return record_closed_renewal(
        account=record["account"],
        renewal_date=record["renewal_date"],
        outcome=record["outcome"],
        closed_on=record["closed_on"],
        **record.pick("arr", "renewed_arr"),
    )[1]


RENEWALS = Kind(
    name="renewals",
    columns=(
        ACCOUNT,
        date_column("renewal_date", required=True),
        Column(
            "outcome",
            cells.choice(
                RenewalOutcome,
                "renewal outcome",
                offered=(RenewalOutcome.RENEWED, RenewalOutcome.CHURNED),
            ),
            required=True,
        ),
        date_column("closed_on", required=True),
        Column("arr", cells.amount, empty=None, alone=True),
        Column("renewed_arr", cells.amount, empty=None, alone=True),
    ),
    key=("account", "renewal_date"),
    write=_write_renewal,
    aliases=ALIASES,
)


def _write_survey(record: Record, lookups: Lookups) -> Outcome:
    return record_survey_response(
        account=record["account"],
        kind=record["kind"],
        date=record["date"],
        score=record["score"],
        contact=record.values.get("contact"),
        nth=record.values.get("nth", 1),
    )[1]


SURVEYS = Kind(
    name="surveys",
    columns=(
        ACCOUNT,
        Column("contact_email", cells.email, empty=None, alone=True),
        Column("kind", cells.choice(SurveyKind, "survey kind"), required=True),
        Column("score", cells.count, required=True, empty=None),
        date_column(required=True),
    ),
    key=("account", "contact_email", "kind", "date", "score"),
    natural_key=_survey_key,
    write=_write_survey,
    prepare=_prepare_surveys,
    aliases={**ALIASES, "contact": "contact_email", "email": "contact_email"},
    fields={"contact": "contact_email"},
)
