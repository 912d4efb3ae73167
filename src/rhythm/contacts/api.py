"""API: an account's contacts, and adding one (EXEC-1, EXEC-2)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from rhythm.accounts.queries import get_account, get_writable_account
from rhythm.contacts.queries import answering_contact, list_contacts
from rhythm.contacts.schemas import ContactIn, ContactOut
from rhythm.contacts.services import add_contact

router = Router(tags=["contacts"])


@router.get(
    "/accounts/{account_id}/contacts",
    summary="List an account's contacts",
    response=list[ContactOut],
)
@paginate
def contacts(request: HttpRequest, account_id: int):
    """List an account's contacts, current ones first, then by name."""
    return list_contacts(request.user, get_account(request.user, account_id))


@router.post(
    "/accounts/{account_id}/contacts",
    summary="Add a contact (EXEC-1, EXEC-2)",
    response={201: ContactOut},
)
def create_contact(request: HttpRequest, account_id: int, payload: ContactIn):
    """Add a customer contact: an executive clears EXEC-1's missing executive (meeting them
    clears the rest), a decision-maker clears EXEC-2.

    A contact the account already has (the same email, or the same name without an email)
    is refused with 400: adding is not editing.
    """
    account = get_writable_account(request.user, account_id)
    introducer = answering_contact(request.user, account, payload.introduced_by, "introduced_by")
    values = payload.model_dump(exclude={"name", "email", "introduced_by"})
    contact = add_contact(
        account=account,
        name=payload.name,
        email=payload.email,
        introduced_by=introducer,
        **values,
    )
    return Status(201, contact)
