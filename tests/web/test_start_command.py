"""`rhythm start`: what it is given is checked before it migrates, loads the demo or serves."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from rhythm.web.management.commands import start


@pytest.mark.parametrize("addr", ["nonsense", "localhost:", "127.0.0.1:80a", ""])
def test_a_bad_addr_is_refused_before_migrating_or_loading_the_demo(monkeypatch, addr):
    called = []
    monkeypatch.setattr(start, "call_command", lambda *args, **kwargs: called.append(args))
    with pytest.raises(CommandError) as refused:
        call_command("start", "--demo", "--addr", addr)
    assert str(refused.value).startswith(f"--addr: {addr!r} is not where to listen; use HOST:PORT")
    assert called == []


@pytest.mark.parametrize("addr", ["127.0.0.1:8000", "0.0.0.0:8080", "8000", "rhythm.local:80"])
def test_a_good_addr_is_served(monkeypatch, addr):
    called = []
    monkeypatch.setattr(start, "call_command", lambda *args, **kwargs: called.append(args))
    monkeypatch.setattr(start, "require_database", lambda: None)
    call_command("start", "--addr", addr)
    assert called == [("migrate",), ("runserver", addr)]
