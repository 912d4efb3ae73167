"""Reads of contacts, scoped to the asking user."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F, QuerySet

from rhythm.accounts.models import Account
from rhythm.contacts.models import Contact


def list_contacts(user: Any, account: Account) -> QuerySet[Contact]:
    """Return an account's contacts, current ones first, with who introduced them."""
    return (
        Contact.objects.visible_to(user)
        .filter(account=account)
        .select_related("introduced_by")
        .order_by(F("departed_on").asc(nulls_first=True), "name")  # the same on every database
    )


def contact_by_email(user: Any, account: Account, email: str) -> Contact | None:
    """Return the account's contact with this email (case ignored), or None."""
    contacts = Contact.objects.visible_to(user).filter(account=account)
    return contacts.filter(email__iexact=email.strip()).first()


def answering_contact(
    user: Any, account: Account, email: str, field: str = "contact"
) -> Contact | None:
    """Return the contact named by `email`, None when no email is given; refuse a stranger.

    A survey answer names who answered, and a new contact who introduced them: that must be
    one of the account's contacts. The refusal names the `field` that sent the email.
    """
    if not email.strip():
        return None
    contact = contact_by_email(user, account, email)
    if contact is None:
        message = f"{email.strip()} is not a contact of {account.name}."
        raise ValidationError({field: [message]})
    return contact
