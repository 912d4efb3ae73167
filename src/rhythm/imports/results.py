"""What an import returns: the counts of one that worked, or every error of one that did not."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rhythm.lib.upsert import Outcome


@dataclass(frozen=True, order=True)
class RowError:
    """Say what is wrong with one cell, numbered as a spreadsheet shows it (the header is row 1).

    Row 0 is the file as a whole (it cannot be read); an empty column is the row as a whole.
    """

    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        if self.row == 0:
            return self.reason
        if not self.column:
            return f"row {self.row}: {self.reason}"
        return f"row {self.row}, column {self.column!r}: {self.reason}"


class ImportFailed(Exception):
    """Carry every error found in a file; when it is raised, nothing was written."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = sorted(errors, key=lambda error: error.row)
        super().__init__("\n".join(str(error) for error in self.errors))


@dataclass
class ImportReport:
    """Count the rows an import created, updated and left unchanged."""

    kind: str
    dry_run: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    ignored: list[str] = field(default_factory=list)  # the header's columns the kind does not know

    def count(self, outcome: Outcome) -> None:
        """Add one row's outcome to the counts."""
        setattr(self, outcome, getattr(self, outcome) + 1)

    @property
    def rows(self) -> int:
        """Return how many rows were imported."""
        return self.created + self.updated + self.unchanged

    def __str__(self) -> str:
        counts = f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        if self.ignored:
            names = ", ".join(repr(name) for name in self.ignored)
            counts += f"; ignored, not columns of {self.kind}: {names}"
        if self.dry_run:
            return f"{self.kind} (dry run, nothing written): would be {counts}"
        return f"{self.kind}: {counts}"
