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
    # The docstring under each field is its description in the JSON Schema
    # (docs/data/guide.schema.json), which editors see as they type; the
    # schema reads them from this file (macros/schema.py field_docs).
    # Each model's validator is made when first needed: a build that takes
    # its checked guide from the cache (macros/loader.py) never needs one.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


class Source(Record):
    """A study, guideline or health page that the guide cites."""

    id: Annotated[Id, Field(examples=["nhs-dvt"])]
    """Lowercase words joined by hyphens. Pages cite it: {{ cite("nhs-dvt") }}."""
    title: Text
    """The title as the source gives it."""
    publisher: Text
    """Who published it: a journal, the NHS, a health agency."""
    year: Annotated[int, Field(ge=1950, le=2100, examples=[2024])] | None = None
    """The year it was published or last reviewed. Leave it out for a web page that shows no date; never guess."""
    updated: Annotated[int, Field(ge=1950, le=2100)] | None = None
    """The year a guideline was last updated, if after 'year'."""
    url: Annotated[Url, Field(examples=["https://www.nhs.uk/conditions/deep-vein-thrombosis-dvt/"])]
    """The address to read it at. Must start with https://."""
    authors: Text | None = None
    """For a study: the first authors, then 'et al.'"""


class SafetyNote(Record):
    """A precaution (whether to massage at all) or a get-help note (NHS levels)."""

    id: Annotated[Id, Field(examples=["dvt"])]
    """Lowercase words joined by hyphens. Pages show it: {{ safety_note("dvt") }}."""
    level: Annotated[Level, Field(examples=["urgent"])]
    """caution, ask-first, do-not (precautions); see-clinician, urgent, emergency (get help)."""
    title: Annotated[Text, Field(examples=["Signs of a blood clot in the leg"])]
    """A title that means something on its own."""
    text: Text
    """Short sentences: what it is and why it matters."""
    signs: list[Text] = Field(default_factory=list)
    """One short line per sign. A get-help note must list its signs."""
    action: Text | None = None
    """The one thing to do. A get-help note must have one."""
    emergency_if: Text | None = None
    """For an urgent or see-clinician note: when it becomes an emergency. Shown as 'Call your local emergency number now if' + this."""
    applies_to: Annotated[list[NoteTopic], Field(min_length=1, examples=[["calf", "thigh"]])]
    """The body areas or topics it is for; get_help("calf") shows every get-help note for calf."""
    sources: Annotated[list[Id], Field(min_length=1)]
    """Ids of the sources that support it."""

    @property
    def get_help(self) -> bool:
        return self.level in GET_HELP_LEVELS


class Picture(Record):
    """A small diagram: where the hands (or the ball) go, which way they move."""

    file: Annotated[SvgFile, Field(examples=["techniques/thumb-walking.svg"])]
    """An SVG under docs/images/, with no text in it."""
    alt: Annotated[str, StringConstraints(strip_whitespace=True, min_length=20, max_length=200)]
    """What the picture shows, for people who cannot see it (20 to 200 characters)."""


class Technique(Record):
    """One move: what it is for, its numbered steps, how hard and how long."""

    id: Annotated[Id, Field(examples=["thumb-walking"])]
    """Lowercase words joined by hyphens. Pages show it: {{ technique("thumb-walking") }}."""
    name: Text
    """The name readers see, e.g. 'Thumb walking'."""
    area: Annotated[Area, Field(examples=["foot"])]
    """foot, calf, thigh or back."""
    pressure: Annotated[Pressure, Field(examples=["moderate"])]
    """light, moderate or firm."""
    minutes: Annotated[Minutes, Field(examples=[2, 1.5])]
    """A number, in steps of 0.5, more than 0 and at most 60. Write 2, not 'two'."""
    purpose: Text
    """One sentence: what it is for."""
    steps: Annotated[list[Text], Field(min_length=1)]
    """The numbered steps, one short sentence each."""
    picture: Picture
    """The diagram shown beside the steps."""
    cue: Annotated[str, StringConstraints(strip_whitespace=True, min_length=10, max_length=110)]
    """One short line for a handout step made in the handout builder (a routine's steps have their own cues)."""
    oil: bool = False
    """true if it uses oil or lotion: the oil and allergy notes then come with it."""
    cautions: list[Id] = Field(default_factory=list)
    """Ids of precaution notes (caution, ask-first, do-not) for this move."""
    sources: list[Id] = Field(default_factory=list)
    """Ids of the sources for its purpose."""


