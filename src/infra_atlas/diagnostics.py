"""Located error messages: the one shape every problem of a run is reported in."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    path: str
    line: int
    col: int
    message: str

    def format(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: error: {self.message}"

    def github(self) -> str:
        # GitHub turns these workflow commands into inline annotations on the pull request.
        message = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::error file={self.path},line={self.line},col={self.col}::{message}"


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A ' (did you mean 'x'?)' suffix, or '' when nothing is close."""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def summary_line(diagnostics: list[Diagnostic]) -> str:
    count = len(diagnostics)
    files = len({d.path for d in diagnostics})
    noun = "error" if count == 1 else "errors"
    return f"{count} {noun} in {files} file{'s' if files != 1 else ''}"
