"""The routine player's data: the routines a page shows, as JSON, from the
checked guide.

A page that shows a routine (the routines page, a routine's handout page)
carries one `<div id="fn-player-data" data-routines="...">` with this JSON,
written by the build (hooks.py) and read by docs/javascripts/player.js.
Nothing in it is typed twice: names, cues, times, pressures, diagrams and
the safety notes all come from docs/data/guide.yml through the Guide, and
the words that lead a note are render.py's own.

The block holds each technique and note once, by id, however many of the
page's routines use them. The browser only ever puts these strings into the
page as text, never as HTML.
"""

from __future__ import annotations

import html
import json
from typing import Callable

from .guide import Guide
from .model import Routine, SafetyNote
from .render import (ACTION_LABEL, AREA_WORDS, EMERGENCY_IF, LEVEL_STYLE, PRESSURE_WORDS,
                     SIGNS_LABEL, full_action, total_phrase)

ELEMENT_ID = "fn-player-data"
SCRIPT = "javascripts/player.js"  # under docs/
# A short pause between the two sides of a per-side routine, to move to the
# other foot or leg. It is not one of the routine's steps.
SWITCH_SECONDS = 10
# What "add time" gives the current step (WCAG 2.2.1: time can be extended).
EXTEND_SECONDS = 30
SIDE_NAMES = {"foot": ("right foot", "left foot"), "leg": ("right leg", "left leg")}
# The note whose action is the player's stop line, always on screen.
STOP_NOTE = "should-not-hurt"


def stop_line(guide) -> str:
    """The line always on the player's screen: the first sentence of the
    stop note's action (the rest, such as what soreness is normal, is in the
    note itself, shown before the routine starts)."""
    return guide.note(STOP_NOTE).action.split(". ")[0].rstrip(".") + "."


def note_data(n: SafetyNote) -> dict:
    """A note as render.note() shows it on the web: the same title, parts and order."""
    return {
        "level": n.level,
        "kind": LEVEL_STYLE[n.level][0],  # the admonition style
        "get_help": n.get_help,
        "title": f"{LEVEL_STYLE[n.level][1]}: {n.title}",
        "text": n.text,
        "signs": list(n.signs),
        "action": full_action(n),
        "emergency": n.emergency_if or "",
    }


def routine_data(guide: Guide, r: Routine) -> dict:
    """The routine, and its notes by id: the same notes, in the same order, as
    the routine shows on the Routines page (precautions, then get-help)."""
    return {
        "id": r.id,
        "title": r.title,
        "summary": r.summary,
        "audience": r.audience,
        "who": r.who,
        "when": r.when,
        "time": total_phrase(guide, r),
        "sides": list(SIDE_NAMES[r.per_side]) if r.per_side else [],
        "steps": [{
            "technique": s.technique,
            "cue": s.cue,
            "seconds": round(guide.step_minutes(s) * 60),
            "pressure": PRESSURE_WORDS[guide.step_pressure(s)].lower(),
        } for s in r.steps],
        "notes": [n.id for n in guide.routine_notes(r)],
    }


def page_data(guide: Guide, routine_ids: list[str], href: Callable[[str], str],
              every: bool = False) -> dict:
    """Everything the player needs for these routines. `href` turns a path
    under docs/ (an image, a page's folder) into an address from this page.
    With `every`, it has every technique and note, for a routine made in the
    handout builder (docs/play.md)."""
    routines = [guide.routine(i) for i in dict.fromkeys(routine_ids)]
    data = [routine_data(guide, r) for r in routines]
    techniques = {}
    chosen = (guide.data.techniques if every
              else [t for r in routines for t in guide.routine_techniques(r)])
    for t in chosen:
        techniques[t.id] = {"name": t.name, "area": t.area, "area_name": AREA_WORDS[t.area],
                            "picture": href("images/" + t.picture.file),
                            "alt": t.picture.alt}
    note_ids = dict.fromkeys(i for d in data for i in d["notes"])
    if every:
        note_ids = dict.fromkeys(n.id for n in guide.data.safety_notes)
    return {
        "routines": data,
        "techniques": techniques,
        "notes": {i: note_data(guide.note(i)) for i in note_ids},
        "words": {"signs": SIGNS_LABEL, "action": ACTION_LABEL, "emergency": EMERGENCY_IF},
        "stop": stop_line(guide),
        "side_names": {k: list(v) for k, v in SIDE_NAMES.items()},
        "switch_seconds": SWITCH_SECONDS,
        "extend_seconds": EXTEND_SECONDS,
        "aftercare": href("aftercare/"),
        "aftercare_handout": href("handouts/aftercare/"),
    }


def element(data: dict) -> str:
    """The data block: JSON in an attribute of an empty, hidden element.

    Not a `<script type="application/json">`: Material's instant navigation
    copies the scripts of each new page into plain (runnable) scripts, which
    would lose the type and id. An attribute survives, search never indexes
    it, and html.escape keeps every quote, `<` and `&` inside it."""
    return json_element(ELEMENT_ID, "routines", data)


def json_element(element_id: str, name: str, data: dict) -> str:
    """`<div id=... hidden data-NAME="JSON">`: the player's data, and the
    handout builder's (macros/builder.py)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f'<div id="{element_id}" hidden data-{name}="{html.escape(text, quote=True)}"></div>'
