"""The one exception type that data problems raise, with the context a user needs."""

from __future__ import annotations


class DataError(ValueError):
    """A problem in an input file, reported as one line: where it is and what to do.

    ``where`` names the file (and the row, line or feature); ``hint`` says how to fix it.
    """

    def __init__(self, message: str, *, where: str | None = None, hint: str | None = None):
        self.message = message
        self.where = where
        self.hint = hint
        super().__init__(self.one_line())

    def one_line(self) -> str:
        text = f"{self.where}: {self.message}" if self.where else self.message
        if self.hint:
            text += f" ({self.hint})"
        return text
