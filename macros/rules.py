"""Rules that span records: unique ids, references that resolve, and the
safety rules that keep every warning at its level and complete.

Each rule yields (key path, message); loader.py adds the file and line.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Iterator

from .hints import did_you_mean
from .model import GET_HELP_LEVELS, GuideData

Path_ = tuple[Any, ...]
Problem = tuple[Path_, str]

LEVEL_WORDS = {"see-clinician": "see-clinician (book an appointment)",
               "urgent": "urgent (get help today)",
               "emergency": "emergency (call an emergency number now)"}


def cross_check(model: GuideData,
                line: Callable[[Path_], int]) -> Iterator[Problem]:
    """Duplicate ids and references to ids that do not exist."""
    ids: dict[str, list[str]] = {}
    for section in ("sources", "safety_notes", "techniques", "routines"):
        seen: dict[str, Path_] = {}
        for i, record in enumerate(getattr(model, section)):
            p = (section, i, "id")
            if record.id in seen:
                yield p, (f"the id '{record.id}' is used twice in {section} (first on line "
                          f"{line(seen[record.id])}). Ids must be unique: rename one.")
            else:
                seen[record.id] = p
        ids[section] = list(seen)

    def ref(kind: str, value: str, p: Path_) -> Iterator[Problem]:
        if value not in ids[kind]:
            yield p, f"no entry in {kind} has the id '{value}'. " + did_you_mean(value, ids[kind])

    for i, note in enumerate(model.safety_notes):
        for j, s in enumerate(note.sources):
            yield from ref("sources", s, ("safety_notes", i, "sources", j))
    for i, tech in enumerate(model.techniques):
        for j, c in enumerate(tech.cautions):
            yield from ref("safety_notes", c, ("techniques", i, "cautions", j))
        for j, s in enumerate(tech.sources):
            yield from ref("sources", s, ("techniques", i, "sources", j))
    for j, c in enumerate(model.handouts.aftercare.notes):
        yield from ref("safety_notes", c, ("handouts", "aftercare", "notes", j))
    for j, c in enumerate(model.handouts.safety_check.notes):
        yield from ref("safety_notes", c, ("handouts", "safety_check", "notes", j))
    for i, src in enumerate(model.sources):
        if src.updated and (not src.year or src.updated <= src.year):
            yield (("sources", i, "updated"),
                   "'updated' is the year a source was last updated, so it needs a 'year' "
                   "(when it was first published) that comes before it.")
    if model.guide.next_review <= model.guide.reviewed:
        yield ("guide", "next_review"), "next_review must come after reviewed."
    for i, routine in enumerate(model.routines):
        for j, step in enumerate(routine.steps):
            yield from ref("techniques", step.technique, ("routines", i, "steps", j, "technique"))
        for j, c in enumerate(routine.cautions):
            yield from ref("safety_notes", c, ("routines", i, "cautions", j))
        for j, c in enumerate(routine.web_only):
            yield from ref("safety_notes", c, ("routines", i, "web_only", j))


def safety_rules(model: GuideData) -> Iterator[Problem]:
    """Get-help notes are complete; each area has all three levels; a
    condition sits at one level only; cautions lists hold precautions."""
    notes = {n.id: n for n in model.safety_notes}
    for i, n in enumerate(model.safety_notes):
        if n.emergency_if and n.level not in ("urgent", "see-clinician"):
            yield (("safety_notes", i, "emergency_if"),
                   f"only an urgent or see-clinician note can say when it becomes an "
                   f"emergency, and this one is level: {n.level}. Remove 'emergency_if:', "
                   "or put those signs in an emergency note.")
        if not n.get_help:
            continue
        if not n.signs:
            yield (("safety_notes", i, "level"),
                   f"a get-help note (level: {n.level}) must list the signs to look for. "
                   "Add 'signs:' with one short line for each sign.")
        if not n.action:
            yield (("safety_notes", i, "level"),
                   f"a get-help note (level: {n.level}) must say the one thing to do. "
                   "Add 'action:', for example 'Call your local emergency number now.'")

    covered = {(topic, n.level) for n in model.safety_notes if n.get_help
               for topic in n.applies_to}
    reported: set[tuple[str, str]] = set()
    for i, t in enumerate(model.techniques):
        for level in GET_HELP_LEVELS:
            if (t.area, level) in covered or ("all", level) in covered:
                continue
            if (t.area, level) in reported:
                continue
            reported.add((t.area, level))
            yield (("techniques", i, "area"),
                   f"no {LEVEL_WORDS[level]} safety note applies to the area '{t.area}', so "
                   "pages and handouts for this technique would miss those warning signs. "
                   f"Add a safety note with level: {level} and applies_to: [{t.area}].")

    for section in ("techniques", "routines"):
        for i, record in enumerate(getattr(model, section)):
            for j, c in enumerate(record.cautions):
                if c in notes and notes[c].get_help:
                    yield ((section, i, "cautions", j),
                           f"'{c}' is a get-help note (level: {notes[c].level}). Get-help "
                           "notes come with the area by themselves; list only do-not, "
                           "ask-first and caution notes here. Remove it.")

    for i, routine in enumerate(model.routines):
        for j, c in enumerate(routine.web_only):
            if c in notes and notes[c].level != "see-clinician":
                yield (("routines", i, "web_only", j),
                       f"'{c}' is level: {notes[c].level}. Only see-clinician notes may be "
                       "left off a printed handout; every other warning prints in full. "
                       "Remove it, and shorten the steps or cues instead.")
            elif c in notes and notes[c].emergency_if:
                yield (("routines", i, "web_only", j),
                       f"'{c}' says when to call an emergency number (emergency_if), so "
                       "it must print in full. Remove it, and shorten the steps or cues instead.")

    areas = {t.id: t.area for t in model.techniques}
    for i, routine in enumerate(model.routines):
        legs = {areas.get(s.technique) for s in routine.steps} & {"calf", "thigh"}
        if (legs and routine.audience != "practitioner"
                and "check both legs" not in _plain(routine.summary)):
            yield (("routines", i, "summary"),
                   "this routine works on the legs, so its key message must tell the reader "
                   "to check both legs for signs of a clot first. Add the words 'Check both "
                   "legs first. If one is swollen, warm, red or darker, or sore, do not "
                   "massage. Get medical help today.'")

    if "check both legs" not in _plain(model.handouts.builder.leg_summary):
        yield (("handouts", "builder", "leg_summary"),
               "a built handout that works on the legs adds these words to its key message, "
               "so they must tell the reader to check both legs for signs of a clot first. "
               "Add the words 'Check both legs first.'")

    seen: dict[str, tuple[str, str, int]] = {}
    for i, n in enumerate(model.safety_notes):
        kind = "get-help" if n.get_help else "precaution"
        for j, sign in enumerate(n.signs):
            key = kind + ":" + _plain(sign)
            if key in seen and seen[key][1] != n.level:
                other, level, _ = seen[key]
                yield (("safety_notes", i, "signs", j),
                       f"this sign is also in '{other}' at level {level}. A condition must "
                       "have one answer: keep it in one note, at one level.")
            seen.setdefault(key, (n.id, n.level, j))


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9 ]", " ", text.lower()).split())

