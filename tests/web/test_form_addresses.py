"""A form's own address opened as a page (a reload of a refused form, a restored tab, a
bookmark) goes back to the page the form is on, with nothing saved, instead of an empty
"405 Method Not Allowed"."""

import pytest
from django.urls import resolve

from rhythm.timeline.models import Activity
from rhythm.web.urls import urlpatterns


def form_addresses(account_id: int) -> dict[str, str]:
    """Each POST-only address of the pages, and where a GET to it lands."""
    page = f"/accounts/{account_id}/"
    return {
        f"{page}activities/": f"{page}#timeline-card",
        f"{page}contacts/": f"{page}#contacts",
        f"{page}priority/": f"{page}#account-state",
        f"{page}queue/health/": f"{page}#account-state",
        f"{page}renewals/": page,
        f"{page}plans/": f"{page}#plans",
        f"{page}plans/roi/objectives/": f"{page}#plans",
        f"{page}action-items/": f"{page}#actions",
        f"{page}action-items/7/": f"{page}#actions",
        "/team/time-off/": "/team/#time-off",
        "/team/time-off/7/withdraw/": "/team/#time-off",
    }


def test_every_form_address_opened_as_a_page_goes_back_to_its_page(client, alice, account):
    client.force_login(alice.user)
    for address, landing in form_addresses(account.pk).items():
        response = client.get(address)
        assert response.status_code == 302, address
        assert response["Location"] == landing, address
        assert client.head(address).status_code == 302, address
        assert client.put(address).status_code == 405, address
    assert Activity.objects.count() == 0


def test_a_form_address_still_asks_a_stranger_to_log_in(client, account):
    response = client.get(f"/accounts/{account.pk}/contacts/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_every_post_only_view_of_the_pages_is_covered_here(account):
    """A new form's view that takes only POST is listed above, so its GET is checked."""
    post_only_names = {p.name for p in urlpatterns if hasattr(p.callback, "form_page")}
    assert len(post_only_names) >= 10, post_only_names
    covered = {resolve(address).url_name for address in form_addresses(account.pk)}
    assert post_only_names == covered, post_only_names ^ covered


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_a_get_saves_nothing(client, alice, account, method):
    client.force_login(alice.user)
    response = client.generic(method, f"/accounts/{account.pk}/activities/")
    assert response.status_code == 302
    assert Activity.objects.count() == 0
