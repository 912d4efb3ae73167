"""The accounts kind: an account's facts, its team's seats, and its open renewal."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from rhythm.accounts.models import Account, Deployment, TeamRole
from rhythm.accounts.services import ACCOUNT_FIELDS, set_account_team, upsert_account
from rhythm.imports import cells
from rhythm.imports.kinds.base import Column, Kind, Lookups, Record, date_column
from rhythm.lib import codes
from rhythm.lib.upsert import Outcome
from rhythm.renewals.models import RenewalOutlook
from rhythm.renewals.services import open_renewal_before_start, upsert_open_renewal

SEATS = {f"{role}_email": role for role in TeamRole.values}


def _prepare_accounts(records: list[Record], lookups: Lookups) -> list[Record]:
    """Refuse an outlook without a renewal date: a renewal is known by its date. Load the
    accounts the rows name in bulk, so that each row does not search every account."""
    for record in records:
        if record.values.get("renewal_outlook") and not record.values.get("renewal_date"):
            record.fail("renewal_outlook", "needs a renewal_date")
    lookups.load_accounts(_key(record["name"]) for record in records if "name" in record.values)
    return records


def _key(name: str) -> str:
    return name.strip().lower()


def _check_open_renewal(account: Account) -> None:
    """Refuse an initial transaction moved after the open renewal the row leaves as it is."""
    if refused := open_renewal_before_start(account):
        reason = f"{refused.removesuffix('.')}; give the row its renewal_date too."
        raise ValidationError({"initial_transaction_date": [reason]})


def _write_account(record: Record, lookups: Lookups) -> Outcome:
    account, outcome = upsert_account(
        name=record["name"],
        find=lambda name: lookups.accounts.get(_key(name)),
        **record.pick(*sorted(ACCOUNT_FIELDS)),
    )
    seats = {role: record[column] for column, role in SEATS.items() if column in record.values}
    changed = set_account_team(account, seats)
    renewal_date = record.values.get("renewal_date")
    if renewal_date:
        outlook = record.values.get("renewal_outlook") or RenewalOutlook.FLAT.value
        renewal = upsert_open_renewal(
            account=account,
            renewal_date=renewal_date,
            **({"outlook": outlook} if "renewal_outlook" in record.values else {}),
        )[1]
        changed = changed or renewal != "unchanged"
    elif "initial_transaction_date" in record.values:
        _check_open_renewal(account)
    lookups.accounts[_key(account.name)] = account
    return "updated" if outcome == "unchanged" and changed else outcome


ACCOUNTS = Kind(
    name="accounts",
    columns=(
        Column("name", required=True),
        Column("segment", cells.code(codes.SEGMENTS, "segment"), required=True),
        Column("region", cells.code(codes.REGIONS, "region"), alone=True),
        Column("industry"),
        Column("tier", cells.code(codes.TIERS, "tier"), alone=True),
        Column("arr", cells.amount, empty=None, alone=True),
        Column("licenses_purchased", cells.count, empty=None, alone=True),
        Column("licenses_activated", cells.count, empty=None, alone=True),
        Column("deployment", cells.choice(Deployment, "deployment"), alone=True),
        # The open renewal is checked against the initial transaction, and either's absence
        # changes what is checked: neither is alone.
        date_column("initial_transaction_date", required=False),
        date_column("renewal_date", required=False),
        Column("renewal_outlook", cells.choice(RenewalOutlook, "renewal outlook"), alone=True),
        *(Column(column, cells.email, empty=None, refers="member", alone=True) for column in SEATS),
    ),
    key=("name",),
    write=_write_account,
    prepare=_prepare_accounts,
    aliases={
        "account": "name",
        "account_name": "name",
        "outlook": "renewal_outlook",
        **{column.removesuffix("_email"): column for column in SEATS},
    },
    fields={"outlook": "renewal_outlook", **{role: column for column, role in SEATS.items()}},
)
