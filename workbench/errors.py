"""Typed errors of the workbench, with Danish messages for planners.

Every error a planner can cause derives from :class:`WorkbenchError`; the CLI
catches it, prints ``str(error)`` and exits with code 2. Bad input files raise
:class:`InputError`, which carries *all* problems found (one
:class:`InputProblem` each, naming file, row, column and value), so that a
planner can fix a whole file in one go.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


class WorkbenchError(Exception):
    """Base class of errors whose message (in Danish) is meant for the user."""


@dataclass(frozen=True)
class InputProblem:
    """One problem in one input file.

    Attributes:
        file: File name, e.g. ``"employees.csv"``.
        row: Row number as a spreadsheet shows it (header = row 1, first
            data row = 2); ``None`` for YAML and whole-file problems.
        column: CSV column name, or a YAML path such as ``"shifts[2].end"``
            (list positions count from 0).
        value: The offending value as written, when there is one.
        message: Danish text saying what is wrong and what is expected.
    """

    file: str
    row: int | None
    column: str | None
    value: str | None
    message: str

    @property
    def location(self) -> str:
        """Danish location prefix, e.g. ``employees.csv, række 4, kolonne "name"``."""
        parts = [self.file]
        if self.row is not None:
            parts.append(f"række {self.row}")
        if self.column is not None:
            is_yaml = self.file.lower().endswith((".yaml", ".yml"))
            word = "felt" if is_yaml and self.row is None else "kolonne"
            parts.append(f'{word} "{self.column}"')
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class InputError(WorkbenchError):
    """Input files are invalid; ``problems`` lists every problem found."""

    def __init__(self, problems: Iterable[InputProblem] | InputProblem) -> None:
        if isinstance(problems, InputProblem):
            problems = [problems]
        self.problems: list[InputProblem] = list(problems)
        super().__init__(self.problems)

    @property
    def heading(self) -> str:
        """Danish heading line."""
        n = len(self.problems)
        files = list(dict.fromkeys(p.file for p in self.problems))
        where = f" i {', '.join(files)}" if files else ""
        return f"Data kan ikke indlæses: {n} fejl{where} skal rettes først."

    def __str__(self) -> str:
        lines = [self.heading]
        lines.extend(f"  - {p}" for p in self.problems)
        return "\n".join(lines)


# The architecture notes call it InstanceError; keep that name working.
InstanceError = InputError


class RuleSetError(WorkbenchError):
    """A rule set file (``constraints/*.yaml``) is invalid.

    ``str()`` gives a Danish one-liner naming the file, the rule and the
    field when they are known, followed by the message.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        rule: str | None = None,
        field: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.rule = rule
        self.field = field
        super().__init__(message)

    def __str__(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.rule:
            parts.append(f'regel "{self.rule}"')
        if self.field:
            parts.append(f'felt "{self.field}"')
        return f"{', '.join(parts)}: {self.message}" if parts else self.message
