"""Meeting lengths start from the playbook settings (EBR-5, CHK-1), not from the code."""

from rhythm.meetings.models import Ebr, LeadershipCheckIn


def test_lengths_default_to_the_handbook(db):
    assert Ebr().length_minutes == 90
    assert LeadershipCheckIn().length_minutes == 45


def test_lengths_follow_the_teams_playbook(db, settings, tmp_path):
    playbook = tmp_path / "playbook.toml"
    playbook.write_text(
        "[ebr]\nlength_minutes = 120\n[check_ins]\nlength_minutes_min = 20\n"
        "length_minutes_max = 40\n"
    )
    settings.RHYTHM_PLAYBOOK_FILE = str(playbook)
    assert Ebr().length_minutes == 120
    assert LeadershipCheckIn().length_minutes == 30
