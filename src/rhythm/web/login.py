"""Logging in: by email, however it is capitalised."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm


class EmailLoginForm(AuthenticationForm):
    """Django's login form, matching the email without regard to case or spaces around it.

    A login's username is the team member's email, stored lower-case; a phone's keyboard
    capitalises the first letter, and people type `Alex.Chen@...`. Case is all that is
    forgiven: the password is checked as Django checks it.
    """

    def clean_username(self) -> str:
        typed = self.cleaned_data["username"].strip()
        found = list(
            get_user_model().objects.filter(username__iexact=typed).values_list("username")[:2]
        )
        return found[0][0] if len(found) == 1 else typed
