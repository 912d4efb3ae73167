"""`rhythm token create|list|revoke EMAIL`: manage personal API tokens."""

from __future__ import annotations

from django.core.management.base import CommandError

from rhythm.lib.cli import DataCommand
from rhythm.team.models import TeamMember
from rhythm.team.tokens import ELLIPSIS, TokenChoiceError, create_api_token, revoke_api_token


class Command(DataCommand):
    help = "Create, list or revoke a team member's personal API tokens."
    examples = (
        'rhythm token create alex.chen@rhythm.example --name "CRM sync"',
        "rhythm token list alex.chen@rhythm.example",
        "rhythm token revoke alex.chen@rhythm.example --prefix rhy_3f9aX",
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create", "list", "revoke"])
        parser.add_argument("email", help="The team member's email.")
        parser.add_argument("--name", default="script", help="What the token is for.")
        parser.add_argument("--prefix", help="With revoke: the token's first characters.")

    def handle(self, *args, **options):
        member = TeamMember.objects.filter(email__iexact=options["email"]).first()
        if member is None:
            raise CommandError(f"No team member with email {options['email']!r}.")
        if options["action"] == "create":
            token, key = create_api_token(member, options["name"])
            self.stdout.write(f"Token {token.name!r} for {member.email} (shown once):\n{key}")
        elif options["action"] == "list":
            tokens = list(member.api_tokens.all())
            for token in tokens:
                used = token.last_used_at.isoformat() if token.last_used_at else "never"
                self.stdout.write(f"{token.prefix}{ELLIPSIS}  {token.name}  last used {used}")
            if not tokens:
                self.stdout.write(f"{member.email} has no tokens.")
        else:
            if not options["prefix"]:
                raise CommandError("revoke needs --prefix (see `rhythm token list EMAIL`).")
            try:
                token = revoke_api_token(member, options["prefix"])
            except TokenChoiceError as error:
                raise CommandError(str(error)) from None
            self.stdout.write(f"Revoked token {token.name!r} ({token.prefix}{ELLIPSIS}).")
