"""API schemas for customer contacts."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Field, Schema
from pydantic import BeforeValidator

from rhythm.contacts.models import Contact
from rhythm.lib.schema_types import not_true_or_false

# How strong the relationship is, 1 (weak) to 5 (strong).
Strength = Annotated[int, Field(ge=1, le=5), BeforeValidator(not_true_or_false)]


class ContactIn(Schema):
    name: str = Field(examples=["Vera Villanueva"])
    email: str = Field(default="", description="Stored lower-case; unique within the account.")
    title: str = Field(default="", examples=["VP Engineering"])
    persona: str = Field(
        default="",
        description="A persona code of the playbook, e.g. champion or vp; director and above "
        "are executives (EXEC-1).",
    )
    function: str = Field(default="", description="A function code of the playbook.")
    decision_maker: bool = Field(default=False, description="A decision-maker clears EXEC-2.")
    executive_sponsor: bool = False
    introduced_by: str = Field(
        default="", description="The email of the account's contact who introduced them."
    )
    relationship_strength: Strength | None = Field(
        default=None, description="1 (weak) to 5 (strong)."
    )


class ContactOut(Schema):
    id: int
    account_id: int
    name: str
    email: str
    title: str
    persona: str
    function: str
    decision_maker: bool
    executive_sponsor: bool
    introduced_by_id: int | None = Field(description="The id of the contact who introduced them.")
    introduced_by: str | None = Field(description="The name of the contact who introduced them.")
    relationship_strength: int | None
    departed_on: dt.date | None

    @staticmethod
    def resolve_introduced_by(obj: Contact) -> str | None:
        return obj.introduced_by.name if obj.introduced_by else None
