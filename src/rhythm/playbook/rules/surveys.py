"""Surveys (handbook 004 4.1): NPS-1."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rhythm.playbook.rules.dates import Calendar, every, iso, shift
from rhythm.playbook.rules.derived import codes, norm
from rhythm.playbook.rules.facts import AccountFacts
from rhythm.playbook.rules.items import RuleContext, WorkItem, keep

if TYPE_CHECKING:
    from rhythm.playbook.rules.status import AccountStatus
    from rhythm.playbook.settings import PlaybookSettings


def survey_due(facts: AccountFacts, status: AccountStatus, ctx: RuleContext) -> list[WorkItem]:
    """Collect an NPS or CSAT response from every account every 6 months (NPS-1).

    Twice a year keeps satisfaction visible before it shows up in a renewal; a new
    account counts from its initial transaction. An interval in business days skips the
    public holidays of the account's working region.
    """
    facts = facts.as_of(ctx.today)
    interval = ctx.settings.surveys.every
    kinds = codes(ctx.settings.surveys.kinds)
    answers = sorted(s.on for s in facts.surveys if norm(s.kind) in kinds)
    start = facts.initial_transaction_date
    since = answers[-1] if answers else start
    region = facts.working_region
    due = shift(since, interval, calendar=ctx.calendar, region=region) if since else None
    if not ctx.shows("NPS-1", due):
        return []
    if answers:
        ago = ctx.days_ago(answers[-1])
        why = f"Last survey response {iso(answers[-1])}, {ago}; collect one {every(interval)}."
    elif start:
        why = (
            f"No survey response since the initial transaction on {iso(start)}; "
            f"collect one {every(interval)}."
        )
    else:
        why = f"No survey response yet; collect one {every(interval)}."
    action = "Send the NPS or CSAT survey and record the response."
    return keep(ctx.item("NPS-1", facts, due=due, why=why, action=action))


@dataclass(frozen=True)
class NetPromoterScore:
    """NPS over a period: promoters minus detractors, in percent of responses."""

    responses: int
    promoters: int
    detractors: int

    @property
    def score(self) -> float | None:
        """Return % promoters minus % detractors, or None without responses."""
        if not self.responses:
            return None
        return round(100 * (self.promoters - self.detractors) / self.responses, 1)


def net_promoter_score(
    accounts: Sequence[AccountFacts],
    settings: PlaybookSettings,
    today: dt.date,
    calendar: Calendar | None = None,
) -> NetPromoterScore:
    """Compute NPS from the NPS responses of the last 6 months (NPS-1).

    Both ends are included: an answer of exactly 6 months ago still counts, as NPS-1
    has the next one due, not late, that day. The months are counted forwards from each
    answer, as NPS-1 counts them: an answer of 28 February counts until 28 August, not
    until 31 August (which 6 calendar months back from would reach). Promoters answer 9
    or 10, detractors 0 to 6 (settings); passives count only in the total. A period in
    business days is each answer's account's, as NPS-1 counts it: it skips the public
    holidays of the account's working region in `calendar`.
    """
    period = settings.surveys.nps_period
    scores = [
        s.score
        for facts in accounts
        for s in facts.as_of(today).surveys
        if norm(s.kind) == "nps"
        and s.on <= today <= shift(s.on, period, calendar=calendar, region=facts.working_region)
    ]
    return NetPromoterScore(
        responses=len(scores),
        promoters=sum(1 for s in scores if s >= settings.surveys.promoter_min),
        detractors=sum(1 for s in scores if s <= settings.surveys.detractor_max),
    )
