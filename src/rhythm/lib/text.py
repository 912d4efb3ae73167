"""Bounds on free text (notes, comments, reasons): each is read on pages and exports, so a
paste of a whole document is refused with its length, rather than kept and shown everywhere.

These are data-validation bounds, not playbook numbers: no team would set them differently.
Each field's bound is declared beside its model and checked by the service every form, API
call and import writes through, so all three say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TextBound:
    """How long a free-text field may be, and what it is called in the refusal."""

    name: str  # "Notes", "The comment"
    limit: int  # in characters
    plural: bool = False  # "Notes are ... keep them", not "The note is ... keep it"

    def errors(self, text: str | None) -> list[str]:
        """Return why `text` is too long ("Notes are 12,345 characters; keep them to
        10,000."), or nothing. It is measured as kept, without the spaces around it, and
        as a browser's `maxlength` counts: a line break sent as CR LF is one character."""
        length = len((text or "").strip().replace("\r\n", "\n"))
        if length <= self.limit:
            return []
        verb, pronoun = ("are", "them") if self.plural else ("is", "it")
        return [f"{self.name} {verb} {length:,} characters; keep {pronoun} to {self.limit:,}."]
