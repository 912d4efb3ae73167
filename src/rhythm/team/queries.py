"""Reads of team members' records that are not customer data: their time off."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import QuerySet
from django.db.models.functions import Lower

from rhythm.team.models import TimeOff


def list_time_off(emails: Iterable[str], since: dt.date) -> QuerySet[TimeOff]:
    """Return the time off of these members that ends on or after `since`, earliest first.

    The dashboard asks for the CSMs in the asker's view, so the scoping is its list.
    """
    wanted = [email.casefold() for email in emails]
    periods = TimeOff.objects.annotate(email=Lower("member__email")).filter(email__in=wanted)
    return periods.filter(ends_on__gte=since).select_related("member").order_by("starts_on")
