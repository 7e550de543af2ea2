"""The macros editors write in pages, as plain functions over the guide.

`page_macros(guide, handouts, here)` returns them by name; `here()` gives
the page being rendered (a PageState). Nothing here needs MkDocs, so the
same functions serve mkdocs-macros today and any other `define_env` host
(Zensical's macros extension) later. See CONTRIBUTING.md for each call.
"""

from __future__ import annotations

from typing import Callable, get_args

from mkdocs.utils import get_relative_url

from . import builder
from . import handouts as handouts_mod
from . import render
from .errors import MacroError
from .guide import Guide
from .handouts import Handout
from .hints import closest
from .model import LEVELS, NOTE_TOPICS, Audience
from .site import PageState


def _choice(call: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        near = closest(value, allowed)
        raise MacroError(call, f"'{value}' is not one of: {', '.join(allowed)}.",
                         f"Did you mean '{near[0]}'?" if near else "")
    return value


def page_macros(guide: Guide, handouts: dict[str, Handout],
                here: Callable[[], PageState]) -> dict[str, Callable[..., str]]:
    def cite(ids) -> str:
        return here().cite(list(ids))

    def anchor(note_id: str) -> str:
        return here().anchor(note_id)

    def safety_note(id):
        """One safety note, as an admonition."""
        return render.note(guide.note(id), cite, anchor)

    def safety_notes(area=None, level=None):
        """All notes, or those for an area/topic and/or at a level, most serious first."""
        items = list(guide.data.safety_notes)
        if area is not None:
            _choice(f"safety_notes(area={area!r})", area, NOTE_TOPICS)
            items = guide.notes_for(area)
        if level is not None:
            _choice(f"safety_notes(level={level!r})", level, LEVELS)
            items = [n for n in items if n.level == level]
        if not items:
            raise MacroError(f"safety_notes(area={area!r}, level={level!r})",
                             "no safety note matches.")
        return render.notes(items, cite, anchor)

    def get_help(*topics):
        """Every get-help note for these areas or topics, most urgent first."""
        if not topics:
            raise MacroError("get_help()", "name at least one area, like get_help(\"foot\").")
        for topic in topics:
            _choice(f"get_help({topic!r})", topic, NOTE_TOPICS)
        return render.notes(guide.get_help(topics), cite, anchor)

    def routine_table(id):
        """The step table of a routine, with its total."""
        return render.routine_table(guide, guide.routine(id), here().md_href)

    def routine(id):
        """A whole routine: key message, who, when, time, table and notes."""
        page = here()
        text = render.routine(guide, guide.routine(id), cite, anchor, page.shown,
                              page.handout_href(id), page.md_href, player=True)
        page.routines.append(id)
        return text

    def routine_total(id):
        """The routine's time in words, e.g. '4 minutes each leg, 8 minutes in all'."""
        return render.total_phrase(guide, guide.routine(id))

    def routine_links(audience):
        """A list of links to the routines for one audience (self, partner or
        practitioner), each with its time, in data-file order."""
        _choice(f"routine_links({audience!r})", audience, get_args(Audience))
        page = here()
        return "\n".join(
            f"- [{render.esc(r.title)}]({page.md_href('routines.md')}#{r.id}) "
            f"({render.total_phrase(guide, r)})"
            for r in guide.data.routines if r.audience == audience)

    def routine_count():
        """How many routines the guide has, in words ("five")."""
        return render.number_words(len(guide.data.routines))

    def all_routines(heading_level=2):
        """Every routine in the data file, each under its own heading."""
        marks = "#" * heading_level
        return "\n\n".join(f"{marks} {render.esc(r.title)} {{ #{r.id} }}\n\n{routine(r.id)}"
                           for r in guide.data.routines)

    def technique(id):
        """What a technique is for, its numbered steps, pressure, time and cautions."""
        page = here()
        return render.technique(guide, guide.technique(id), cite, page.link, page.md_href)

    def technique_steps(id):
        """Only the numbered steps of a technique."""
        return render.technique_steps(guide.technique(id))

    def cite_(*ids):
        """Footnote references to sources; the list appears at the foot of the page."""
        if not ids:
            raise MacroError("cite()", "name at least one source id.")
        return cite(ids)

    def handout_page(id):
        """A handout's page: download and print actions, then its content."""
        if id not in handouts:
            raise MacroError(f"handout_page({id!r})", f"there is no handout '{id}'.",
                             "Handouts: " + ", ".join(handouts) + ".")
        page = here()
        if handouts[id].kind == "routine":
            page.routines.append(id)
        return handouts_mod.page_markdown(handouts[id], page.site_href, cite, anchor,
                                          page.md_href)

    def handout_builder():
        """The handout builder's form (macros/builder.py, docs/javascripts/builder.js)."""
        page = here()
        page.builder = True
        return builder.page_html(guide, page.site_href(""))

    def handout_player():
        """The player for a routine made in the handout builder, read from the page's address."""
        page = here()
        page.custom_player = True
        # Start and the builder link show from the first paint (nothing moves
        # as the player opens); player.js hides them if the address is broken.
        return ('<p class="fn-start fn-play-start fn-js-only"><button type="button" class="md-button '
                'md-button--primary" data-fn-play="custom">Start the routine</button></p>\n'
                '<p class="fn-play-missing" hidden><strong>This address has no routine in it, '
                'or one this guide does not know.</strong> Scan the QR code on your handout '
                'again, or type the whole address under it.</p>\n'
                '<p class="fn-play-edit fn-js-only">For practitioners: <a href="'
                f'{get_relative_url(builder.FOLDER + "/", page.url or "./")}">change these '
                'steps in the handout builder</a>.</p>')

    def safety_check():
        """The intake questions from the safety-check handout, for a page."""
        # The same questions as the handout; search finds their notes on the Safety page.
        body = handouts_mod.checks_markdown(handouts["safety-check"], heading="###")
        return f"<div data-search-exclude markdown>\n\n{body}\n\n</div>"

    def handout_list():
        """Every handout with links to its page and both PDF sizes."""
        page = here()
        return handouts_mod.list_markdown(list(handouts.values()), page.site_href,
                                          page.handout_href)

    def source_list():
        """Every source in the data file, with an anchor for each id."""
        return render.source_list(list(guide.data.sources))

    def dose_table():
        """How long and how hard for each body area, from the routines."""
        return render.dose_table(guide)

    return {
        "safety_note": safety_note, "safety_notes": safety_notes, "get_help": get_help,
        "dose_table": dose_table,
        "routine_table": routine_table, "routine": routine,
        "routine_total": routine_total, "all_routines": all_routines,
        "routine_links": routine_links, "routine_count": routine_count,
        "technique": technique, "technique_steps": technique_steps,
        "cite": cite_, "source_list": source_list,
        "handout_page": handout_page, "handout_list": handout_list,
        "safety_check": safety_check,
        "handout_builder": handout_builder, "handout_player": handout_player,
    }
