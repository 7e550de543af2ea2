"""`make review-report`: what is due for review, oldest first, and never a failure."""

from __future__ import annotations

import datetime as dt
import re

from macros import review

PAGE = ("---\ntitle: {title}\ndescription: A page.\nreviewed: 2026-01-01\n"
        "next_review: {due}\n---\n\n# {title}\n")


def pages(tmp_path, dues):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, due in dues:
        (docs / f"{name}.md").write_text(PAGE.format(title=name.title(), due=due),
                                         encoding="utf-8")
    return docs


def test_lists_overdue_and_soon_due_pages_and_the_data_file_oldest_first(tmp_path):
    docs = pages(tmp_path, [("late", "2026-10-01"), ("soon", "2027-01-15"),
                            ("later", "2027-09-01")])
    out = review.report(docs, dt.date(2026, 12, 1), today=dt.date(2026, 11, 23))
    rows = out.splitlines()[1:]
    assert [re.search(r"docs/\S+", r).group() for r in rows] == [
        "docs/late.md", "docs/data/guide.yml", "docs/soon.md"]
    assert "53 days overdue" in rows[0]
    assert "due in 8 days" in rows[1]
    assert "due in 53 days" in rows[2]
    assert "later.md" not in out  # more than 90 days away


def test_the_report_never_fails_even_when_everything_is_overdue(tmp_path, capsys):
    docs = pages(tmp_path, [("old", "2020-01-01")])  # and no data file at all
    assert review.run(str(docs)) == 0
    out = capsys.readouterr().out
    assert "docs/old.md" in out and "overdue" in out
