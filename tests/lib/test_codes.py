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


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("EBR planning", "EBR planning"),
        ("Internal alignment", "internal alignment"),
        ("ROI plan review with the AE and SA", "ROI plan review with the AE and SA"),
        ("Pre-EBR call with the CSM", "pre-EBR call with the CSM"),
        ("DevOps kick-off", "DevOps kick-off"),
        ("Final prep", "final prep"),
    ],
)
def test_a_name_read_in_a_sentence_keeps_its_acronyms(name, said):
    from rhythm.playbook.rules.labels import in_sentence

    assert in_sentence(name) == said


def test_choices_keep_the_playbook_s_order(db):
    assert codes.labelled(codes.SEGMENTS) == [
        ("strategic", "Strategic"),
        ("enterprise", "Enterprise"),
        ("mid-market", "Mid-market"),
        ("smb", "SMB"),
    ]
