"""The data file: each kind of editor mistake gets one plain message that
names the file, the line and the key path."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from macros.loader import GuideDataError, load_guide
from tests.conftest import DATA, FIXTURES

SHOWN = "docs/data/guide.yml"
MINIMAL = (FIXTURES / "minimal.yml").read_text(encoding="utf-8")


def problems_for(tmp_path: Path, text: str | bytes) -> list[str]:
    path = tmp_path / "guide.yml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(GuideDataError) as caught:
        load_guide(path, SHOWN)
    for problem in caught.value.problems:
        assert problem.startswith(SHOWN), problem
        assert "Traceback" not in problem
    return caught.value.problems


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """The line number of the nth line that ends with `needle`."""
    lines = [i for i, l in enumerate(text.splitlines(), 1) if l.rstrip().endswith(needle)]
    return lines[nth - 1]


def test_the_real_data_file_loads():
    guide = load_guide(DATA)
    assert len(guide.data.routines) >= 4
    assert {"dvt", "diabetes-feet", "back-emergency", "nut-oils", "patch-test"} <= set(guide.notes)


def test_minimal_fixture_loads_and_derives_totals(tmp_path):
    path = tmp_path / "g.yml"
    path.write_text(MINIMAL, encoding="utf-8")
    guide = load_guide(path)
    routine = guide.routine("short-calf")
    # 2 (technique default) + 1.5 (step's own) per leg, both legs.
    assert guide.side_minutes(routine) == 3.5
    assert guide.total_minutes(routine) == 7


def test_yaml_syntax_error_names_line(tmp_path):
    text = MINIMAL.replace("name: Calf squeeze", "name: Calf squeeze: \"oops")
    [msg] = problems_for(tmp_path, text)
    bad = line_of(text, 'squeeze: "oops')
    assert msg.startswith((f"{SHOWN}:{bad}:", f"{SHOWN}:{bad + 1}:"))
    assert "YAML syntax error" in msg


def test_wrong_type_names_line_and_key(tmp_path):
    text = MINIMAL.replace("year: 2019", 'year: "2019"')
    [msg] = problems_for(tmp_path, text)
    bad = line_of(text, 'year: "2019"')
    assert msg.startswith(f"{SHOWN}:{bad}: sources[nccih-massage].year:")
    assert "whole number" in msg or "integer" in msg


def test_missing_field(tmp_path):
    text = MINIMAL.replace("    purpose: Many people find it relaxing.\n", "")
    [msg] = problems_for(tmp_path, text)
    assert "techniques[calf-squeeze].purpose" in msg
    assert "required key 'purpose' is missing" in msg
    assert msg.startswith(f"{SHOWN}:{line_of(text, '- id: calf-squeeze')}:")


def test_unknown_key_is_a_typo(tmp_path):
    text = MINIMAL.replace("    cautions: [no-massage]", "    cautoins: [no-massage]")
    [msg] = problems_for(tmp_path, text)
    assert msg.startswith(f"{SHOWN}:{line_of(text, 'cautoins: [no-massage]')}: techniques[calf-squeeze].cautoins:")
    assert "not a key here" in msg and "Did you mean 'cautions'?" in msg


def test_bad_choice_lists_allowed_values(tmp_path):
    text = MINIMAL.replace("pressure: moderate", "pressure: medium")
    [msg] = problems_for(tmp_path, text)
    assert "techniques[calf-squeeze].pressure" in msg
    assert "'light', 'moderate' or 'firm'" in msg


def test_minutes_must_be_positive(tmp_path):
    text = MINIMAL.replace("minutes: 1.5", "minutes: 0")
    [msg] = problems_for(tmp_path, text)
    assert f"{SHOWN}:{line_of(text, 'minutes: 0')}: routines[short-calf].steps[2].minutes:" in msg
    assert "greater than 0" in msg


def test_duplicate_id(tmp_path):
    extra = MINIMAL.split("routines:\n")[1]
    text = MINIMAL + extra  # the same routine twice
    [msg] = problems_for(tmp_path, text)
    assert msg.startswith(f"{SHOWN}:{line_of(text, '- id: short-calf', 2)}:")
    assert "'short-calf' is used twice" in msg


def test_duplicate_key_in_one_record(tmp_path):
    text = MINIMAL.replace("    title: A short calf routine\n",
                           "    title: A short calf routine\n    title: Again\n")
    [msg] = problems_for(tmp_path, text)
    assert msg.startswith(f"{SHOWN}:{line_of(text, 'title: Again')}: routines[short-calf].title:")
    assert "appears twice" in msg


def test_dangling_references_are_all_reported_with_closest_id(tmp_path):
    text = (MINIMAL.replace("sources: [nccih-massage]", "sources: [nccih-masage]", 1)
                   .replace("cautions: [no-massage]", "cautions: [no-masage]")
                   .replace("- technique: calf-squeeze\n        cue: Once",
                            "- technique: calf-squeez\n        cue: Once"))
    msgs = problems_for(tmp_path, text)
    assert len(msgs) == 3
    joined = "\n".join(msgs)
    assert f"{SHOWN}:{line_of(text, '[nccih-masage]')}: safety_notes[no-massage].sources[1]:" in joined
    assert "Did you mean 'nccih-massage'?" in joined
    assert f"{SHOWN}:{line_of(text, '[no-masage]')}: techniques[calf-squeeze].cautions[1]:" in joined
    assert f"{SHOWN}:{line_of(text, 'calf-squeez')}: routines[short-calf].steps[2].technique:" in joined
    assert "Did you mean 'calf-squeeze'?" in joined


def test_several_type_errors_at_once_in_line_order(tmp_path):
    text = MINIMAL.replace("year: 2019", "year: soon").replace("pressure: moderate", "pressure: 3")
    msgs = problems_for(tmp_path, text)
    assert len(msgs) == 2
    lines = [int(re.match(rf"{SHOWN}:(\d+):", m).group(1)) for m in msgs]
    assert lines == sorted(lines)


@pytest.mark.parametrize("text", ["", "   \n", "# only a comment\n"])
def test_empty_file(tmp_path, text):
    [msg] = problems_for(tmp_path, text)
    assert msg.startswith(f"{SHOWN}:1:") and "empty" in msg


def test_bad_encoding_names_line(tmp_path):
    raw = MINIMAL.encode("utf-8").replace(b"Calf squeeze", b"Calf squ\xe9eze", 1)
    [msg] = problems_for(tmp_path, raw)
    assert msg.startswith(f"{SHOWN}:{line_of(MINIMAL, 'name: Calf squeeze')}:")
    assert "UTF-8" in msg


def test_top_level_must_be_a_mapping(tmp_path):
    [msg] = problems_for(tmp_path, "- just\n- a list\n")
    assert "mapping" in msg


def test_missing_section(tmp_path):
    text = MINIMAL.split("routines:")[0]
    [msg] = problems_for(tmp_path, text)
    assert "routines" in msg and "missing" in msg


def test_missing_file_is_plain(tmp_path):
    with pytest.raises(GuideDataError) as caught:
        load_guide(tmp_path / "nope.yml", SHOWN)
    assert "missing" in str(caught.value)


def test_a_missing_picture_names_the_file_and_the_closest(tmp_path):
    docs = tmp_path / "docs"
    (docs / "images" / "techniques").mkdir(parents=True)
    (docs / "images" / "techniques" / "calf-squeeze-glide.svg").write_text("<svg/>", encoding="utf-8")
    (docs / "data").mkdir()
    text = MINIMAL.replace("file: techniques/calf-squeeze-glide.svg", "file: techniques/calf-squeze-glide.svg")
    path = docs / "data" / "guide.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GuideDataError) as caught:
        load_guide(path, SHOWN)
    [msg] = caught.value.problems
    assert msg.startswith(f"{SHOWN}:{line_of(text, 'calf-squeze-glide.svg')}: techniques[calf-squeeze].picture.file:")
    assert "docs/images/techniques/calf-squeze-glide.svg" in msg
    assert "'techniques/calf-squeeze-glide.svg'" in msg


LAUGHS = "a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']\n" + "".join(
    f"{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
    for p, c in zip("abcdefgh", "bcdefghi"))


@pytest.mark.parametrize("text, line, says", [
    (LAUGHS, 1, "anchors (&name) and aliases (*name) are not allowed"),  # 9**9 items if expanded
    ("guide: " + "[" * 5000 + "]" * 5000 + "\n", 1, "nested more than 20 levels deep"),
    ("guide: |\n" + "  words words words words\n" * 90_000, None, "MB; a data file over 2 MB"),
])
def test_hostile_yaml_is_refused_quickly_and_plainly(tmp_path, text, line, says):
    """Refused before anything is built. Run in a child process with a
    generous limit, so a regression fails this test instead of hanging the suite."""
    import subprocess
    import sys

    path = tmp_path / "guide.yml"
    path.write_text(text, encoding="utf-8")
    code = ("import sys; from macros.loader import load_guide, GuideDataError\n"
            "try: load_guide(sys.argv[1], 'docs/data/guide.yml')\n"
            "except GuideDataError as e: print(e); sys.exit(1)\n")
    result = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                            text=True, timeout=60, cwd=Path(__file__).resolve().parent.parent)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    [msg] = result.stdout.strip().splitlines()
    assert msg.startswith(f"{SHOWN}:{line}:" if line else f"{SHOWN}:"), msg
    assert says in msg, msg


WALKING_PAIN_ACTION = "    action: Book an appointment with a doctor.\n"


def test_an_urgent_note_may_not_be_left_off_a_handout(tmp_path):
    text = DATA.read_text(encoding="utf-8").replace(
        "    web_only:\n      - foot-see-clinician\n",
        "    web_only:\n      - dvt\n      - foot-see-clinician\n", 1)
    problems = problems_for(tmp_path, text)
    assert len(problems) == 1
    assert problems[0].startswith(f"{SHOWN}:{line_of(text, '- dvt')}:")
    assert "'dvt' is level: urgent. Only see-clinician notes may be left off" in problems[0]


def test_a_note_that_gains_an_emergency_line_must_print_where_it_was_left_off(tmp_path):
    text = DATA.read_text(encoding="utf-8")
    assert text.count(WALKING_PAIN_ACTION) == 1 and "      - calf-pain-walking\n" in text
    text = text.replace(WALKING_PAIN_ACTION, WALKING_PAIN_ACTION
                        + "    emergency_if: the pain suddenly gets much worse.\n")
    problems = problems_for(tmp_path, text)
    assert len(problems) == 1
    assert problems[0].startswith(f"{SHOWN}:{line_of(text, '- calf-pain-walking')}:")
    assert "'calf-pain-walking' says when to call an emergency number" in problems[0]


def test_a_checked_guide_is_reused_only_for_the_same_bytes(tmp_path, monkeypatch):
    """The build keeps each checked guide (Site.load passes a cache): the
    same bytes are not read and checked again, any edit is, and a file with
    problems is never kept, so its messages come every time."""
    import macros.loader as loader

    cache = tmp_path / "cache"
    path = tmp_path / "g.yml"
    path.write_text(MINIMAL, encoding="utf-8")
    first = load_guide(path, SHOWN, cache=cache)
    assert len(list(cache.glob("*.pickle"))) == 1

    real_read = loader.read_yaml
    monkeypatch.setattr(loader, "read_yaml", lambda *a: pytest.fail("read again"))
    again = load_guide(path, SHOWN, cache=cache)
    assert again.data == first.data and again.routine("short-calf") == first.routine("short-calf")

    path.write_text(MINIMAL.replace("name: Calf squeeze", "name: Calf press"), encoding="utf-8")
    with pytest.raises(pytest.fail.Exception):
        load_guide(path, SHOWN, cache=cache)  # an edit: read and checked again
    monkeypatch.setattr(loader, "read_yaml", real_read)
    assert load_guide(path, SHOWN, cache=cache).technique("calf-squeeze").name == "Calf press"

    path.write_text(MINIMAL.replace("minutes: 2", "minutes: two", 1), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(GuideDataError):
            load_guide(path, SHOWN, cache=cache)
    assert len(list(cache.glob("*.pickle"))) == 2  # the two good versions only

    for kept in cache.glob("*.pickle"):
        kept.write_bytes(b"damaged")
    path.write_text(MINIMAL, encoding="utf-8")
    assert load_guide(path, SHOWN, cache=cache).data == first.data  # checked again, not a crash
