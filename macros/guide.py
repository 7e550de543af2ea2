"""The checked guide: records by id, plus what is derived from them.

Totals are computed here and never typed into the data file.
"""

from __future__ import annotations

import difflib

from .model import LEVELS, GuideData, Routine, SafetyNote, Source, Step, Technique


class UnknownId(LookupError):
    """An id that a page asked for is not in the data file."""

    def __init__(self, kind: str, wanted: str, choices: list[str], section: str):
        self.kind, self.wanted, self.section = kind, wanted, section
        self.closest = difflib.get_close_matches(wanted, choices, n=3, cutoff=0.4)
        self.choices = sorted(choices)
        hint = (" Closest: " + ", ".join(f"'{c}'" for c in self.closest) + "."
                if self.closest else
                " Valid ids: " + ", ".join(f"'{c}'" for c in self.choices[:12]) + ".")
        super().__init__(f"there is no {kind} with the id '{wanted}'.{hint}")


def by_severity(notes) -> list[SafetyNote]:
    """Safety notes, most serious level first (stable within a level)."""
    return sorted(notes, key=lambda n: -LEVELS.index(n.level))


def format_minutes(minutes: float) -> str:
    return f"{minutes:g}"


class Guide:
    def __init__(self, data: GuideData):
        self.data = data
        self.sources = {s.id: s for s in data.sources}
        self.notes = {n.id: n for n in data.safety_notes}
        self.techniques = {t.id: t for t in data.techniques}
        self.routines = {r.id: r for r in data.routines}

    # lookups that name the closest ids when they fail
    def _get(self, table: dict, kind: str, wanted: object):
        if not isinstance(wanted, str) or wanted not in table:
            section = kind.replace(" ", "_") + "s"
            raise UnknownId(kind, str(wanted), list(table), section)
        return table[wanted]

    def source(self, id: str) -> Source:
        return self._get(self.sources, "source", id)

    def note(self, id: str) -> SafetyNote:
        return self._get(self.notes, "safety note", id)

    def technique(self, id: str) -> Technique:
        return self._get(self.techniques, "technique", id)

    def routine(self, id: str) -> Routine:
        return self._get(self.routines, "routine", id)

    # derived values
    def step_minutes(self, step: Step) -> float:
        return step.minutes if step.minutes is not None else self.technique(step.technique).minutes

    def step_pressure(self, step: Step) -> str:
        return step.pressure or self.technique(step.technique).pressure

    def side_minutes(self, routine: Routine) -> float:
        """Minutes for one pass through the steps (one leg, for a per-side routine)."""
        return sum(self.step_minutes(s) for s in routine.steps)

    def total_minutes(self, routine: Routine) -> float:
        return self.side_minutes(routine) * (2 if routine.per_side else 1)

    def notes_for(self, topic: str, include_all: bool = False) -> list[SafetyNote]:
        """Notes that apply to a topic, most serious first."""
        wanted = {topic, "all"} if include_all else {topic}
        hits = [n for n in self.data.safety_notes if wanted & set(n.applies_to)]
        return by_severity(hits)

    def routine_notes(self, routine: Routine) -> list[SafetyNote]:
        """The routine's own cautions, then those of its techniques, each once."""
        ids: list[str] = list(routine.cautions)
        for step in routine.steps:
            ids += [c for c in self.technique(step.technique).cautions]
        unique = list(dict.fromkeys(ids))
        return by_severity(self.notes[i] for i in unique)
