"""The typed model of docs/data/guide.yml.

Every record is frozen and strict: YAML must already hold the right type
(no "5" for 5), and an unknown key is an error, so a typo never passes
silently. Cross-references (step -> technique, anything -> source) are
checked in loader.py, where the line numbers are known.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Url = Annotated[str, StringConstraints(pattern=r"^https://[^\s<>\"'`]+$")]
Minutes = Annotated[float, Field(gt=0, le=60, multiple_of=0.5)]
SvgFile = Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+(/[a-z0-9-]+)*\.svg$")]

# Body areas a technique works on. A safety note can also apply to "all"
# massage, to oils, to soaking the feet, to pregnancy, to an injury, to heat
# (heated massagers, hot water) or to devices such as massage guns.
Area = Literal["foot", "calf", "thigh", "back"]
NoteTopic = Literal["all", "foot", "calf", "thigh", "back", "oil", "soak", "pregnancy",
                    "injury", "heat", "device", "essential-oil"]
Pressure = Literal["light", "moderate", "firm"]
Audience = Literal["self", "partner", "practitioner"]

# Two kinds of note, each with three levels, mildest first.
# Precautions say whether to massage at all: take care, ask a clinician
# first, do not massage. Get-help notes are the NHS's three levels: see a
# clinician (book an appointment), urgent (get help today), emergency (call
# an emergency number now). A get-help note must name its signs and one
# action (rules.py), and every body area must have all three.
Level = Literal[
    "caution", "ask-first", "do-not", "see-clinician", "urgent", "emergency"
]
LEVELS: list[str] = Level.__args__  # type: ignore[attr-defined]
PRECAUTION_LEVELS: tuple[str, ...] = ("caution", "ask-first", "do-not")
GET_HELP_LEVELS: tuple[str, ...] = ("see-clinician", "urgent", "emergency")
AREAS: list[str] = Area.__args__  # type: ignore[attr-defined]
NOTE_TOPICS: list[str] = NoteTopic.__args__  # type: ignore[attr-defined]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Source(Record):
    id: Id
    title: Text
    publisher: Text
    # The year it was published or last reviewed; left out for a web page
    # that shows no date, rather than guessed.
    year: Annotated[int, Field(ge=1950, le=2100)] | None = None
    updated: Annotated[int, Field(ge=1950, le=2100)] | None = None  # a guideline's last update
    url: Url
    authors: Text | None = None


class SafetyNote(Record):
    id: Id
    level: Level
    title: Text  # means something on its own: "Signs of a blood clot in the leg"
    text: Text
    signs: list[Text] = Field(default_factory=list)
    action: Text | None = None
    # An urgent or see-clinician note can say when it becomes an emergency:
    # "Call your local emergency number now if" + this.
    emergency_if: Text | None = None
    applies_to: Annotated[list[NoteTopic], Field(min_length=1)]
    sources: Annotated[list[Id], Field(min_length=1)]

    @property
    def get_help(self) -> bool:
        return self.level in GET_HELP_LEVELS


class Picture(Record):
    """A small diagram: where the hands (or the ball) go, which way they move."""

    file: SvgFile  # under docs/images/, e.g. techniques/thumb-walking.svg
    alt: Annotated[str, StringConstraints(strip_whitespace=True, min_length=20, max_length=200)]


class Technique(Record):
    id: Id
    name: Text
    area: Area
    pressure: Pressure
    minutes: Minutes
    purpose: Text
    steps: Annotated[list[Text], Field(min_length=1)]
    picture: Picture
    oil: bool = False  # uses oil or lotion: brings the oil and allergy notes
    cautions: list[Id] = Field(default_factory=list)  # precautions only
    sources: list[Id] = Field(default_factory=list)


class Step(Record):
    technique: Id
    cue: Text
    minutes: Minutes | None = None
    pressure: Pressure | None = None


class Routine(Record):
    id: Id
    title: Text
    audience: Audience
    who: Text
    when: Text
    summary: Text
    per_side: Literal["foot", "leg"] | None = None
    steps: Annotated[list[Step], Field(min_length=1)]
    cautions: list[Id] = Field(default_factory=list)


class GuideInfo(Record):
    """The guide itself: its name and when the data was last reviewed."""

    name: Text
    reviewed: dt.date
    next_review: dt.date


class Aftercare(Record):
    title: Text
    summary: Text
    steps: Annotated[list[Text], Field(min_length=1)]
    notes: list[Id] = Field(default_factory=list)


class SafetyCheck(Record):
    """The intake checklist: the signs of these notes become questions."""

    title: Text
    summary: Text
    notes: Annotated[list[Id], Field(min_length=1)]
    questions: list[Text] = Field(default_factory=list)  # asked after the notes' signs


class Handouts(Record):
    aftercare: Aftercare
    safety_check: SafetyCheck


class GuideData(Record):
    """The file as written: the guide's details, handouts, four lists of records."""

    guide: GuideInfo
    handouts: Handouts
    sources: Annotated[list[Source], Field(min_length=1)]
    safety_notes: Annotated[list[SafetyNote], Field(min_length=1)]
    techniques: Annotated[list[Technique], Field(min_length=1)]
    routines: Annotated[list[Routine], Field(min_length=1)]
