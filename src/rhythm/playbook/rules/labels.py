"""How a stored code reads in a sentence or on a page: `source_code_management` as "Source
code management", `c_level` as "C-level". Pure Python, so the rules' sentences and the
pages name codes with the same words.
"""

from __future__ import annotations

import re

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
    "roi": "ROI",
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


def code_key(text: str) -> str:
    """Reduce a code or label to the form codes are compared in: lower-case, `_` separators."""
    return re.sub(r"[\s_-]+", "_", text.strip().lower()).strip("_")


def code_words(code: str) -> str:
    """Name a code inside a sentence: 'economic_buyer' as 'economic buyer', 'c_level' as
    'C-level', 'ci' as 'CI' (as `code_label`, without capitalising the first word)."""
    return LABELS.get(code_key(code), code.strip().replace("_", " "))


def in_sentence(name: str) -> str:
    """Lower-case a name read inside a sentence, keeping its acronyms and names with their
    own spelling: 'Internal alignment' as 'internal alignment', but 'EBR planning' as
    'EBR planning', 'Pre-EBR call' as 'pre-EBR call', 'DevOps' as 'DevOps'. A word keeps
    its case when a letter after its first is a capital (EBR, ROI, CSM, AE, SA)."""

    def word(found: re.Match[str]) -> str:
        text = found.group()
        return text if any(letter.isupper() for letter in text[1:]) else text.lower()

    return re.sub(r"[^\W\d_]+", word, name)
