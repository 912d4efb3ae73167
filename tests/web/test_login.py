"""Logging in by email, however it is typed, and what the login and refusal pages offer."""

import re

from django.contrib.auth import get_user_model


def with_password(member, password="s3cret-pass"):
    member.user.set_password(password)
    member.user.save()
    return password


def test_the_email_is_matched_without_regard_to_case_or_spaces(client, alice):
    password = with_password(alice)
    response = client.post("/login/", {"username": "  Alice@Rhythm.TEST ", "password": password})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").context["user"] == alice.user


def test_only_case_is_forgiven(client, alice):
    password = with_password(alice)
    for wrong in ({"username": "alice@rhythm.test", "password": password.upper()},
                  {"username": "alice@rhythm.tes", "password": password}):  # fmt: skip
        refused = client.post("/login/", wrong)
        assert refused.status_code == 200
        assert "Your email and password didn't match." in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_two_logins_differing_only_in_case_are_not_guessed_between(client, alice):
    password = with_password(alice)
    get_user_model().objects.create_user(username="ALICE@rhythm.test", password="other-pass")
    refused = client.post("/login/", {"username": "Alice@rhythm.test", "password": password})
    assert refused.status_code == 200
    # Each still logs in as typed exactly.
    exact = client.post("/login/", {"username": "alice@rhythm.test", "password": password})
    assert exact.status_code == 302


def test_a_refused_login_keeps_the_email_and_points_the_password_at_the_error(client, alice):
    with_password(alice)
    html = client.post(
        "/login/", {"username": "alice@rhythm.test", "password": "nope"}
    ).content.decode()
    assert 'value="alice@rhythm.test"' in html
    assert 'id="login-error"' in html
    password = re.search(r'<input type="password"[^>]*>', html).group(0)
    assert 'aria-describedby="login-error"' in password and "autofocus" in password
    assert "autofocus" not in re.search(r'<input type="text" name="username"[^>]*>', html).group(0)


def test_the_login_page_says_why_it_was_shown_and_a_logged_in_person_goes_on(client, alice):
    assert "Log in to see that page." in client.get("/login/?next=/team/").content.decode()
    assert "Log in to see that page." not in client.get("/login/").content.decode()
    client.force_login(alice.user)
    assert client.get("/login/")["Location"] == "/"


def test_not_found_offers_the_way_back_or_in(client, alice):
    anonymous = client.get("/no-such-page/")
    assert anonymous.status_code == 404
    assert '<a href="/login/">Log in</a>' in anonymous.content.decode()
    client.force_login(alice.user)
    known = client.get("/no-such-page/").content.decode()
    assert '<a href="/">Back to My day</a>' in known
