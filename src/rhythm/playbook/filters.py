"""The one filter of work items: by rule, state, account and CSM.

The My day page builds it from its GET form and the API from its query; both then keep the
items with `ItemFilter.apply`, so "filter by rule" means the same thing everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rhythm.playbook.rules.derived import norm
from rhythm.playbook.rules.items import STATES, WorkItem

__all__ = ["STATES", "ItemFilter"]


@dataclass(frozen=True)
class ItemFilter:
    """Which work items to keep; a field left empty keeps every item.

    Rules and emails compare ignoring case ("cad-1" is CAD-1); the account is its id.
    """

    rule: str | None = None
    state: str | None = None
    account_id: int | None = None
    csm: str | None = None

    def matches(self, item: WorkItem) -> bool:
        """Tell whether one item passes every criterion that is set."""
        return (
            (not self.rule or norm(item.rule) == norm(self.rule))
            and (not self.state or item.state == norm(self.state))
            and (self.account_id is None or item.account_id == self.account_id)
            and (not self.csm or norm(item.csm) == norm(self.csm))
        )

    def apply(self, items: Iterable[WorkItem]) -> tuple[WorkItem, ...]:
        """Return the items that match, in their queue order."""
        return tuple(item for item in items if self.matches(item))

    @property
    def active(self) -> bool:
        """Tell whether any criterion is set."""
        return bool(self.rule or self.state or self.account_id is not None or self.csm)
