"""The checked guide: records by id, plus what is derived from them.

Totals are computed here and never typed into the data file.
"""

from __future__ import annotations

from .hints import closest, did_you_mean
from .model import GET_HELP_LEVELS, LEVELS, GuideData, Routine, SafetyNote, Source, Step, Technique


class UnknownId(LookupError):
    """An id that a page asked for is not in the data file."""

    def __init__(self, kind: str, wanted: str, choices: list[str], section: str):
        self.kind, self.wanted, self.section = kind, wanted, section
        self.closest = closest(wanted, choices)
        self.choices = sorted(choices)
        hint = " " + did_you_mean(wanted, choices)
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

    def dose(self, area: str) -> tuple[list[str], list[float]]:
        """For one body area: the pressures the self-care and partner routines
        use on it (lightest first), and the minutes each spends on it, per foot
        or leg where it repeats."""
        order = ("light", "moderate", "firm")
        pressures, minutes = set(), []
        for r in self.data.routines:
            if r.audience == "practitioner":  # the dose for people on their own
                continue
            steps = [s for s in r.steps if self.technique(s.technique).area == area]
            if steps:
                pressures |= {self.step_pressure(s) for s in steps}
                minutes.append(sum(self.step_minutes(s) for s in steps))
        return sorted(pressures, key=order.index), sorted(minutes)

    def notes_for(self, topic: str, include_all: bool = False) -> list[SafetyNote]:
        """Notes that apply to a topic, most serious first."""
        wanted = {topic, "all"} if include_all else {topic}
        hits = [n for n in self.data.safety_notes if wanted & set(n.applies_to)]
        return by_severity(hits)

    def topics(self, techniques) -> list[str]:
        """What a set of techniques touches: their areas, and oil if one uses it."""
        techniques = list(techniques)
        found = [t.area for t in techniques] + (["oil"] if any(t.oil for t in techniques) else [])
        return list(dict.fromkeys(found))

    def get_help(self, topics) -> list[SafetyNote]:
        """The get-help notes for these topics (notes for "all" included),
        most urgent first. Pages and handouts never choose these by hand:
        whatever works on an area carries every warning sign for it."""
        wanted = set(topics) | {"all"}
        return by_severity(n for n in self.data.safety_notes
                           if n.level in GET_HELP_LEVELS and wanted & set(n.applies_to))

    def routine_techniques(self, routine: Routine) -> list[Technique]:
        return [self.technique(i) for i in dict.fromkeys(s.technique for s in routine.steps)]

    def routine_notes(self, routine: Routine) -> list[SafetyNote]:
        """The routine's precautions (its own, then its techniques'), each
        once, then the get-help notes for every area it works on."""
        techniques = self.routine_techniques(routine)
        ids: list[str] = list(routine.cautions)
        for t in techniques:
            ids += t.cautions
        precautions = [self.notes[i] for i in dict.fromkeys(ids)]
        return by_severity(precautions) + self.get_help(self.topics(techniques))
