"""The admin's team member form refuses what the team service refuses."""

from __future__ import annotations

import pytest
from django.forms.models import model_to_dict

from rhythm.team.models import Role, TeamMember
from tests.factories import TeamMemberFactory, account_owned_by

pytestmark = pytest.mark.django_db


def change_form(client, member: TeamMember, **changes) -> str:
    """Post the admin's change form for `member` with `changes`; return the page answered."""
    data = {
        key: "" if value is None else value
        for key, value in model_to_dict(member).items()
        if key in {"user", "email", "name", "role", "manager", "region", "is_active"}
    }
    data.update(changes)
    data.update({"time_off-TOTAL_FORMS": "0", "time_off-INITIAL_FORMS": "0"})
    if not data["is_active"]:
        del data["is_active"]
    answer = client.post(f"/admin/team/teammember/{member.pk}/change/", data)
    return "" if answer.status_code == 302 else answer.content.decode()


def test_a_csm_with_a_book_cannot_be_made_an_ae_in_the_admin(client, admin_user):
    ann = TeamMemberFactory(email="ann@rhythm.test", role=Role.CSM)
    account_owned_by(ann, name="Acme Corp")
    client.force_login(admin_user)

    page = change_form(client, ann, role=Role.AE)

    assert "ann@rhythm.test holds the CSM seat of Acme Corp, which an account executive" in page
    ann.refresh_from_db()
    assert ann.role == Role.CSM


def test_a_manager_loop_is_refused_in_the_admin(client, admin_user):
    mia = TeamMemberFactory(email="mia@rhythm.test", role=Role.MANAGER)
    ann = TeamMemberFactory(email="ann@rhythm.test", manager=mia)
    client.force_login(admin_user)

    page = change_form(client, mia, manager=ann.pk)

    assert "Managers would form a loop: mia@rhythm.test → ann@rhythm.test" in page
    mia.refresh_from_db()
    assert mia.manager is None


def test_a_change_that_fits_is_saved(client, admin_user):
    ann = TeamMemberFactory(email="ann@rhythm.test", role=Role.CSM)
    account_owned_by(ann, name="Acme Corp")
    client.force_login(admin_user)

    assert change_form(client, ann, role=Role.MANAGER, name="Ann Manager") == ""

    ann.refresh_from_db()
    assert (ann.role, ann.name) == (Role.MANAGER, "Ann Manager")
