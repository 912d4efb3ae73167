"""KPIs per group from a work queue: the accounts of `kpis_of`, split, no state derived again."""

import datetime as dt

import pytest

from rhythm.playbook.queue import Scope, grouped_kpis_of, kpis_of, work_queue
from tests.queue.test_imported_book import imported  # noqa: F401  (the fixture)


def test_grouped_kpis_split_the_queue_s_kpis_on_the_states_it_derived(
    imported,  # noqa: F811
    monkeypatch,
):
    work = work_queue(None, Scope(csm="cal@team.test"), dt.date(2026, 11, 22))
    whole = kpis_of(work)

    def derived_again(*args, **kwargs):
        raise AssertionError("an account's state was derived again")

    monkeypatch.setattr("rhythm.playbook.rules.kpis.account_status", derived_again)
    cohorts = grouped_kpis_of(work, "cohort")
    assert [(group.name, group.kpis.accounts) for group in cohorts] == [
        ("2024-Q1", 1),
        ("2024-Q2", 1),
    ]
    assert sum(group.kpis.p1_share.count for group in cohorts) == whole.p1_share.count == 1
    [segment] = grouped_kpis_of(work, "segment")
    assert (segment.name, segment.kpis) == ("enterprise", whole)
    with pytest.raises(ValueError, match="group by one of csm, region, segment, industry, cohort"):
        grouped_kpis_of(work, "tier")
