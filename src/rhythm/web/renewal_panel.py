"""The account's renewal as its page shows it: the open one with its reviews, the closed
ones, and the form that closes the open one (REN-1, REN-2, REN-6)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rhythm.accounts.models import Account
from rhythm.renewals.models import Renewal
from rhythm.renewals.queries import closed_renewals, open_renewal
from rhythm.web.forms import CloseRenewalForm, form_ids


@dataclass(frozen=True)
class RenewalSection:
    """The open renewal (None when there is none), the closed ones, and the closing form."""

    open: Renewal | None
    closed: list[Renewal]
    close_form: CloseRenewalForm | None


def renewal_section(user: Any, account: Account, bound: Mapping[str, Any]) -> RenewalSection:
    """Build the section; `bound` may hold a submitted "renewal" form."""
    current = open_renewal(user, account)
    form = bound.get("renewal")
    if form is None and current is not None:
        form = CloseRenewalForm(renewal_date=current.renewal_date, auto_id=form_ids("renewal"))
    return RenewalSection(open=current, closed=closed_renewals(user, account), close_form=form)
