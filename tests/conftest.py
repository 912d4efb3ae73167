"""Shared fixtures: three fixed people (an owner CSM, a teammate, an outsider) and more."""

from __future__ import annotations

import pytest

from rhythm.team.models import Role
from tests.factories import TeamMemberFactory, account_owned_by


@pytest.fixture
def manager(db):
    return TeamMemberFactory(name="Maria Manager", email="maria@rhythm.test", role=Role.MANAGER)


@pytest.fixture
def alice(db, manager):
    """The owner CSM: the account in the tests is in her book."""
    return TeamMemberFactory(name="Alice Owner", email="alice@rhythm.test", manager=manager)


@pytest.fixture
def bob(db, manager):
    """A teammate with the same manager but another book."""
    return TeamMemberFactory(name="Bob Teammate", email="bob@rhythm.test", manager=manager)


@pytest.fixture
def charlie(db):
    """An outsider: a CSM under no shared manager and on no shared account."""
    return TeamMemberFactory(name="Charlie Outsider", email="charlie@rhythm.test")


@pytest.fixture
def leader(db):
    return TeamMemberFactory(name="Lee Leader", email="lee@rhythm.test", role=Role.LEADERSHIP)


@pytest.fixture
def account(alice):
    """An account in Alice's book."""
    return account_owned_by(alice, name="Acme Corp")


@pytest.fixture
def use_playbook(settings, tmp_path):
    """Return a function that puts a playbook file with the given TOML in force
    (RHYTHM_PLAYBOOK_FILE), and returns its path."""

    def use(text: str):
        path = tmp_path / "playbook.toml"
        path.write_text(text)
        settings.RHYTHM_PLAYBOOK_FILE = str(path)
        return path

    return use
