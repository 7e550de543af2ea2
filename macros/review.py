"""`make review-report`: what is due for review.

Lists every page, and the data file, whose next review has passed or falls
within 90 days, oldest first. It is a report for editors: it never fails a
build or `make test`, because the calendar is not a mistake in the guide.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from mkdocs.utils import meta

WINDOW = dt.timedelta(days=90)


def due(docs: Path, data_next_review: dt.date | None,
        today: dt.date | None = None) -> list[tuple[dt.date, str, str]]:
    """(next review, file, what) for everything due within the window, oldest first."""
    today = today or dt.date.today()
    found = []
    for page in sorted(docs.rglob("*.md")):
        _, data = meta.get_data(page.read_text(encoding="utf-8"))
        when = data.get("next_review")
        if isinstance(when, dt.date) and when - today <= WINDOW:
            found.append((when, f"{docs.name}/{page.relative_to(docs).as_posix()}",
                          data.get("title") or page.stem))
    if data_next_review and data_next_review - today <= WINDOW:
        found.append((data_next_review, f"{docs.name}/data/guide.yml",
                      "the data file (safety notes, techniques, routines, sources)"))
    return sorted(found)


def report(docs: Path, data_next_review: dt.date | None, today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    rows = due(docs, data_next_review, today)
    if not rows:
        return f"Nothing is due for review in the next {WINDOW.days} days (today is {today})."
    lines = [f"Due for review within {WINDOW.days} days of {today}, oldest first:"]
    for when, path, what in rows:
        days = (when - today).days
        status = f"{-days} days overdue" if days < 0 else ("due today" if days == 0
                                                          else f"due in {days} days")
        lines.append(f"{when}  {status:>17}  {path}  ({what})")
    return "\n".join(lines)


def run(docs_dir: str = "docs") -> int:
    from mkdocs.exceptions import PluginError

    from .site import load

    try:
        data_due = load(docs_dir).data.guide.next_review
    except PluginError as err:  # a broken data file: say so, and report the pages
        print(err)
        data_due = None
    print(report(Path(docs_dir), data_due))
    return 0
