"""PRIO-2 overrides and PRIO-4 reviews through the account services."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from rhythm.accounts.services import override_priority, review_priority
from tests.apiclient import post_json


def test_manager_overrides_with_reason_and_it_counts_as_a_review(account, manager):
    override_priority(account=account, priority="P1", reason="Exec escalation", by=manager)
    account.refresh_from_db()
    assert (account.priority_override, account.priority_override_reason) == (
        "P1",
        "Exec escalation",
    )
    assert account.priority_override_by == manager
    assert account.priority_reviewed_on is not None


def test_removing_the_override_clears_who_and_why(account, manager):
    override_priority(account=account, priority="P1", reason="Escalation", by=manager)
    override_priority(account=account, priority="", reason="", by=manager)
    account.refresh_from_db()
    assert account.priority_override == "" and account.priority_override_by is None


@pytest.mark.parametrize(
    ("priority", "reason", "field"),
    [("P3", "why", "priority"), ("P1", "  ", "reason")],
    ids=["unknown-priority", "no-reason"],
)
def test_bad_override_is_refused_and_nothing_changes(account, manager, priority, reason, field):
    with pytest.raises(ValidationError) as raised:
        override_priority(account=account, priority=priority, reason=reason, by=manager)
    assert field in raised.value.message_dict
    account.refresh_from_db()
    assert account.priority_override == ""


def test_a_csm_may_not_override(account, alice):
    with pytest.raises(PermissionDenied):
        override_priority(account=account, priority="P1", reason="I want to", by=alice)
    account.refresh_from_db()
    assert account.priority_override == ""


def test_review_cannot_be_in_the_future(account):
    with pytest.raises(ValidationError, match="2099-01-01 is in the future; record a review once"):
        review_priority(account=account, reviewed_on=dt.date(2099, 1, 1))
    review_priority(account=account, reviewed_on=dt.date(2026, 11, 1))
    account.refresh_from_db()
    assert account.priority_reviewed_on == dt.date(2026, 11, 1)


def test_an_older_review_keeps_the_latest(client, alice, account):
    """A review backdated after a newer one moved the date back and made PRIO-4 late again."""
    url = f"/api/v1/accounts/{account.pk}/priority/review"
    today = timezone.localdate()
    assert post_json(client, url, {}, alice).status_code == 200
    earlier = (today - dt.timedelta(days=300)).isoformat()
    older = post_json(client, url, {"reviewed_on": earlier}, alice)
    assert older.status_code == 200
    assert older.json()["priority_reviewed_on"] == today.isoformat()
    account.refresh_from_db()
    assert account.priority_reviewed_on == today
