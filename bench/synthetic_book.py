"""Fill the database with a large synthetic book, in bulk, chunk by chunk.

Each account gets a CSM (20 accounts per CSM, 10 CSMs per manager), 10 activities over
the last year, 3 contacts (a champion, a director, a VP decision-maker), a health update,
two use-case statuses and an open renewal.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db import transaction

from rhythm.accounts.models import Account, AccountTeamMember
from rhythm.adoption.models import UseCaseStatus
from rhythm.contacts.models import Contact
from rhythm.health.models import HealthUpdate
from rhythm.renewals.models import Renewal
from rhythm.team.models import TeamMember
from rhythm.timeline.models import Activity

CHUNK = 5_000
KINDS = ["cadence_call"] * 7 + ["workshop", "ad_hoc_call", "ebr"]
SEGMENTS = ["strategic", "enterprise", "mid-market", "smb"]
DAY = dt.timedelta(days=1)


def team(accounts: int) -> list[TeamMember]:
    """Create the managers and CSMs; return the CSMs."""
    users = get_user_model()
    managers_needed, csms_needed = max(1, accounts // 200), max(1, accounts // 20)
    emails = [f"manager{n}@bench.example" for n in range(managers_needed)]
    emails += [f"csm{n}@bench.example" for n in range(csms_needed)]
    users.objects.bulk_create(users(username=e, email=e, password="!") for e in emails)
    user_ids = dict(users.objects.filter(email__in=emails).values_list("email", "id"))
    managers = TeamMember.objects.bulk_create(
        TeamMember(user_id=user_ids[e], email=e, name=e.split("@")[0], role="manager")
        for e in emails[:managers_needed]
    )
    return TeamMember.objects.bulk_create(
        TeamMember(
            user_id=user_ids[e],
            email=e,
            name=e.split("@")[0],
            role="csm",
            region=["AMER", "EMEA", "APAC"][n % 3],
            manager=managers[n // 10 % len(managers)],
        )
        for n, e in enumerate(emails[managers_needed:])
    )


def fill(accounts: int, today: dt.date, rng: random.Random) -> None:
    """Create the whole book: the team, then the accounts and their history in chunks."""
    csms = team(accounts)
    for start in range(0, accounts, CHUNK):
        with transaction.atomic():
            _chunk(range(start, min(start + CHUNK, accounts)), csms, today, rng)
        print(f"  {min(start + CHUNK, accounts):,} accounts", flush=True)


def _chunk(numbers: range, csms: list[TeamMember], today: dt.date, rng: random.Random) -> None:
    created = Account.objects.bulk_create(
        Account(
            name=f"Account {n:06d}",
            segment=SEGMENTS[n % 4],
            region=["AMER", "EMEA", "APAC"][n % 3],
            industry=["Finance", "Healthcare", "Retail", "Software"][n % 4],
            tier="ultimate" if n % 3 else "premium",
            arr=rng.randrange(20_000, 1_500_000, 1_000),
            licenses_purchased=rng.choice([100, 500, 1000]),
            licenses_activated=rng.randrange(0, 100),
            deployment="saas",
            initial_transaction_date=today - DAY * rng.randrange(60, 1500),
        )
        for n in numbers
    )
    AccountTeamMember.objects.bulk_create(
        AccountTeamMember(account=a, member=csms[n // 20 % len(csms)], role="csm")
        for a, n in zip(created, numbers, strict=True)
    )
    Activity.objects.bulk_create(
        Activity(
            account=a, kind=kind, date=today - DAY * rng.randrange(1, 365), duration_minutes=30
        )
        for a in created
        for kind in KINDS
    )
    Contact.objects.bulk_create(
        Contact(
            account=a,
            name=f"{persona} {a.pk}",
            email=f"{persona}{a.pk}@c.example",
            persona=persona,
            decision_maker=persona == "vp",
        )
        for a in created
        for persona in ("champion", "director", "vp")
    )
    HealthUpdate.objects.bulk_create(
        HealthUpdate(
            account=a,
            date=today - DAY * rng.randrange(1, 90),
            overall=rng.choice(["green", "green", "yellow", "red"]),
        )
        for a in created
    )
    UseCaseStatus.objects.bulk_create(
        UseCaseStatus(
            account=a,
            use_case=use_case,
            status=rng.choice(["green", "yellow", "red"]),
            date=today - DAY * rng.randrange(1, 200),
        )
        for a in created
        for use_case in ("ci", "devsecops")
    )
    Renewal.objects.bulk_create(
        Renewal(account=a, renewal_date=today + DAY * rng.randrange(1, 365), arr=a.arr)
        for a in created
    )
