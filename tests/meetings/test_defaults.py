"""Meeting lengths start from the playbook settings (EBR-5, CHK-1), not from the code."""

import datetime as dt

import pytest
from django.utils import timezone

from rhythm.meetings.models import Ebr, LeadershipCheckIn
from rhythm.meetings.services import plan_check_in, plan_ebr, record_ebr
from rhythm.playbook.settings import PlaybookSettingsError, load_settings
from rhythm.timeline.models import Activity
from tests.factories import account_owned_by


def test_lengths_default_to_the_handbook(db):
    assert Ebr().length_minutes == 90
    assert LeadershipCheckIn().length_minutes == 45


def test_lengths_follow_the_teams_playbook(db, use_playbook):
    use_playbook(
        "[ebr]\nlength_minutes = 120\n[check_ins]\nlength_minutes_min = 20\n"
        "length_minutes_max = 40\n"
    )
    assert Ebr().length_minutes == 120
    assert LeadershipCheckIn().length_minutes == 30


TEAM_AND_SEGMENT = """
[ebr]
length_minutes = 120
[team."maria@rhythm.test".ebr]
length_minutes = 60
format = "virtual"
[team."maria@rhythm.test".check_ins]
length_minutes_min = 20
length_minutes_max = 40
[segment.smb.ebr]
length_minutes = 45
"""


def test_a_new_meeting_starts_from_its_account_s_team_and_segment(db, alice, charlie, use_playbook):
    """The file's top level says 120 minutes; Alice's team 60, virtual; small business 45."""
    use_playbook(TEAM_AND_SEGMENT)
    later = timezone.localdate() + dt.timedelta(days=30)
    team, smb = account_owned_by(alice), account_owned_by(alice, segment="smb")
    other = account_owned_by(charlie)  # another team: the file's top level
    planned = {a: plan_ebr(account=a, planned_on=later)[0] for a in (team, smb, other)}
    assert [(planned[a].length_minutes, planned[a].format) for a in (team, smb, other)] == [
        (60, "virtual"),
        (45, "virtual"),
        (120, "onsite"),
    ]
    check_in, _ = plan_check_in(account=team, planned_on=later)
    assert check_in.length_minutes == 30
    held, _ = record_ebr(
        account=other, planned_on=timezone.localdate(), held_on=timezone.localdate()
    )
    assert held.length_minutes == 120
    held, _ = record_ebr(
        account=team, planned_on=timezone.localdate(), held_on=timezone.localdate()
    )
    assert (held.length_minutes, held.format) == (60, "virtual")
    assert Activity.objects.get(account=team, kind="ebr").duration_minutes == 60


def test_an_ebr_format_the_meetings_cannot_hold_is_refused(tmp_path):
    playbook = tmp_path / "playbook.toml"
    playbook.write_text('[ebr]\nformat = "hybrid"\n')
    with pytest.raises(PlaybookSettingsError, match=r"ebr.format: expected one of onsite, virtual"):
        load_settings(str(playbook))
