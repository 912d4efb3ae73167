"""Every write to customer contacts goes through here: the UI, the API and imports."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from rhythm.accounts.models import Account
from rhythm.contacts.models import Contact
from rhythm.lib import codes
from rhythm.lib.dates import record_date_error
from rhythm.lib.lookups import matching
from rhythm.lib.upsert import Outcome, check_codes, check_fields, save_changes

CONTACT_FIELDS = frozenset(
    {
        "title",
        "persona",
        "function",
        "decision_maker",
        "executive_sponsor",
        "introduced_by",
        "relationship_strength",
        "departed_on",
    }
)
CONTACT_CODES = {
    "persona": (codes.PERSONAS, "persona"),
    "function": (codes.FUNCTIONS, "function"),
}
DEPARTURE_ADVICE = "record a departure once it has happened."


def find_contact(account: Account, *, name: str, email: str = "") -> Contact | None:
    """Return the account's contact with this email, or with this name when there is no email.

    A contact without an email is known by name only among the account's contacts that have
    no email either, so a namesake with an email is never mistaken for them.
    """
    contacts = Contact.objects.filter(account=account)
    if email.strip():
        return contacts.filter(email__iexact=email.strip()).first()
    return matching(contacts.filter(email=""), "name", name).order_by("id").first()


def upsert_contact(
    *, account: Account, name: str, email: str = "", **values: Any
) -> tuple[Contact, Outcome]:
    """Create the contact, or update the given fields of the one found by `find_contact`.

    Emails are stored lower-case. Fields not given keep their stored value. Accepted fields:
    see CONTACT_FIELDS; `introduced_by` must be another contact of the same account.
    """
    check_fields(values, CONTACT_FIELDS)
    check_codes(values, {key: CONTACT_CODES[key] for key in CONTACT_CODES if key in values})
    departed_on = values.get("departed_on")
    if departed_on and (refused := record_date_error(departed_on, DEPARTURE_ADVICE)):
        raise ValidationError({"departed_on": refused})
    email = email.strip().lower()
    contact = find_contact(account, name=name, email=email)
    if contact is None:
        contact = Contact(account=account, name=name.strip())
    elif email:  # Known by email, the contact may change name; known by name, it keeps it.
        values["name"] = name.strip()
    introducer = values.get("introduced_by")
    if introducer is not None and introducer.account_id != account.pk:
        raise ValidationError(
            {"introduced_by": ["The introducer must be a contact of the account."]}
        )
    if introducer is not None and contact.pk is not None and introducer.pk == contact.pk:
        raise ValidationError({"introduced_by": ["A contact cannot introduce themselves."]})
    if introducer is not None and contact.pk is not None:
        _check_no_introduction_loop(contact, introducer)
    outcome = save_changes(contact, {"email": email, **values})
    return contact, outcome


def _check_no_introduction_loop(contact: Contact, introducer: Contact) -> None:
    """Refuse an introducer who was, through the stored introductions, introduced by `contact`."""
    chain = [_known_as(contact.name, contact.email), _known_as(introducer.name, introducer.email)]
    seen = {contact.pk}
    current = introducer.pk
    while current is not None and current not in seen:
        seen.add(current)
        current, name, email = Contact.objects.values_list(
            "introduced_by_id", "introduced_by__name", "introduced_by__email"
        ).get(pk=current)
        if current is not None:
            chain.append(_known_as(name, email))
    if current == contact.pk:
        loop = " → ".join(chain)
        message = f"Introductions would form a loop: {loop} (each introduced by the next)."
        raise ValidationError({"introduced_by": [message]})


def _known_as(name: str, email: str) -> str:
    return email or name


def add_contact(*, account: Account, name: str, email: str = "", **values: Any) -> Contact:
    """Add a new contact to the account, as `upsert_contact` would create it.

    A contact the account already has (the same email, or the same name where there is no
    email) is refused rather than changed: adding is not editing (`check_new_contact`).
    """
    if errors := check_new_contact(account=account, name=name, email=email):
        raise ValidationError(errors)
    contact, _ = upsert_contact(account=account, name=name, email=email, **values)
    return contact


def check_new_contact(
    *, account: Account, name: str | None, email: str | None = ""
) -> dict[str, list[str]]:
    """Say what `add_contact` refuses in a new contact, by field, writing nothing: no name,
    or a contact the account already has.

    A form refused on its own fields (no name) asks this of what it took, so one submission
    shows all its errors. What is not known (None: a field that did not parse) leaves out
    the checks that need it: no name, a contact without email is not looked up by it; no
    email, no contact is looked up (by name, it could be another than the one meant).
    """
    if name is not None and not name.strip():
        return {"name": ["A contact needs a name."]}
    if email is None or (name is None and not email.strip()):
        return {}
    existing = find_contact(account, name=name or "", email=email)
    if existing is None:
        return {}
    field = "email" if email.strip() else "name"
    return {field: [f"{existing.name} is already a contact of {account.name}."]}
