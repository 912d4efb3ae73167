"""The naive way, for comparison: load each account's facts with its own ORM queries.

It reads the same tables as the set-based loader, one account at a time (about 15
queries an account), then runs the same rules on each account alone.
"""

from __future__ import annotations

import datetime as dt

from rhythm.accounts.models import Account
from rhythm.playbook.rules import facts as f
from rhythm.playbook.rules.engine import evaluate_account
from rhythm.playbook.settings import PlaybookSettings


def account_facts(account: Account, today: dt.date) -> f.AccountFacts:
    """Build one account's facts with a query per related table (what the loader avoids)."""
    csm = account.team.filter(role="csm").select_related("member").first()
    return f.AccountFacts(
        account_id=account.pk,
        name=account.name,
        segment=account.segment,
        region=account.region,
        tier=account.tier,
        arr=account.arr,
        licenses_purchased=account.licenses_purchased,
        licenses_activated=account.licenses_activated,
        initial_transaction_date=account.initial_transaction_date,
        csm_email=csm.member.email if csm else None,
        activities=tuple(
            f.ActivityFact(kind=a.kind, on=a.date, has_notes=bool(a.notes))
            for a in account.activities.filter(date__lte=today)
        ),
        contacts=tuple(
            f.ContactFact(
                contact_id=c.pk, name=c.name, persona=c.persona, decision_maker=c.decision_maker
            )
            for c in account.contacts.all()
        ),
        health=tuple(
            f.HealthFact(on=h.date, overall=h.overall)
            for h in account.health_updates.filter(date__lte=today)
        ),
        use_cases=tuple(
            f.UseCaseFact(use_case=u.use_case, status=u.status, on=u.date)
            for u in account.use_cases.filter(date__lte=today)
        ),
        renewals=tuple(
            f.RenewalFact(
                renewal_date=r.renewal_date,
                arr=r.arr,
                outlook=r.outlook,
                reviews=tuple(
                    f.RenewalReviewFact(stage=v.stage, held_on=v.held_on)
                    for v in r.reviews.filter(held_on__lte=today)
                ),
            )
            for r in account.renewals.all()
        ),
        ebrs=tuple(
            f.EbrFact(
                planned_on=e.planned_on,
                held_on=e.held_on,
                status=e.status,
                planned_at=e.planned_at,
            )
            for e in account.ebrs.all()
        ),
        check_ins=tuple(
            f.CheckInFact(planned_on=c.planned_on, held_on=c.held_on, planned_at=c.planned_at)
            for c in account.check_ins.all()
        ),
        expansions=tuple(
            f.ExpansionFact(kind=x.kind, opened_on=x.opened_on, closed_on=x.closed_on)
            for x in account.expansions.filter(opened_on__lte=today)
        ),
        success_plans=tuple(
            f.SuccessPlanFact(kind=p.kind, status=p.status, health=p.health)
            for p in account.success_plans.all()
        ),
        surveys=tuple(
            f.SurveyFact(kind=v.kind, score=v.score, on=v.date)
            for v in account.surveys.filter(date__lte=today)
        ),
        usage=tuple(
            f.UsageFact(on=u.date, licenses_activated=u.licenses_activated)
            for u in account.usage.filter(date__lte=today)
        ),
        action_items=tuple(
            f.ActionItemFact(created_on=a.created_on, status=a.status, done_on=a.done_on)
            for a in account.action_items.filter(created_on__lte=today)
        ),
        milestones=f.Milestones(**dict(account.milestones.values_list("milestone", "reached_on"))),
    )


def naive_queue(settings: PlaybookSettings, today: dt.date, sample: int) -> int:
    """Evaluate `sample` accounts one by one; return how many were evaluated."""
    accounts = list(Account.objects.order_by("id")[:sample])
    for account in accounts:
        evaluate_account(account_facts(account, today), settings, today)
    return len(accounts)
