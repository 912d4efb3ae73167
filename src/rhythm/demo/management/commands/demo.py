"""`rhythm demo [--on DATE]`: load the demo book and print the logins."""

from __future__ import annotations

from rhythm.demo import people
from rhythm.demo.loader import load_demo
from rhythm.lib.cli import DataCommand, parse_date
from rhythm.team.models import TeamMember


class Command(DataCommand):
    help = "Load the demo book: a manager's team and a year of history on 48 accounts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--on",
            metavar="DATE",
            help="Anchor the book on this date (YYYY-MM-DD) at first load; default today.",
        )

    def handle(self, *args, **options):
        requested = parse_date(options["on"], "--on") if options["on"] is not None else None
        self.stdout.write("Loading the demo book...")
        book = load_demo(requested, say=self.stdout.write)
        if requested is not None and requested != book.today:
            self.stderr.write(
                f"--on {requested.isoformat()} is not used: the demo book was first loaded as "
                f"of {book.today.isoformat()} and keeps that date; load it into an empty "
                "database to build it around another."
            )
        self.stdout.write(
            f"Demo book as of {book.today.isoformat()}. Logins (password '{people.PASSWORD}'):"
        )
        order = ["manager", "csm", "ae", "sa", "pse", "leadership", "admin"]
        demo = TeamMember.objects.filter(email__endswith="@" + people.DOMAIN)
        for member in sorted(demo, key=lambda m: (order.index(m.role), m.name)):
            self.stdout.write(f"  {member.email:<32} {member.get_role_display()}")
