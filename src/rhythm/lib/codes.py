"""The playbook's code lists (playbook.md section 1) as the writes and imports see them.

The lists themselves are playbook settings (`playbook/defaults.toml`, `[codes]`), so
there is one place to change them. Codes are stored lower-case (regions upper-case), and
whatever reads them from people (imports, forms) matches them ignoring case, spaces,
hyphens and underscores through `match_code`, so "Mid Market" finds `mid-market` and
"DevSecOps" finds `devsecops`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rhythm.playbook.rules.labels import LABELS, code_key, code_label


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


def labelled(codes: Iterable[str]) -> list[tuple[str, str]]:
    """Return a code list as (code, label) choices, in the list's own (the playbook's) order."""
    return [(code, code_label(code)) for code in codes]


__all__ = ["LABELS", "code_key", "code_label"]  # named here for the pages and writes


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
