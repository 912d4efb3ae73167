"""The playbook's code lists (playbook.md section 1) as the writes and imports see them.

The lists themselves are playbook settings (`playbook/defaults.toml`, `[codes]`), so
there is one place to change them. Codes are stored lower-case (regions upper-case), and
whatever reads them from people (imports, forms) matches them ignoring case, spaces,
hyphens and underscores through `match_code`, so "Mid Market" finds `mid-market` and
"DevSecOps" finds `devsecops`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator


class CodeList:
    """One of the playbook's code lists, read from the playbook settings each time it is used.

    The lists live in the playbook settings (defaults, overridable by the team's file), so a
    team that adds a use case or a segment can import and record it at once.
    """

    def __init__(self, name: str) -> None:
        self.name = name

    def __iter__(self) -> Iterator[str]:
        from rhythm.playbook.config import current_settings

        return iter(tuple(getattr(current_settings().codes, self.name)))

    def __contains__(self, value: object) -> bool:
        return value in tuple(self)

    def __repr__(self) -> str:
        return f"CodeList({self.name!r})"


TIERS = CodeList("tiers")
USE_CASES = CodeList("use_cases")
PERSONAS = CodeList("personas")
FUNCTIONS = CodeList("functions")
SEGMENTS = CodeList("segments")
REGIONS = CodeList("regions")  # the region codes; the settings map each to a holiday calendar

# How a code reads where its words are not the code's own, capitalised: abbreviations and
# names with their own spelling. Every page names a code through `code_label`.
LABELS: dict[str, str] = {
    "ci": "CI",
    "cd": "CD",
    "devsecops": "DevSecOps",
    "gitops": "GitOps",
    "smb": "SMB",
    "sre": "SRE",
    "devops": "DevOps",
    "vp": "VP",
    "cto": "CTO",
    "ciso": "CISO",
    "cpo": "CPO",
    "c_level": "C-level",
}


def code_label(code: str) -> str:
    """Name a code in words: 'source_code_management' as 'Source code management',
    'mid-market' as 'Mid-market', and those `LABELS` spells otherwise ('devsecops' as
    'DevSecOps', 'smb' as 'SMB'). A code not known there reads as itself, capitalised."""
    key = code_key(code)
    if key in LABELS:
        return LABELS[key]
    words = code.strip().replace("_", " ")
    return words[:1].upper() + words[1:]


def labelled(codes: Iterable[str]) -> list[tuple[str, str]]:
    """Return a code list as (code, label) choices, in the list's own (the playbook's) order."""
    return [(code, code_label(code)) for code in codes]


def code_key(text: str) -> str:
    """Reduce a code or label to the form codes are compared in: lower-case, `_` separators."""
    return re.sub(r"[\s_-]+", "_", text.strip().lower()).strip("_")


def match_code(value: str, codes: Iterable[str]) -> str | None:
    """Return the code `value` names, ignoring case and separators; None when it names none."""
    wanted = code_key(value)
    return next((code for code in codes if code_key(code) == wanted), None)


def code_error(value: str, codes: Iterable[str], what: str) -> str | None:
    """Say why `value` is not one of `codes` exactly as stored, or return None when it is.

    Blank is accepted here: whether a code may be left empty is the caller's decision.
    """
    choices = tuple(codes)
    if value == "" or value in choices:
        return None
    article = "an" if what[:1] in ("a", "e", "i", "o") else "a"
    return f"{value!r} is not {article} {what}; use one of: {', '.join(choices)}"
