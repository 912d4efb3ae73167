"""Codes in words: every page names a playbook code through `codes.code_label`."""

import pytest

from rhythm.lib import codes


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("devsecops", "DevSecOps"),
        ("gitops", "GitOps"),
        ("ci", "CI"),
        ("source_code_management", "Source code management"),
        ("agile_planning", "Agile planning"),
        ("smb", "SMB"),
        ("mid-market", "Mid-market"),
        ("strategic", "Strategic"),
        ("c_level", "C-level"),
        ("ultimate", "Ultimate"),
        ("data_science", "Data science"),  # a team's own code, not spelled in LABELS
    ],
)
def test_a_code_reads_as_words(code, label):
    assert codes.code_label(code) == label


def test_choices_keep_the_playbook_s_order(db):
    assert codes.labelled(codes.SEGMENTS) == [
        ("strategic", "Strategic"),
        ("enterprise", "Enterprise"),
        ("mid-market", "Mid-market"),
        ("smb", "SMB"),
    ]
