"""The code lists imports accept are the playbook settings' lists, not a copy of them."""

import pytest

from rhythm.adoption.models import UseCaseStatus
from rhythm.imports.results import ImportFailed
from rhythm.imports.runner import import_file
from tests.imports.conftest import write_text

ROWS = "account,use_case,status,date\nAcme Corp,security_training,green,2026-11-01\n"


def test_a_use_case_the_playbook_does_not_list_is_refused(imported, tmp_path):
    with pytest.raises(ImportFailed) as raised:
        import_file("use_cases", write_text(tmp_path / "u.csv", ROWS))
    assert "'security_training' is not a use case" in str(raised.value.errors[0])


def test_a_use_case_the_team_adds_to_its_playbook_is_accepted(imported, tmp_path, use_playbook):
    use_playbook(
        '[codes]\nuse_cases = ["source_code_management", "ci", "cd", "devsecops", '
        '"agile_planning", "gitops", "security_training"]\n'
    )
    import_file("use_cases", write_text(tmp_path / "u.csv", ROWS))
    assert UseCaseStatus.objects.filter(use_case="security_training").exists()
