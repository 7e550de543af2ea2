"""The ten mistakes an editor is most likely to make, each made in a copy
of the real guide and built as `make build` and `make serve` build it.

Each must stop the build with one message that names the file and the line
and says what to do, with no Python traceback, and leave the last good site
as it was (`failed_build` checks those two). CONTRIBUTING.md lists the same
ten under "Read an error".
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.test_build import failed_build

# A located line: "docs/about.md:8: ...", after MkDocs' "WARNING -  " if any.
LOCATED = re.compile(r"^(?:(?:WARNING|ERROR)\s+-\s+)?(docs/\S+?):(\d+): (.*)$", re.M)


def edit(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text


def line_of(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


def before_heading(project: Path, page: str, line: str) -> tuple[str, int]:
    """Add a line to a real page just before its first heading, as an editor
    adds a sentence; return (shown path, its line)."""
    text = edit(project / "docs" / page, "\n# ", f"\n{line}\n\n# ")
    return f"docs/{page}", line_of(text, line)


def data(project: Path) -> Path:
    return project / "docs" / "data" / "guide.yml"


def misspelt_macro(project):
    where, line = before_heading(project, "about.md", '{{ safty_note("dvt") }}')
    return where, line, "Did you mean 'safety_note'"


def wrong_routine_id(project):
    text = edit(project / "docs" / "calf-and-leg.md", 'routine_total("bedtime-legs")',
                'routine_total("bedtime-leg")')
    return "docs/calf-and-leg.md", line_of(text, 'routine_total("bedtime-leg")'), \
        "Did you mean 'bedtime-legs'?"


def missing_date(project):
    page = project / "docs" / "about.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(re.sub(r"next_review: .*\n", "", text, count=1), encoding="utf-8")
    return "docs/about.md", 1, "Add a line 'next_review: "


def broken_link(project):
    where, line = before_heading(project, "about.md", "Read [Safety first](safty.md).")
    return where, line, "Did you mean 'safety.md'?"


def bad_yaml_indent(project):
    text = edit(data(project), "    title: Health problems that rule out massage\n",
                "   title: Health problems that rule out massage\n")
    return "docs/data/guide.yml", line_of(text, "   title: Health problems that rule out"), \
        "Check the indentation"


def minutes_as_a_word(project):
    text = edit(data(project), "        minutes: 1\n", "        minutes: one\n")
    return "docs/data/guide.yml", line_of(text, "minutes: one"), "Write it in digits"


def source_without_address(project):
    text = edit(data(project), "    url: https://www.nhs.uk/conditions/deep-vein-thrombosis-dvt/\n", "")
    return "docs/data/guide.yml", line_of(text, "  - id: nhs-dvt\n"), \
        "the required key 'url' is missing. Add it."


def page_left_out_of_the_navigation(project):
    docs = project / "docs"
    (docs / "new-page.md").write_text((docs / "about.md").read_text(encoding="utf-8"),
                                      encoding="utf-8")
    return "docs/new-page.md", 1, "Add it under 'nav:' in mkdocs.yml"


def unclosed_bold(project):
    where, line = before_heading(project, "about.md", "This is **very important.")
    return where, line, "Add the closing '**'"


def copied_routine_keeps_its_id(project):
    text = data(project).read_text(encoding="utf-8")
    copy = text[text.index("  - id: desk-break\n"):text.index("  - id: self-back-relief\n")]
    text = text + "\n" + copy.rstrip() + "\n"
    data(project).write_text(text, encoding="utf-8")
    second = text.index("  - id: desk-break\n", text.index("  - id: desk-break\n") + 1)
    return "docs/data/guide.yml", text[:second].count("\n") + 1, "rename one"


MISTAKES = [misspelt_macro, wrong_routine_id, missing_date, broken_link, bad_yaml_indent,
            minutes_as_a_word, source_without_address, page_left_out_of_the_navigation,
            unclosed_bold, copied_routine_keeps_its_id]


@pytest.mark.parametrize("mistake", MISTAKES, ids=lambda m: m.__name__)
def test_each_likely_mistake_gives_one_located_message_with_the_fix(project, mistake):
    where, line, fix = mistake(project)
    out = failed_build(project)  # fails, no traceback, the old site untouched
    located = LOCATED.findall(out)
    assert len(located) == 1, out
    [(file, at, message)] = located
    assert (file, int(at)) == (where, line), out
    assert fix in message, out
