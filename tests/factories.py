"""factory_boy factories for the models tests build on."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from rhythm.accounts.models import Account, AccountTeamMember
from rhythm.contacts.models import Contact
from rhythm.team.models import Role, TeamMember
from rhythm.timeline.models import Activity

PASSWORD = "rhythm-test-password"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}@example.com")
    email = factory.SelfAttribute("username")
    password = factory.django.Password(PASSWORD)


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMember

    email = factory.Sequence(lambda n: f"member{n}@rhythm.test")
    name = factory.Sequence(lambda n: f"Member {n}")
    role = Role.CSM
    region = "EMEA"
    user = factory.SubFactory(UserFactory, username=factory.SelfAttribute("..email"))


class AccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Account

    name = factory.Sequence(lambda n: f"Account {n:04d}")
    segment = "enterprise"
    region = "EMEA"
    industry = "Finance"
    tier = "premium"
    arr = 120000
    licenses_purchased = 500
    licenses_activated = 200
    deployment = "saas"
    initial_transaction_date = dt.date(2025, 6, 1)


class SeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccountTeamMember

    account = factory.SubFactory(AccountFactory)
    member = factory.SubFactory(TeamMemberFactory)
    role = "csm"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    account = factory.SubFactory(AccountFactory)
    name = factory.Sequence(lambda n: f"Contact {n}")
    email = factory.Sequence(lambda n: f"contact{n}@customer.test")
    persona = "champion"


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    account = factory.SubFactory(AccountFactory)
    kind = "cadence_call"
    date = dt.date(2026, 11, 2)
    duration_minutes = 30


def account_owned_by(member: TeamMember, **fields) -> Account:
    """Create an account with `member` as its CSM."""
    account = AccountFactory(**fields)
    SeatFactory(account=account, member=member, role="csm")
    return account
