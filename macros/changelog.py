"""The "What changed" page: dated, plain-language change notes for readers,
from CHANGELOG.md, which editors keep beside mkdocs.yml.

The file's shape, checked on every build:

    # What changed

    ## 2026-11-23

    - One change, in a sentence a reader understands.
    - Another. A long note may go on over
      indented lines.

Dates are ISO (YYYY-MM-DD), newest first, each once. (No check against
today's date: a build must not fail because a machine's clock is wrong.)
Every date has at least one note. A mistake gives one line with the file,
the line and the fix, like any other editor mistake.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

FILE = "CHANGELOG.md"
_DATE = re.compile(r"^## (.+?)\s*$")


@dataclass
class Entry:
    date: dt.date
    line: int
    notes: list[str] = field(default_factory=list)
    stray: bool = False  # a line under it that is not a note


def parse(text: str, shown: str = FILE,
          today: dt.date | None = None) -> tuple[list[Entry], list[str]]:
    """(entries, problems): each problem is 'FILE:LINE: what to do'."""
    today = today or dt.date.today()
    entries: list[Entry] = []
    problems: list[str] = []

    def problem(line: int, message: str) -> None:
        problems.append(f"{shown}:{line}: {message}")

    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        if not line.strip() or (n == 1 and line.startswith("# ")):
            continue
        heading = _DATE.match(line)
        if heading:
            try:
                date = dt.date.fromisoformat(heading[1])
            except ValueError:
                problem(n, f"'{heading[1]}' is not a date. Write it as YYYY-MM-DD, "
                           f"such as {today.isoformat()}.")
                entries.append(Entry(dt.date.min, n))  # its notes still belong to it
                continue
            earlier = [e for e in entries if e.date == date]
            if earlier:
                problem(n, f"{date.isoformat()} is here twice (first on line {earlier[0].line}). "
                           "Put the notes under one heading.")
            elif entries and entries[-1].date != dt.date.min and date > entries[-1].date:
                problem(n, f"{date.isoformat()} is newer than {entries[-1].date.isoformat()} "
                           "above it. Put the newest date first.")
            entries.append(Entry(date, n))
        elif line.startswith("- ") and entries:
            entries[-1].notes.append(line[2:].strip())
        elif line.startswith("  ") and entries and entries[-1].notes:
            entries[-1].notes[-1] += " " + line.strip()
        else:
            if entries:
                entries[-1].stray = True  # said once: not also "has no notes"
            problem(n, "each change is a line starting with '- ', under a "
                       "'## YYYY-MM-DD' heading. Start the line with '- ', or add the date above it.")
    for e in entries:
        if not e.notes and not e.stray and e.date != dt.date.min:
            problem(e.line, f"{e.date.isoformat()} has no notes. Add a line starting "
                            "with '- ', or remove the heading.")
    if not entries and not problems:
        problem(1, "there are no change notes yet. Add a '## YYYY-MM-DD' heading and a "
                   "'- ' line under it.")
    return [e for e in entries if e.date != dt.date.min], problems


def read(config_dir: str | Path) -> tuple[list[Entry], list[str]]:
    path = Path(config_dir) / FILE
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return [], [f"{FILE}:1: the file is missing. Create it beside mkdocs.yml, with a "
                    "'## YYYY-MM-DD' heading and a '- ' line under it."]
    return parse(text)


def markdown(entries: list[Entry]) -> str:
    """The page body: one heading per date (as readers write dates), then
    its notes."""
    out = []
    for e in entries:
        out.append(f"## {e.date.day} {e.date:%B %Y}\n")
        out.extend(f"- {note}" for note in e.notes)
        out.append("")
    return "\n".join(out)
