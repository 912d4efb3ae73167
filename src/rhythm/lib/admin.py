"""What the Django admin may change: only what no service function writes."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

# Shown at the top of a record's page in the admin, beside the record's fields.
RECORDED_ELSEWHERE = (
    "Recorded on the account page, through the API or by an import, whose checks and "
    "follow-ups (a review's timeline entry, a renewal's successor, a closing) the admin "
    "would skip: read it here, change it there."
)


class RecordedElsewhere:
    """Show a record in the admin without adding, changing or deleting it.

    Every write of customer work goes through a service function (`record_health`,
    `log_held`, `record_closed_renewal`...) that checks it and records what follows from it;
    an admin form saving the row itself would skip both, so a superuser could, say, close a
    renewal without opening the next one, or move an activity a renewal review points at.
    """

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
