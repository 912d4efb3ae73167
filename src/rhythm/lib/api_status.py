"""The HTTP status an API write answers with, from what its service did."""

from __future__ import annotations

from rhythm.lib.upsert import Outcome


def status_of(outcome: Outcome) -> int:
    """Answer 201 for a record created, 200 for one updated or already as sent."""
    return 201 if outcome == "created" else 200
