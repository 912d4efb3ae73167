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
    examples = (
        'rhythm log "Northwind Bank" --kind cadence_call --by alex.chen@rhythm.example',
        'rhythm log "Northwind Bank" --kind ebr --date 2026-06-12 --duration 60 --notes "Goals"',
    )

    def add_arguments(self, parser):
        parser.add_argument("account", help="The account's name (case-insensitive).")
        parser.add_argument(
            "--kind",
            required=True,
            choices=ActivityKind.values,
            metavar="KIND",
            help=f"What was held: {', '.join(ActivityKind.values)}.",
        )
        parser.add_argument("--date", metavar="DATE", help="YYYY-MM-DD; default today.")
        parser.add_argument("--duration", type=int, metavar="MINUTES", help="Minutes.")
        parser.add_argument(
            "--attendees",
            default="",
            metavar="EMAILS",
            help="Emails separated by ',' or ';' (quote the list).",
        )
        parser.add_argument("--notes", default="", help="What was said or agreed.")
        parser.add_argument("--by", metavar="EMAIL", help="Email of the team member who logs it.")

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
