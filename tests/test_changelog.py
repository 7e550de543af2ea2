"""The "What changed" page and CHANGELOG.md, the file it comes from."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from mkdocs.utils.yaml import yaml_load

from macros import changelog
from tests.conftest import ROOT
from tests.test_build import failed_build

TODAY = dt.date(2026, 11, 23)
GOOD = "# What changed\n\n## 2026-11-23\n\n- Newest note,\n  on two lines.\n- Second.\n\n## 2026-11-01\n\n- Older.\n"


def test_a_good_file_gives_dated_notes_newest_first():
    entries, problems = changelog.parse(GOOD, today=TODAY)
    assert problems == []
    assert [(e.date, e.notes) for e in entries] == [
        (dt.date(2026, 11, 23), ["Newest note, on two lines.", "Second."]),
        (dt.date(2026, 11, 1), ["Older."])]
    page = changelog.markdown(entries)
    assert page.index("## 23 November 2026") < page.index("## 1 November 2026")


@pytest.mark.parametrize("text, line, says", [
    ("## 2026-13-01\n\n- A note.\n", 1, "'2026-13-01' is not a date. Write it as YYYY-MM-DD"),
    ("## 2026-11-01\n\n- Old.\n\n## 2026-11-20\n\n- New.\n", 5, "Put the newest date first"),
    ("## 2026-11-20\n\n- One.\n\n## 2026-11-20\n\n- Two.\n", 5, "is here twice (first on line 1)"),
    ("## 2026-11-20\n\nA note with no dash.\n", 3, "Start the line with '- '"),
    ("- A note with no date.\n", 1, "add the date above it"),
    ("## 2026-11-20\n\n## 2026-11-19\n\n- Note.\n", 1, "2026-11-20 has no notes"),
    ("# What changed\n", 1, "there are no change notes yet"),
])
def test_each_format_mistake_gives_one_message_with_its_line(text, line, says):
    _, problems = changelog.parse(text, today=TODAY)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"CHANGELOG.md:{line}: ")
    assert says in problems[0]


def test_the_real_changelog_is_well_formed_and_on_its_page(site):
    entries, problems = changelog.read(ROOT)
    assert problems == [] and entries
    html = (site / "changes" / "index.html").read_text(encoding="utf-8")
    dates = re.findall(r"<h2 id=\"[^\"]*\">(\d{1,2} \w+ \d{4})", html)
    assert dates == [f"{e.date.day} {e.date:%B %Y}" for e in entries]
    first = " ".join(entries[0].notes[0].split()[:6])
    assert first in " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_page_is_in_the_navigation_and_the_preview_watches_the_file():
    config = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert {"What changed": "changes.md"} in config["nav"]
    assert changelog.FILE in config["watch"]


def test_a_broken_changelog_stops_the_build_with_its_line(project):
    path = project / changelog.FILE
    text = path.read_text(encoding="utf-8").replace("## 2026-11-23", "## 23/11/2026", 1)
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("## 23/11/2026") + 1
    out = failed_build(project)
    assert f"CHANGELOG.md:{line}: '23/11/2026' is not a date. Write it as YYYY-MM-DD" in out
