"""Records -> Markdown that uses Material's own components.

Pure functions: they take model records and return text. Every string
that comes from the data file passes through `esc`, so the data can
never add HTML, script or Markdown markup to a page.
"""

from __future__ import annotations

import html
from typing import Callable

from .guide import Guide, by_severity, format_minutes
from .model import Routine, SafetyNote, Source, Technique

# Characters that Markdown or its extensions (tables, emphasis, links,
# attribute lists, mark/caret/tilde) give meaning anywhere in a line. They
# become numeric entities, which every Markdown stage passes through and the
# browser shows as the plain character. A few more matter only at the start
# of a line (lists, headings, quotes); `esc` encodes those there.
_ACTIVE = "\\`*_{}[]|~^="
_TABLE = {ord(c): f"&#{ord(c)};" for c in _ACTIVE}
_LINE_START = set("#+-!0123456789")


def esc(text: str) -> str:
    """Plain text from data -> Markdown that shows exactly that text."""
    safe = html.escape(" ".join(str(text).split()), quote=True).translate(_TABLE)
    if safe[:1] in _LINE_START:
        safe = f"&#{ord(safe[0])};" + safe[1:]
    return safe


# Admonition type (Material) and the words that lead each note's title.
LEVEL_STYLE: dict[str, tuple[str, str]] = {
    "caution": ("warning", "Take care"),
    "ask-first": ("question", "Ask a clinician first"),
    "do-not": ("danger", "Do not massage"),
    "see-clinician": ("info", "See a clinician"),
    "urgent": ("warning", "Get urgent help"),
    "emergency": ("danger", "Emergency"),
}

# How to get each level of help, said once per note on the web and once
# per section heading on paper. On the web it follows an action that says
# to get this help (HELP_WORDS), never one that names its own place and
# time ("Call your midwife straight away"), which it would water down.
LEVEL_HOW = {"urgent": " Ask for an urgent appointment with a doctor, or call a health "
                       "advice line, such as 111 in England."}
HELP_WORDS = "medical help today"
EMERGENCY_IF = "Call your local emergency number now if"
SIGNS_LABEL = "Signs to look for:"
ACTION_LABEL = "What to do:"

SIDES = {"foot": "feet", "leg": "legs"}  # plural of a routine's per_side
PRESSURE_WORDS = {"light": "Light", "moderate": "Moderate", "firm": "Firm"}
AREA_WORDS = {"foot": "Foot", "calf": "Calf", "thigh": "Thigh", "back": "Back"}

Cite = Callable[[list[str]], str]
Anchor = Callable[[str], str]  # note id -> '<span id=...></span>' the first time on a page
Link = Callable[[str], str]  # note id -> address of the note on the safety page


def no_anchor(note_id: str) -> str:
    return ""


def indent(text: str, by: int = 4) -> str:
    pad = " " * by
    return "\n".join(pad + line if line.strip() else "" for line in text.splitlines())


def note(n: SafetyNote, cite: Cite, anchor: Anchor = no_anchor) -> str:
    """A note as an admonition. A get-help note leads with its signs and
    its one action, so a reader in a hurry sees what to look for and what
    to do before the explanation."""
    kind = LEVEL_STYLE[n.level][0]
    signs = "\n".join(f"- {esc(s)}" for s in n.signs)
    explained = f"{esc(n.text)}{cite(n.sources)}"
    if n.get_help:
        body = [f"{anchor(n.id)}**{SIGNS_LABEL}**", signs,
                f"**{ACTION_LABEL}** {esc(full_action(n))}",
                f"**{EMERGENCY_IF}** {esc(n.emergency_if)}" if n.emergency_if else "",
                explained]
    else:
        body = [f"{anchor(n.id)}{explained}", signs, f"**{esc(n.action)}**" if n.action else ""]
    return (f'!!! {kind} "{note_title(n)}"\n\n'
            + indent("\n\n".join(part for part in body if part)) + "\n")


def full_action(n: SafetyNote) -> str:
    """A note's one action, with how to get that level of help where the
    action says to get it (HELP_WORDS)."""
    action = n.action or ""
    return action + (LEVEL_HOW.get(n.level, "") if HELP_WORDS in action.lower() else "")


def notes(items: list[SafetyNote], cite: Cite, anchor: Anchor = no_anchor) -> str:
    return "\n".join(note(n, cite, anchor) for n in items)


