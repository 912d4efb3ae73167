"""Adding a customer contact from the account page, through the contacts service."""

from rhythm.contacts.models import Contact
from tests.factories import ContactFactory
from tests.web.pages import logged_in, shown_items, with_late_call


def add(client, account, **fields):
    body = {"name": "Vera VP", "email": "", "title": "", "persona": "", "function": ""}
    return client.post(f"/accounts/{account.pk}/contacts/", {**body, **fields})


def test_adding_an_executive_clears_exec_1(client, alice):
    account = with_late_call(alice, "Acme Corp")
    champion = ContactFactory(account=account, name="Ana Champion", persona="champion")
    logged_in(client, alice)
    exec_items = [i.why for i in shown_items(client.get("/")) if i.rule == "EXEC-1"]
    assert exec_items and "No executive-level contact" in exec_items[0]

    response = add(
        client,
        account,
        email="Vera@Acme.test",
        title="VP Engineering",
        persona="vp",
        function="engineering",
        decision_maker="on",
        introduced_by=str(champion.pk),
    )
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/{account.pk}/#contacts"
    vera = Contact.objects.get(account=account, name="Vera VP")
    assert (vera.email, vera.persona, vera.decision_maker, vera.introduced_by) == (
        "vera@acme.test",
        "vp",
        True,
        champion,
    )
    page = client.get(f"/accounts/{account.pk}/").content.decode()
    assert "Vera VP" in page and "introduced by Ana Champion" in page
    after = [i.why for i in shown_items(client.get("/")) if i.rule == "EXEC-1"]
    assert not any("No executive-level contact" in why for why in after)


def test_an_existing_contact_or_a_bad_value_is_explained_and_nothing_is_added(client, alice):
    account = with_late_call(alice, "Acme Corp")
    ContactFactory(account=account, name="Ana Champion", email="ana@acme.test")
    logged_in(client, alice)
    again = add(client, account, name="Ana Again", email="ANA@acme.test")
    assert again.status_code == 400
    assert "Ana Champion is already a contact of Acme Corp." in again.content.decode()
    bad = add(client, account, persona="wizard", email="not-an-email")
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "Select a valid choice. wizard is not one of the available choices." in html
    assert "Enter a valid email address." in html
    assert '<details class="page-form" open>' in html
    assert Contact.objects.filter(account=account).count() == 1


def test_leadership_may_not_add_and_outsiders_do_not_see_the_account(
    client, leader, charlie, alice
):
    account = with_late_call(alice, "Acme Corp")
    assert add(logged_in(client, leader), account).status_code == 403
    assert "Add a contact" not in client.get(f"/accounts/{account.pk}/").content.decode()
    assert add(logged_in(client, charlie), account).status_code == 404
    assert not Contact.objects.exists()


def test_one_submission_shows_the_forms_errors_and_the_services_at_once(client, alice):
    account = with_late_call(alice, "Acme Corp")
    ContactFactory(account=account, name="Ana Champion", email="ana@acme.test")
    logged_in(client, alice)
    # No name (the form's error) and the email of a contact the account has (the service's).
    response = add(client, account, name="", email="ANA@acme.test", persona="vp")
    assert response.status_code == 400
    errors = response.context["contact_form"].errors
    assert errors == {
        "name": ["This field is required."],
        "email": ["Ana Champion is already a contact of Acme Corp."],
    }
    html = response.content.decode()
    assert '<span class="error" id="contact-name_error">This field is required.</span>' in html
    assert (
        '<span class="error" id="contact-email_error">'
        "Ana Champion is already a contact of Acme Corp.</span>"
    ) in html
    assert Contact.objects.filter(account=account).count() == 1


def test_an_email_the_form_refused_looks_up_no_contact_by_name(client, alice):
    account = with_late_call(alice, "Acme Corp")
    ContactFactory(account=account, name="Vera VP", email="")
    logged_in(client, alice)
    # Known by the email typed, not by the name: the namesake is not the contact meant.
    response = add(client, account, email="not-an-email")
    assert response.status_code == 400
    assert response.context["contact_form"].errors == {"email": ["Enter a valid email address."]}
    # Without an email, the name is what finds the contact, beside the form's own error.
    response = add(client, account, persona="wizard")
    assert response.context["contact_form"].errors == {
        "persona": ["Select a valid choice. wizard is not one of the available choices."],
        "name": ["Vera VP is already a contact of Acme Corp."],
    }
    assert Contact.objects.filter(account=account).count() == 1
