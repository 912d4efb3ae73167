"""Load the histories: activities, use cases, milestones, usage, plans, action items."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Case, F, Max, Min, Q, QuerySet, Value, When, Window
from django.db.models.fields import BooleanField
from django.db.models.functions import RowNumber

from rhythm.adoption.models import LicenseUsage, Milestone, UseCaseStatus
from rhythm.plans.models import ActionItem, Objective, SuccessPlan
from rhythm.playbook.facts.common import Grouped, Period, group, raw_rows
from rhythm.playbook.rules import facts as f
from rhythm.timeline.models import Activity


def load_activities(ids: QuerySet, window: Period) -> Grouped:
    """Keep every activity inside the window; before it, what the rules ask of each kind.

    That is the first and the last of the kind, the first since the initial transaction
    (engagement starts there, TTV-1: a meeting before the sale is not the first), and the
    last one with notes (MGR-1's onboarding notes), which may be long before the window.
    """
    has_notes = Case(When(notes="", then=Value(False)), default=Value(True))
    recent = (
        Activity.objects.filter(account_id__in=ids, date__gt=window.since, date__lte=window.today)
        .annotate(has_notes=has_notes)
        .order_by("date")
        .values_list("account_id", "kind", "date", "has_notes")
    )
    older = (
        Activity.objects.filter(account_id__in=ids, date__lte=window.since)
        .values("account_id", "kind")
        .annotate(
            first=Min("date"),
            first_as_customer=Min("date", filter=_AS_CUSTOMER),
            last=Max("date"),
            last_noted=Max("date", filter=~Q(notes="")),
        )
        .values_list("account_id", "kind", "first", "first_as_customer", "last", "last_noted")
    )
    grouped: Grouped = defaultdict(list)
    for account_id, kind, *days, noted in raw_rows(older, dates=(2, 3, 4, 5)):
        kept = dict.fromkeys(filter(None, days), False)
        if noted:
            kept[noted] = True
        for on in sorted(kept):
            grouped[account_id].append(f.ActivityFact(kind=kind, on=on, has_notes=kept[on]))
    for account_id, kind, on, noted in raw_rows(recent, dates=(2,)):
        grouped[account_id].append(f.ActivityFact(kind=kind, on=on, has_notes=bool(noted)))
    return grouped


# A record dated on or after its account's initial transaction (or of an account without
# one): before it, the account was not a customer yet, and the rules leave it out of the
# firsts they count from the sale (TTV-1's engagement, TTV-3's first value).
_AS_CUSTOMER = Q(account__initial_transaction_date__isnull=True) | Q(
    date__gte=F("account__initial_transaction_date")
)


def load_use_cases(ids: QuerySet, window: Period) -> Grouped:
    rows = (
        UseCaseStatus.objects.filter(account_id__in=ids, date__lte=window.today)
        .order_by("date")
        .values_list("account_id", "use_case", "status", "date")
    )
    return group(
        raw_rows(rows, dates=(3,)),
        lambda row: f.UseCaseFact(use_case=row[1], status=row[2], on=row[3]),
    )


def load_milestones(ids: QuerySet, window: Period) -> dict[int, f.Milestones]:
    dates: dict[int, dict[str, dt.date]] = defaultdict(dict)
    rows = Milestone.objects.filter(account_id__in=ids, reached_on__lte=window.today)
    for account_id, name, reached_on in rows.values_list("account_id", "milestone", "reached_on"):
        dates[account_id][name] = reached_on
    return {account_id: f.Milestones(**named) for account_id, named in dates.items()}


def load_usage(ids: QuerySet, window: Period) -> Grouped:
    """Keep usage inside the window; before it, the first record at first value since the
    initial transaction, and the last.

    Those older records answer every question the rules ask (TTV-3's first value, the
    activated count), so years of daily usage need not be loaded. First value is kept for
    each threshold in force (`Period.first_value_percents`: teams and segments may differ).
    """
    usage = LicenseUsage.objects.filter(account_id__in=ids, date__lte=window.today)
    by_account = [F("account_id")]
    marks: dict[str, Any] = {
        "newest": Window(RowNumber(), partition_by=by_account, order_by=F("date").desc())
    }
    kept = Q(newest=1)
    for index, percent in enumerate(window.first_value_percents):
        threshold = F("account__licenses_purchased") * percent / 100
        reached = Case(
            When(Q(licenses_activated__gte=threshold) & _AS_CUSTOMER, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
        marks[f"reached_{index}"] = reached
        marks[f"earliest_{index}"] = Window(
            RowNumber(), partition_by=[*by_account, reached], order_by=F("date").asc()
        )
        kept |= Q(**{f"earliest_{index}": 1, f"reached_{index}": True})
    older = (
        usage.filter(date__lte=window.since)
        .annotate(**marks)
        .filter(kept)
        .values_list("account_id", "date", "licenses_activated")
    )
    recent = usage.filter(date__gt=window.since).values_list(
        "account_id", "date", "licenses_activated"
    )
    rows = sorted([*older, *recent], key=lambda row: row[1])
    return group(rows, lambda row: f.UsageFact(on=row[1], licenses_activated=row[2]))


def load_plans(ids: QuerySet) -> Grouped:
    objectives = group(
        Objective.objects.filter(plan__account_id__in=ids)
        .order_by("id")
        .values_list(
            "plan_id",
            "outcome",
            "metric",
            "target",
            "target_date",
            "customer_owner_id",
            "vendor_owner_id",
        ),
        lambda row: f.ObjectiveFact(
            outcome=row[1],
            has_metric=bool(row[2]),
            has_target=row[3] is not None,
            target_date=row[4],
            has_customer_owner=row[5] is not None,
            has_vendor_owner=row[6] is not None,
        ),
    )
    rows = (
        SuccessPlan.objects.filter(account_id__in=ids)
        .order_by("kind")
        .values_list(
            "account_id",
            "id",
            "kind",
            "status",
            "health",
            "qualified_on",
            "shared_on",
            "reviewed_on",
        )
    )
    return group(
        rows,
        lambda row: f.SuccessPlanFact(
            kind=row[2],
            status=row[3],
            health=row[4],
            qualified_on=row[5],
            shared_on=row[6],
            reviewed_on=row[7],
            objectives=tuple(objectives.get(row[1], ())),
        ),
    )


def load_action_items(ids: QuerySet, window: Period) -> Grouped:
    rows = (
        ActionItem.objects.filter(account_id__in=ids, created_on__lte=window.today)
        .order_by("created_on")
        .values_list("account_id", "created_on", "status", "done_on", "due_on", "origin")
    )
    return group(
        rows,
        lambda row: f.ActionItemFact(
            created_on=row[1], status=row[2], done_on=row[3], due_on=row[4], origin=row[5]
        ),
    )
