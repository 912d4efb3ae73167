"""`rhythm log ACCOUNT --kind KIND --date DATE ...`: log an activity on an account."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils import timezone

from rhythm.accounts.models import Account
from rhythm.lib.cli import DataCommand, parse_date, validation_to_command_error
from rhythm.lib.lookups import close_to, did_you_mean, matching
from rhythm.meetings.services import log_held
from rhythm.team.models import TeamMember
from rhythm.timeline.models import ActivityKind

# The service's fields, as the options that give them.
OPTIONS = {
    "kind": "--kind",
    "date": "--date",
    "duration_minutes": "--duration",
    "attendees": "--attendees",
    "notes": "--notes",
}


class Command(DataCommand):
    help = "Log an activity (a call, meeting, workshop...) on an account's timeline."

    def add_arguments(self, parser):
        parser.add_argument("account", help="The account's name (case-insensitive).")
        parser.add_argument("--kind", required=True, choices=ActivityKind.values)
        parser.add_argument("--date", help="YYYY-MM-DD; default today.")
        parser.add_argument("--duration", type=int, help="Minutes.")
        parser.add_argument(
            "--attendees", default="", help="Emails separated by ',' or ';' (quote the list)."
        )
        parser.add_argument("--notes", default="")
        parser.add_argument("--by", help="Email of the team member who logs it.")

    def handle(self, *args, **options):
        account = matching(Account.objects.all(), "name", options["account"]).first()
        if account is None:
            near = did_you_mean(close_to(Account.objects.all(), "name", options["account"]))
            raise CommandError(f"No account named {options['account']!r}{near or '.'}")
        logged_by = None
        if options["by"]:
            logged_by = TeamMember.objects.filter(email__iexact=options["by"].strip()).first()
            if logged_by is None:
                near = did_you_mean(close_to(TeamMember.objects.all(), "email", options["by"]))
                raise CommandError(
                    f"--by: no team member with email {options['by']!r}{near or '.'}"
                )
        given = options["date"]
        date = parse_date(given, "--date") if given is not None else timezone.localdate()
        try:
            activity, outcome = log_held(
                account=account,
                kind=options["kind"],
                date=date,
                duration_minutes=options["duration"],
                notes=options["notes"],
                attendee_emails=re.split(r"[;,]", options["attendees"]),
                logged_by=logged_by,
            )
        except ValidationError as error:
            raise validation_to_command_error(error, OPTIONS) from None
        done = "Already logged" if outcome == "unchanged" else "Logged"
        self.stdout.write(
            f"{done} {activity.get_kind_display().lower()} on {account.name} "
            f"for {activity.date.isoformat()} (#{activity.pk})."
        )
