"""Adding a contact: one the account has already is refused, in the same words whether
`add_contact` writes or `check_new_contact` is asked first (a form refused on other fields)."""

import pytest
from django.core.exceptions import ValidationError

from rhythm.contacts.models import Contact
from rhythm.contacts.services import add_contact, check_new_contact
from tests.factories import ContactFactory


@pytest.fixture
def known(account):
    ContactFactory(account=account, name="Ana Champion", email="ana@acme.test")
    ContactFactory(account=account, name="Vera VP", email="")
    return account


@pytest.mark.parametrize(
    ("sent", "said"),
    [
        (
            {"name": "Ana Again", "email": " ANA@acme.test "},
            {"email": ["Ana Champion is already a contact of Acme Corp."]},
        ),
        ({"name": " vera vp "}, {"name": ["Vera VP is already a contact of Acme Corp."]}),
        ({"name": "  ", "email": "new@acme.test"}, {"name": ["A contact needs a name."]}),
    ],
    ids=["same-email", "same-name-without-email", "no-name"],
)
def test_add_contact_refuses_what_check_new_contact_says_and_writes_nothing(known, sent, said):
    assert check_new_contact(account=known, **sent) == said
    with pytest.raises(ValidationError) as refused:
        add_contact(account=known, **sent)
    assert refused.value.message_dict == said
    assert Contact.objects.count() == 2


def test_what_is_not_known_is_not_looked_up(known):
    # No name (a form's that did not parse): the email still finds the contact.
    assert check_new_contact(account=known, name=None, email="ana@acme.test") == {
        "email": ["Ana Champion is already a contact of Acme Corp."]
    }
    # No email known: the name would find a namesake without email, maybe not the one meant.
    assert check_new_contact(account=known, name="Vera VP", email=None) == {}
    assert check_new_contact(account=known, name=None, email="") == {}
    assert Contact.objects.count() == 2


def test_a_new_contact_is_checked_clean_and_added(known):
    assert check_new_contact(account=known, name="Vera VP", email="vera@acme.test") == {}
    contact = add_contact(account=known, name="Vera VP", email="vera@acme.test")
    assert (contact.name, contact.email) == ("Vera VP", "vera@acme.test")
    assert Contact.objects.count() == 3
