"""How the core tells the world what it is doing, without printing.

The CLI passes a reporter that writes to the terminal; tests and a future web front end pass
`BufferReporter` and read what was said.
"""

from __future__ import annotations

from typing import Protocol


class Reporter(Protocol):
    def info(self, message: str) -> None: ...
    def warning(self, message: str) -> None: ...
    def progress(self, done: int, total: int, label: str) -> None: ...


class BufferReporter:
    def __init__(self) -> None:
        self.infos: list[str] = []
        self.warnings: list[str] = []
        self.steps: list[str] = []

    def info(self, message: str) -> None:
        self.infos.append(message)

    def warning(self, message: str) -> None:
        self.warnings.append(message)

    def progress(self, done: int, total: int, label: str) -> None:
        self.steps.append(label)