class Step(Record):
    """One step of a routine: a technique, with a cue, and its own time or pressure if they differ."""

    technique: Annotated[Id, Field(examples=["thumb-walking"])]
    """The id of a technique under techniques:."""
    cue: Text
    """A short reminder of what to do in this step."""
    minutes: Minutes | None = None
    """Leave out to use the technique's minutes."""
    pressure: Pressure | None = None
    """Leave out to use the technique's pressure."""


class Routine(Record):
    """A timed routine. Each routine gets its own printable handout."""

    id: Annotated[Id, Field(examples=["bedtime-legs"])]
    """Lowercase words joined by hyphens; a new routine needs a new id."""
    title: Text
    """The title readers see, and the handout's title."""
    audience: Annotated[Audience, Field(examples=["self"])]
    """self, partner or practitioner."""
    who: Text
    """Who it is for."""
    when: Text
    """When to do it."""
    summary: Text
    """One sentence on what it does."""
    per_side: Literal["foot", "leg"] | None = None
    """foot or leg if the steps are done on one side and then the other."""
    steps: Annotated[list[Step], Field(min_length=1)]
    """The steps in order. Totals are worked out, never typed."""
    cautions: list[Id] = Field(default_factory=list)
    """Ids of extra notes this routine's handout must carry."""
    web_only: Annotated[list[Id], Field(examples=[["foot-see-clinician"]])] = Field(
        default_factory=list)
    """Ids of see-clinician notes left off the printed handout when it cannot
    fit one page; the handout points to the web page, which shows them."""


class GuideInfo(Record):
    """The guide itself: its name and when the data was last reviewed."""

    name: Text
    """The guide's name."""
    reviewed: Annotated[dt.date, Field(examples=["2026-11-23"])]
    """When the data was last reviewed, as YYYY-MM-DD."""
    next_review: Annotated[dt.date, Field(examples=["2027-11-23"])]
    """When it is next due for review, as YYYY-MM-DD."""


class Aftercare(Record):
    """The aftercare handout."""

    title: Text
    """Its title."""
    summary: Text
    """One sentence on what it is for."""
    steps: Annotated[list[Text], Field(min_length=1)]
    """What to do after a massage, one line each."""
    notes: list[Id] = Field(default_factory=list)
    """Ids of the safety notes it prints."""


class SafetyCheck(Record):
    """The intake checklist: the signs of these notes become questions."""

    title: Text
    """Its title."""
    summary: Text
    """One sentence on what it is for."""
    notes: Annotated[list[Id], Field(min_length=1)]
    """Ids of the notes whose signs become questions."""
    questions: list[Text] = Field(default_factory=list)
    """Questions asked after the notes' signs."""


class Builder(Record):
    """The words of a handout made in the handout builder, where they are not a routine's own."""

    title: Text
    """The title of a handout that does not start from a routine."""
    summary: Text
    """Its key message, at the top of the sheet and the player."""
    leg_summary: Text
    """Added to the key message when the handout works on a calf or thigh: it must say 'check both legs'."""


class Handouts(Record):
    """The handouts that are not routines."""

    aftercare: Aftercare
    """What to do after a massage, as a handout."""
    safety_check: SafetyCheck
    """The safety check a practitioner asks before a massage."""
    builder: Builder
    """The handout builder's own words (docs/make-a-handout.md)."""


class GuideData(Record):
    """The file as written: the guide's details, handouts, four lists of records."""

    guide: GuideInfo
    """The guide's name and review dates."""
    handouts: Handouts
    """The aftercare and safety-check handouts."""
    sources: Annotated[list[Source], Field(min_length=1)]
    """Every source the guide cites."""
    safety_notes: Annotated[list[SafetyNote], Field(min_length=1)]
    """Every safety note: precautions first, then get-help notes."""
    techniques: Annotated[list[Technique], Field(min_length=1)]
    """Every technique."""
    routines: Annotated[list[Routine], Field(min_length=1)]
    """Every routine; each gets a handout."""
