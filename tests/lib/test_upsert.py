"""The upsert helpers: an update writes only the columns it changed."""

import pytest

from rhythm.accounts.models import Account
from rhythm.lib.upsert import save_changes

pytestmark = pytest.mark.django_db


def test_two_instances_read_at_once_each_keep_their_own_change(account):
    first = Account.objects.get(pk=account.pk)
    second = Account.objects.get(pk=account.pk)  # read before the first is saved

    assert save_changes(first, {"industry": "Shipbuilding"}) == "updated"
    assert save_changes(second, {"region": "Antarctica"}) == "updated"

    account.refresh_from_db()
    assert (account.industry, account.region) == ("Shipbuilding", "Antarctica")


def test_an_update_still_stamps_the_rows_last_change(account):
    stamped = account.updated_at

    save_changes(account, {"industry": "Shipbuilding"})

    account.refresh_from_db()
    assert account.updated_at > stamped