def note_title(n: SafetyNote) -> str:
    return f"{LEVEL_STYLE[n.level][1]}: {esc(n.title)}"


def caution_links(items: list[SafetyNote], link: Link, label: str = "Cautions") -> str:
    """One line naming each caution, linked to its full note. Search finds
    the notes themselves on the Safety page, so the line is not indexed."""
    named = "; ".join(f"[{note_title(n)}]({link(n.id)})" for n in items)
    return f'**{label}:** {named}.\n{{: data-search-exclude="" }}'


def thumbnail(t: Technique, href: Callable[[str], str]) -> str:
    """The technique's diagram, small, for a routine's step table."""
    return (f"![{esc(t.picture.alt)}]({href('images/' + t.picture.file)})"
            '{ .fn-thumb width="96" height="72" loading="lazy" }')


def routine_table(guide: Guide, r: Routine, image: Callable[[str], str] | None = None) -> str:
    """The steps, with each technique's small diagram when `image` (a
    docs-relative address maker) is given, then the totals."""
    # The empty spans mark the table and its total rows for the phone layout
    # in docs/stylesheets/extra.css (each step becomes a labelled card).
    rows = ['| Step<span class="fn-steps"></span> | Area | Technique | Minutes | Pressure | What to do |',
            "|---:|---|---|---:|---|---|"]
    for i, step in enumerate(r.steps, 1):
        t = guide.technique(step.technique)
        thumb = thumbnail(t, image) + " " if image else ""
        rows.append(
            f"| {i} | {AREA_WORDS[t.area]} | {thumb}{esc(t.name)} | "
            f"{format_minutes(guide.step_minutes(step))} | "
            f"{PRESSURE_WORDS[guide.step_pressure(step)]} | {esc(step.cue)} |")
    side = guide.side_minutes(r)
    if r.per_side:
        rows.append(f'| | | **Total, one {r.per_side}**<span class="fn-total"></span> '
                    f"| **{format_minutes(side)}** | | |")
        rows.append(f'| | | **Total, both {SIDES[r.per_side]}**<span class="fn-total"></span> '
                    f"| **{format_minutes(guide.total_minutes(r))}** | | "
                    f"Repeat steps 1 to {len(r.steps)} on the other {r.per_side}. |")
    else:
        rows.append(f'| | | **Total**<span class="fn-total"></span> | **{format_minutes(side)}** | | |')
    return "\n".join(rows) + "\n"


def dose_table(guide: Guide) -> str:
    """How long and how hard, per body area, from the routines themselves."""
    rows = ["| Area | How long | How hard |", "|---|---|---|"]
    for area in AREA_WORDS:
        pressures, minutes = guide.dose(area)
        if not minutes:
            continue
        most = format_minutes(minutes[-1])
        how_long = {"0.5": "half a minute", "1": "1 minute"}.get(most, f"{most} minutes")
        each = {"foot": " a foot", "calf": " a leg", "thigh": " a leg"}.get(area, "")
        hard = PRESSURE_WORDS[pressures[0]]
        if len(pressures) > 1:
            hard += f" to {pressures[-1]}"
        if "firm" not in pressures:
            hard += ", never firm"
        rows.append(f"| {AREA_WORDS[area]} | Up to {how_long}{each} | {hard} |")
    return "\n".join(rows) + "\n" if len(rows) > 2 else ""


_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight",
                 "nine", "ten", "eleven", "twelve")


def number_words(n: int) -> str:
    """A count as readers say it: words up to twelve, then digits."""
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else str(n)


# A routine's time, in words (the handout builder fills in the same words).
TIME = "{total} minutes"
PER_SIDE_TIME = "{side} minutes each {per_side}, {total} minutes in all"


def total_phrase(guide: Guide, r: Routine) -> str:
    total = format_minutes(guide.total_minutes(r))
    if r.per_side:
        side = format_minutes(guide.side_minutes(r))
        return PER_SIDE_TIME.format(side=side, per_side=r.per_side, total=total)
    return TIME.format(total=total)


def start_button(r) -> str:
    """The button that opens the routine player (docs/javascripts/player.js)
    for a routine or its handout (anything with an id and a title). It shows
    from the first paint when scripts run (`fn-js-only`: overrides/main.html,
    extra.css), so nothing moves when the player is ready, and a browser
    without JavaScript shows no button that does nothing."""
    return (f'<button type="button" class="md-button md-button--primary fn-js-only" '
            f'data-fn-play="{r.id}">Start routine<span class="fn-visually-hidden">: {esc(r.title)}</span></button>')


