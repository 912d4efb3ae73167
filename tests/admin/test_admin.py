"""The Django admin, as a superuser: readable lists of the main records, and no way around
the service functions that every other write goes through."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib import admin
from django.urls import reverse

from rhythm.accounts.models import Account
from rhythm.health.models import HealthUpdate
from rhythm.renewals.models import Renewal, RenewalReview, ReviewStage
from rhythm.team.models import ApiToken, TeamMember
from rhythm.timeline.models import Activity
from tests.factories import ActivityFactory, account_owned_by

# Written by hand in the admin, each through its form's own checks: the rest of the product
# writes customer work through service functions, so the admin only shows it.
EDITABLE = {Account, TeamMember, ApiToken}


def _url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def health(account, alice):
    return HealthUpdate.objects.create(
        account=account, date=dt.date(2026, 11, 2), overall="yellow", updated_by=alice
    )


def test_every_list_opens_and_searches(admin_client, account, health):
    ActivityFactory(account=account)
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label in {"auth"}:
            continue
        response = admin_client.get(_url(model, "changelist"), {"q": "Acme"})
        assert response.status_code == 200, model
        assert model_admin.list_display != ("__str__",), f"{model.__name__} lists only its name"


def test_records_written_by_services_are_shown_but_not_added_changed_or_deleted(
    rf, admin_user, admin_client, account, health
):
    request = rf.get("/admin/")
    request.user = admin_user
    for model, model_admin in admin.site._registry.items():
        if not model.__module__.startswith("rhythm."):
            continue
        assert model_admin.has_view_permission(request), model
        assert model_admin.has_change_permission(request) == (model in EDITABLE), model
        assert model_admin.has_add_permission(request) == (model in EDITABLE - {ApiToken}), model
        for inline in model_admin.get_inline_instances(request):
            # An account's seats, contacts; a member's time off: each has its service too.
            assert not inline.has_change_permission(request), (model, inline)
            assert not inline.has_add_permission(request, None), (model, inline)
    page = admin_client.get(_url(HealthUpdate, "change", health.pk))
    assert page.status_code == 200 and b"yellow" in page.content  # shown, read-only
    posted = admin_client.post(
        _url(HealthUpdate, "change", health.pk),
        {"account": account.pk, "date": "2026-11-02", "overall": "red"},
    )
    assert posted.status_code == 403
    deleted = admin_client.post(_url(HealthUpdate, "delete", health.pk), {"post": "yes"})
    assert deleted.status_code == 403
    assert admin_client.get(_url(HealthUpdate, "add")).status_code == 403
    assert HealthUpdate.objects.get().overall == "yellow"


def test_an_account_s_priority_override_is_not_set_around_its_service(
    admin_client, account, manager
):
    """An override set in the admin would have no decision in the account's history, which
    the rules replay day by day; it is set on the account page or through the API."""
    form = admin_client.get(_url(Account, "change", account.pk))
    assert form.status_code == 200
    fields = form.context["adminform"].form.fields
    assert {"name", "segment", "tier", "in_triage"} <= fields.keys()
    assert not {"priority_override", "priority_reviewed_on", "licenses_activated"} & fields.keys()
    data = {
        "name": "Acme Renamed",
        "segment": account.segment,
        "priority_override": "P1",
        "priority_override_reason": "Set by hand",
        "priority_reviewed_on": "2026-11-02",
        "licenses_activated": "999",
        **_inline_management(form),
    }
    response = admin_client.post(_url(Account, "change", account.pk), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    saved = Account.objects.get(pk=account.pk)
    assert saved.name == "Acme Renamed"
    assert (saved.priority_override, saved.priority_reviewed_on) == ("", None)
    assert saved.licenses_activated == account.licenses_activated
    assert not saved.priority_decisions.exists()


def _inline_management(page) -> dict[str, str]:
    """Return the inlines' management data a change form posts back as it was shown."""
    data = {}
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data |= {f"{management.prefix}-{k}": str(v) for k, v in management.initial.items()}
    return data


def test_an_api_token_is_created_on_the_command_line_not_added_here(admin_client):
    assert admin_client.get(_url(ApiToken, "add")).status_code == 403


def test_renewal_review_stages_do_not_name_months_the_settings_may_change(account):
    """The playbook sets how long before a renewal each review is held (5 and 3 months by
    default, per team or segment): the stage's label in the admin names its order only."""
    assert ReviewStage.labels == ["First review", "Second review"]
    renewal = Renewal.objects.create(account=account, renewal_date=dt.date(2027, 6, 30))
    review = RenewalReview(renewal=renewal, stage="five_months", held_on=dt.date(2027, 1, 29))
    assert str(review).endswith(": first review on 2027-01-29")
    assert "month" not in str(review).removeprefix(str(renewal))


def test_activities_are_read_only_in_the_admin(admin_client, alice):
    account = account_owned_by(alice, name="Timeline Inc")
    activity = ActivityFactory(account=account)
    page = admin_client.get(_url(Activity, "change", activity.pk))
    assert page.status_code == 200
    assert b'name="_save"' not in page.content


ABBREVIATIONS = re.compile(r"\b(arr|ebrs?|nps|csat|roi|csm|ae|sa|pse|ttv|check ins?)\b")


def test_admin_names_and_labels_write_abbreviations_as_the_product_does():
    """'EBRs per year', 'renewed ARR', 'Leadership check-ins': not Django's lower-cased
    field names ('Ebrs per year', 'Renewed arr', 'Leadership check ins')."""
    shown = {
        model
        for registered, model_admin in admin.site._registry.items()
        for model in [registered, *(inline.model for inline in model_admin.inlines)]
        if model.__module__.startswith("rhythm.")
    }
    misread = []
    for model in shown:
        fields = [f for f in model._meta.get_fields() if hasattr(f, "verbose_name")]
        labels = [model._meta.verbose_name, model._meta.verbose_name_plural]
        labels += [field.verbose_name for field in fields]
        misread += [(model.__name__, str(x)) for x in labels if ABBREVIATIONS.search(str(x))]
    assert misread == []
