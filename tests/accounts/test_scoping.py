from rhythm.accounts.models import Account
from rhythm.contacts.models import Contact
from rhythm.team.models import Role
from tests.factories import ContactFactory, TeamMemberFactory, UserFactory, account_owned_by


def names(queryset):
    return sorted(queryset.values_list("name", flat=True))


def test_each_person_sees_exactly_their_book(alice, bob, charlie, manager, leader, account):
    account_owned_by(bob, name="Bob Inc")
    account_owned_by(charlie, name="Charlie Ltd")
    assert names(Account.objects.visible_to(alice.user)) == ["Acme Corp"]
    assert names(Account.objects.visible_to(bob.user)) == ["Bob Inc"]
    assert names(Account.objects.visible_to(charlie.user)) == ["Charlie Ltd"]
    assert names(Account.objects.visible_to(manager.user)) == ["Acme Corp", "Bob Inc"]
    assert names(Account.objects.visible_to(leader.user)) == [
        "Acme Corp",
        "Bob Inc",
        "Charlie Ltd",
    ]


def test_account_team_roles_see_the_account(account):
    ae = TeamMemberFactory(role=Role.AE)
    account.team.create(member=ae, role="ae")
    assert names(Account.objects.visible_to(ae.user)) == ["Acme Corp"]


def test_people_without_a_team_membership_see_nothing(account):
    stranger = UserFactory()
    assert not Account.objects.visible_to(stranger).exists()


def test_inactive_member_sees_nothing(alice, account):
    alice.is_active = False
    alice.save()
    assert not Account.objects.visible_to(alice.user).exists()


def test_related_rows_follow_their_account(alice, charlie, account):
    ContactFactory(account=account, name="Ana")
    ContactFactory(account=account_owned_by(charlie), name="Carl")
    assert names(Contact.objects.visible_to(alice.user)) == ["Ana"]
    assert names(Contact.objects.visible_to(charlie.user)) == ["Carl"]
