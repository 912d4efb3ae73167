"""The playbook's default code lists (playbook.md section 1), kept in this one place.

The playbook settings will make each list overridable per team; until they do, these
constants are the lists. Codes are stored lower-case (regions upper-case), and whatever reads
them from people (imports, forms) matches them ignoring case, spaces, hyphens and underscores
through `match_code`, so "Mid Market" finds `mid-market` and "DevSecOps" finds `devsecops`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

TIERS: tuple[str, ...] = ("free", "premium", "ultimate")
USE_CASES: tuple[str, ...] = (
    "source_code_management",
    "ci",
    "cd",
    "devsecops",
    "agile_planning",
    "gitops",
)
PERSONAS: tuple[str, ...] = (
    "admin",
    "champion",
    "influencer",
    "manager",
    "director",
    "vp",
    "cto",
    "ciso",
    "cpo",
    "c_level",
    "economic_buyer",
)
FUNCTIONS: tuple[str, ...] = (
    "application_security",
    "engineering",
    "sre",
    "devops",
    "product",
    "security",
)
SEGMENTS: tuple[str, ...] = ("strategic", "enterprise", "mid-market", "smb")
REGIONS: tuple[str, ...] = ("AMER", "EMEA", "APAC")


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