def routine(guide: Guide, r: Routine, cite: Cite, anchor: Anchor = no_anchor,
            shown: Callable[[str], bool] = lambda note_id: False,
            handout: str | None = None, image: Callable[[str], str] | None = None,
            player: bool = False) -> str:
    """A whole routine: key message, who and when, the table, its notes.
    With `player`, a button that plays it step by step comes before the table.

    A note already shown in full on this page is listed as a link to it,
    so a page of several routines does not repeat the same boxes."""
    parts = [
        f"**{esc(r.summary)}**",
        f"- **Who it is for:** {esc(r.who)}\n"
        f"- **When:** {esc(r.when)}\n"
        f"- **Time:** {total_phrase(guide, r)}"
        + (f"\n- **To print:** [one-page handout, A4 or US Letter]({handout})" if handout else ""),
        f'<p class="fn-start fn-js-only">{start_button(r)}</p>' if player else "",
        routine_table(guide, r, image),
    ]
    parts = [p for p in parts if p]
    applicable = guide.routine_notes(r)
    again = [n for n in applicable if shown(n.id)]
    new = [n for n in applicable if not shown(n.id)]
    if new:
        parts.append(notes(new, cite, anchor))
    if again:
        parts.append(caution_links(again, lambda note_id: f"#note-{note_id}",
                                   label="Also applies (see above)"))
    return "\n\n".join(parts)


def technique_steps(t: Technique) -> str:
    return "\n".join(f"{i}. {esc(s)}" for i, s in enumerate(t.steps, 1)) + "\n"


def picture(t: Technique, href: Callable[[str], str], width: int = 320) -> str:
    """The technique's diagram as a Markdown image; loaded only when near
    the screen, so a long page of techniques stays light on a first visit."""
    height = width * 3 // 4
    return (f"![{esc(t.picture.alt)}]({href('images/' + t.picture.file)})"
            f'{{ .fn-picture width="{width}" height="{height}" loading="lazy" }}')


def technique(guide: Guide, t: Technique, cite: Cite, link: Link,
              image: Callable[[str], str] | None = None) -> str:
    """What a technique is for, its diagram, steps, pressure, time and cautions.

    Cautions are one line of links: a page shows the full shared notes once,
    not again under every technique."""
    parts = [
        f"{esc(t.purpose)}{cite(t.sources)}",
        picture(t, image) if image else "",
        f"**Pressure:** {PRESSURE_WORDS[t.pressure].lower()}. "
        f"**Time:** about {format_minutes(t.minutes)} "
        f"minute{'' if t.minutes == 1 else 's'}.",
        "**How to do it:**",
        technique_steps(t),
    ]
    if t.cautions:
        items = by_severity(guide.note(c) for c in t.cautions)
        parts.append(caution_links(items, link))
    return "\n\n".join(part for part in parts if part)


def source_text(s: Source) -> str:
    """One reference: authors. Title. Publisher; year. Address."""
    who = f"{esc(s.authors.rstrip('.'))}. " if s.authors else ""
    title = esc(s.title).rstrip(".")
    when = f", {s.year}" if s.year else ""
    when += f", updated {s.updated}" if s.updated else ""
    return (f"{who}{title}. {esc(s.publisher)}{when}. "
            f'<a href="{html.escape(s.url, quote=True)}">{esc(s.url)}</a>')


def footnote_refs(source_ids: list[str]) -> str:
    """Footnote markers, comma-separated so that 2 and 3 never read as 23."""
    return "<sup>,</sup>".join(f"[^{i}]" for i in source_ids)


def footnote_defs(sources: list[Source]) -> str:
    return "\n".join(f"[^{s.id}]: {source_text(s)}" for s in sources) + "\n"


def source_list(sources: list[Source]) -> str:
    """The full reference list, sorted by title, each with a stable anchor."""
    ordered = sorted(sources, key=lambda s: (s.authors or s.title).lower())
    items = "\n".join(f'- <span id="{s.id}"></span>{source_text(s)}' for s in ordered)
    # Not in the search index: reference details are not what readers search.
    return f'<div class="fn-sources" data-search-exclude markdown>\n\n{items}\n\n</div>\n'
