"""Load the demo book through the same services the import and the UI use."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from rhythm.accounts.models import Account
from rhythm.accounts.services import override_priority, review_priority
from rhythm.demo import people
from rhythm.demo.book import KINDS, DemoBook, build_book
from rhythm.demo.models import DemoLoad
from rhythm.imports.runner import import_rows
from rhythm.meetings.services import record_check_in, record_ebr, record_session
from rhythm.plans.services import upsert_action_item, upsert_objective
from rhythm.renewals.services import record_closed_renewal, record_renewal_review
from rhythm.team.models import TeamMember

Accounts = dict[str, Account]
Members = dict[str, TeamMember]


def demo_anchor(requested: dt.date | None) -> dt.date:
    """Return the date the demo book is built around.

    Once loaded, the book keeps the date of its first load, so loading it again (on any
    later day) rebuilds identical rows and changes nothing.
    """
    first = DemoLoad.objects.order_by("id").first()
    if first is not None:
        return first.anchor
    return requested or timezone.localdate()


def load_demo(requested: dt.date | None = None, say: Callable[[str], None] = print) -> DemoBook:
    """Load (or reload, changing nothing) the demo book in one transaction."""
    book = build_book(demo_anchor(requested))
    with transaction.atomic():
        DemoLoad.objects.get_or_create(anchor=book.today)
        for kind in KINDS:
            report = import_rows(kind, book.rows[kind])
            say(f"  {report}")
        _enable_logins()
        accounts = {a.name: a for a in Account.objects.all()}
        members = {m.email: m for m in TeamMember.objects.all()}
        _load_meetings(book, accounts, members)
        _load_follow_ups(book, accounts, members)
        _load_priorities(book, accounts, members)
    return book


def _enable_logins() -> None:
    """Give demo logins the demo password (once) and the admin the admin site."""
    for member in TeamMember.objects.filter(email__endswith="@" + people.DOMAIN):
        user = member.user
        if not user.has_usable_password():
            user.set_password(people.PASSWORD)
            user.is_staff = user.is_superuser = member.role == "admin"
            user.first_name = member.name
            user.save()


def _load_meetings(book: DemoBook, accounts: Accounts, members: Members) -> None:
    for spec in book.ebrs:
        values = {k: v for k, v in spec.items() if k not in ("account", "csm")}
        record_ebr(
            account=accounts[spec["account"]],
            logged_by=members[people.email(spec["csm"])],
            **values,
        )
    for spec in book.check_ins:
        values = {k: v for k, v in spec.items() if k not in ("account", "csm")}
        record_check_in(
            account=accounts[spec["account"]],
            logged_by=members[people.email(spec["csm"])],
            **values,
        )
    for spec in book.sessions:
        record_session(
            kind=spec["kind"],
            topic=spec["topic"],
            date=spec["date"],
            industries=spec["industries"],
            lead=members[people.email(spec["lead"])],
            accounts=[
                (accounts[a.name], spec["date"] - dt.timedelta(days=14)) for a in spec["accounts"]
            ],
            duration_minutes=90 if spec["kind"] == "workshop" else 60,
        )


def _load_follow_ups(book: DemoBook, accounts: Accounts, members: Members) -> None:
    """Load closed renewals, renewal reviews, plan objectives and triage actions."""
    for spec in book.renewals:
        account = accounts[spec["account"]]
        if spec["kind"] == "closed":
            record_closed_renewal(
                account=account,
                renewal_date=spec["renewal_date"],
                outcome="renewed",
                closed_on=spec["closed_on"],
                arr=spec["arr"],
                renewed_arr=spec["renewed_arr"],
            )
            continue
        renewal = account.renewals.get(renewal_date=spec["renewal_date"])
        record_renewal_review(
            renewal=renewal,
            stage=spec["stage"],
            held_on=spec["held_on"],
            attendee_emails=spec["attendee_emails"],
            logged_by=members[people.email(spec["csm"])],
        )
    for spec in book.plan_items:
        account = accounts[spec["account"]]
        values = {k: v for k, v in spec.items() if k not in ("kind", "account")}
        if spec["kind"] == "objective":
            plan = account.success_plans.get(kind="roi")
            values["customer_owner"] = account.contacts.get(email=values["customer_owner"])
            values["vendor_owner"] = members[values["vendor_owner"]]
            upsert_objective(plan=plan, **values)
        else:
            values["owner_member"] = members[values.pop("owner")]
            upsert_action_item(account=account, **values)


def _load_priorities(book: DemoBook, accounts: Accounts, members: Members) -> None:
    """Record priority reviews and the manager's one override."""
    manager = members[people.email(people.MANAGER[0])]
    for spec in book.priorities:
        account = accounts[spec["account"]]
        if spec["kind"] == "review":
            review_priority(account=account, reviewed_on=spec["reviewed_on"], by=manager)
        else:
            at = dt.datetime.combine(spec["at"], dt.time(9), tzinfo=dt.UTC)
            override_priority(
                account=account, priority=spec["priority"], reason=spec["reason"], by=manager, at=at
            )
