"""The handout builder: a practitioner makes a client's own one-page handout
in the browser, and the client follows it at home with the player.

- docs/make-a-handout.md calls `handout_builder()`: the form, and (hooks.py)
  this module's data and docs/javascripts/builder.js.
- The preview is the build's own handout: handouts.Printer renders
  macros/handout/handout.html and handout.css into `make-a-handout/sheet-a4.html`
  and `sheet-letter.html`, with every safety note of the data file in it,
  sorted as a printed sheet sorts them, and one step to copy. The builder
  shows the notes the chosen techniques need and the ones the practitioner
  adds, and hides the rest. browser.css does in Chromium what WeasyPrint
  does with the page's margin boxes (the running footer).
- docs/play.md calls `handout_player()`: it plays the routine written in
  its address, after `#`, which a browser never sends to a server. The
  address holds the steps, times, pressures, sides and added note ids;
  never a client's name, the date or the practitioner's own notes.
  docs/javascripts/routine-address.js reads and writes it, for both pages.

Which notes a technique needs is decided here, once, by the rule a routine's
printed sheet follows (handouts.on_paper): its do-not precautions and every
get-help note for its area. The browser only takes the union.
"""

from __future__ import annotations

from typing import Callable

from . import handouts as H
from .guide import Guide
from .render import AREA_WORDS, LEVEL_STYLE, PER_SIDE_TIME, PRESSURE_WORDS, TIME, esc

FOLDER = "make-a-handout"
SHEET = FOLDER + "/sheet-{size}.html"
ELEMENT_ID = "fn-builder-data"
# Where a sheet finds the diagrams under docs/images/: one folder up.
SHEET_IMAGES = "../images/"
SCRIPTS = ("javascripts/routine-address.js", "javascripts/builder.js")
# Loaded by builder.js the first time there is a code to draw.
QR_SCRIPT = "javascripts/vendor/lean-qr/lean-qr.js"
PLAY_SCRIPTS = ("javascripts/routine-address.js",)
# The three facts under a built handout's title, in this order.
FACTS = ("For", "Date", "Time")
# Most steps a built handout can have; more would never fit one page.
MAX_STEPS = 12
# What the side of a step is called, by area; the back has no side.
SIDE_WORD = {"foot": "foot", "calf": "leg", "thigh": "leg"}
SIDE_DETAIL = {"each": "each {side}", "right": "right {side} only", "left": "left {side} only"}
# The pressures a step on each area can have. A clot in a deep vein often
# forms in the calf, and massage can move it: legs are moderate at most, and
# a leg step added in the builder starts light, as the clients' routines do.
# A home sheet never says firm: the guide's own dose is "never firm" for
# every area (routines.md, "How long, how hard and how often").
PRESSURES = {"foot": ("light", "moderate"), "calf": ("light", "moderate"),
             "thigh": ("light", "moderate"), "back": ("light", "moderate")}
START_PRESSURE = {"calf": "light", "thigh": "light"}


def required(guide: Guide, technique_id: str) -> list[str]:
    """The notes a handout that uses this technique must print: a routine
    sheet's rule (handouts.on_paper: do-not notes and every get-help note for
    its area), and also the technique's ask-first notes (clot risk for a leg,
    diabetes for a foot), which a routine lists itself. They tell a client
    what to do if their health changes after the visit."""
    t = guide.technique(technique_id)
    precautions = [guide.note(i) for i in t.cautions]
    chosen = [n.id for n in precautions if n.level == "ask-first"]
    notes = precautions + guide.get_help(guide.topics([t]))
    return list(dict.fromkeys(n.id for n in H.on_paper(notes, chosen)))


def suggested(guide: Guide, technique_id: str) -> list[str]:
    """The technique's other precautions: offered first when adding a note."""
    need = set(required(guide, technique_id))
    return [i for i in guide.technique(technique_id).cautions if i not in need]


def brings(guide: Guide, note_id: str) -> list[str]:
    """The get-help notes a note brings when a practitioner adds it: those for
    what it is about, as a technique brings those for its area (pregnancy
    brings pre-eclampsia, an oil note the severe allergic reaction, a leg
    note the leg's warning signs). They print in full, and stay while the
    note does."""
    topics = set(guide.note(note_id).applies_to) - {"all"}
    return [n.id for n in guide.data.safety_notes
            if n.get_help and n.id != note_id and topics & set(n.applies_to)]


def note_order(guide: Guide) -> list[str]:
    """Every note id in the order a printed sheet shows them."""
    notes = list(guide.data.safety_notes)
    return [n.id for n in sorted(notes, key=lambda n: (H.PAPER_ORDER.index(n.level),
                                                      notes.index(n)))]


def shared_data(guide: Guide, site_url: str) -> dict:
    """What both the builder and the play page need to make a routine from
    an address: every technique and routine, the note rule, and the words."""
    b = guide.data.handouts.builder
    return {
        "techniques": {t.id: {
            "name": t.name, "area": t.area, "area_name": AREA_WORDS[t.area],
            "minutes": t.minutes, "pressure": t.pressure, "cue": t.cue,
            "required": required(guide, t.id), "suggested": suggested(guide, t.id),
            "pressures": list(PRESSURES[t.area]),
            "start_pressure": START_PRESSURE.get(t.area, t.pressure),
        } for t in guide.data.techniques},
        "brings": {n.id: brings(guide, n.id) for n in guide.data.safety_notes},
        "routines": {r.id: {
            "title": r.title, "summary": r.summary, "audience": r.audience,
            "per_side": r.per_side or "",
            "steps": [{"technique": s.technique, "cue": s.cue,
                       "minutes": guide.step_minutes(s), "pressure": guide.step_pressure(s)}
                      for s in r.steps],
            "notes": list(r.cautions),
        } for r in guide.data.routines},
        "order": note_order(guide),
        "words": {
            "title": b.title, "summary": b.summary, "leg_summary": b.leg_summary,
            "pressure": {k: v.lower() for k, v in PRESSURE_WORDS.items()},
            "side_word": SIDE_WORD, "side_detail": SIDE_DETAIL,
            "repeat": H.REPEAT, "detail": H.STEP_DETAIL,
            "time": TIME, "per_side_time": PER_SIDE_TIME,
        },
        "max_steps": MAX_STEPS,
        "play": site_url.rstrip("/") + "/play/",
    }


def builder_data(guide: Guide, href: Callable[[str], str], site_url: str) -> dict:
    data = shared_data(guide, site_url)
    data["notes"] = {n.id: {"level": n.level, "label": f"{LEVEL_STYLE[n.level][1]}: {n.title}"}
                     for n in guide.data.safety_notes}
    data["sheets"] = {size: {"name": H.SIZE_NAMES[size],
                             "href": href(SHEET.format(size=size))} for size in H.SIZES}
    for t in guide.data.techniques:
        data["techniques"][t.id].update(picture=SHEET_IMAGES + t.picture.file, alt=t.picture.alt)
    data["play_href"] = href("play/")
    data["qr_script"] = href(QR_SCRIPT)
    return data


def sheet(guide: Guide, site_url: str, size: str, printer: H.Printer | None = None) -> str:
    """The handout the builder fills in: the build's template and stylesheet,
    with every note of the data file (the builder hides those not wanted),
    one step to copy, and a place for each fact and the practitioner's notes."""
    printer = printer or H.Printer.shared()
    b = guide.data.handouts.builder
    t = guide.data.techniques[0]
    by_id = guide.notes
    pool = H.Handout(
        id="custom", title=b.title, summary=b.summary, kind="custom",
        facts=tuple((label, "") for label in FACTS),
        steps=(H.Step(t.name, "", t.cue, t.picture.file, t.picture.alt,
                      href=SHEET_IMAGES + t.picture.file),),
        repeat=H.REPEAT.format(n=1, side="foot"),
        own_notes=" ",  # any text, so the template writes the section to fill
        notes=tuple(by_id[i] for i in note_order(guide)))
    play = site_url.rstrip("/") + "/play/"
    return printer.html(pool, guide, site_url, size, pictures=True, url=play, browser=True)


def page_html(guide: Guide, handouts_href: str) -> str:
    """The builder's form. Its lists and the preview are filled by builder.js;
    without JavaScript, the page says where the ready-made handouts are."""
    # A handout goes home with a client: the routines a client can do there.
    routines = "\n".join(f'<option value="{r.id}">{esc(r.title)}</option>'
                         for r in guide.data.routines if r.audience != "practitioner")
    areas: dict[str, list] = {}
    for t in guide.data.techniques:
        areas.setdefault(t.area, []).append(t)
    techniques = "\n".join(
        f'<optgroup label="{AREA_WORDS[a]}">\n' + "\n".join(
            f'<option value="{t.id}">{esc(t.name)}</option>' for t in ts) + "\n</optgroup>"
        for a, ts in areas.items())
    sizes = "".join(
        f'<label><input type="radio" name="fn-size" value="{s}"{" checked" if s == "a4" else ""}> '
        f'{H.SIZE_NAMES[s]}</label>' for s in H.SIZES)
    return f"""<noscript><p><strong>The handout builder needs JavaScript.</strong> The
<a href="{handouts_href}">ready-made handouts</a> work without it.</p></noscript>
<form class="fn-builder" id="fn-builder" hidden autocomplete="off">
<section class="fn-builder__controls" aria-labelledby="fn-b-routine-h">
<h2 id="fn-b-routine-h">1. Choose the steps</h2>
<p><label for="fn-b-from">Start from</label>
<select id="fn-b-from"><option value="">Nothing (an empty handout)</option>{routines}</select>
<button type="button" class="md-button" data-fn-b="load">Use this</button>
<span class="fn-builder__hint">This starts a new handout: it clears the steps, the name, the date and your notes.</span></p>
<p><label for="fn-b-add">Add a technique</label>
<select id="fn-b-add">{techniques}</select>
<button type="button" class="md-button" data-fn-b="add">Add this step</button></p>
<p><label for="fn-b-open">Or open a handout's address</label>
<input id="fn-b-open" type="url" inputmode="url" spellcheck="false" aria-describedby="fn-b-open-message">
<button type="button" class="md-button" data-fn-b="address">Open these steps</button>
<span class="fn-builder__hint" id="fn-b-open-message"></span></p>
<ol class="fn-builder__steps" id="fn-b-steps" aria-label="Steps"></ol>
<p class="fn-builder__empty" id="fn-b-empty">No steps yet. Add a technique, or start from a routine.</p>
<h2 id="fn-b-client-h">2. Add your client's details</h2>
<p class="fn-builder__note">These stay on this device. They print on the handout, and never go in the QR code or its address.</p>
<p><label for="fn-b-name">Client's first name (optional)</label>
<input id="fn-b-name" type="text" maxlength="40" spellcheck="false"></p>
<p><label for="fn-b-date">Date</label>
<input id="fn-b-date" type="date"></p>
<p><label for="fn-b-notes">Your notes for the client (optional)</label>
<textarea id="fn-b-notes" rows="4" maxlength="600" aria-describedby="fn-b-notes-hint"></textarea>
<span class="fn-builder__hint" id="fn-b-notes-hint">For example: avoid the left ankle.</span></p>
<h2 id="fn-b-notes-h">3. Check the safety notes</h2>
<p>The notes each chosen area needs are added by themselves, in full, and cannot be removed.</p>
<ul class="fn-builder__required" id="fn-b-required" aria-label="Notes that must print"></ul>
<fieldset class="fn-builder__extra"><legend>Add a note (optional)</legend>
<div id="fn-b-extra"></div></fieldset>
<h2 id="fn-b-print-h">4. Print it</h2>
<fieldset class="fn-builder__sizes"><legend>Paper size</legend>{sizes}</fieldset>
<div class="fn-builder__fit" id="fn-b-fit" role="status"></div>
<p class="fn-builder__actions"><button type="button" class="md-button md-button--primary" data-fn-b="print" aria-describedby="fn-b-fit">Print or save as PDF</button></p>
<div id="fn-b-share">
<p>The QR code on the handout opens these steps in the player:
<a id="fn-b-address" href="#"></a></p>
<p><a class="md-button" id="fn-b-play" href="#">Try it in the player</a></p>
<p>Open that address here later to change the steps for the next visit.</p>
</div>
<h2 id="fn-b-recent-h">5. Keep a copy on this device (optional)</h2>
<p><label><input type="checkbox" id="fn-b-keep"> Keep my recent handouts in this browser</label></p>
<p class="fn-builder__hint">This keeps each handout you print, with the client's name, the date and your notes, in this browser only. Nothing is sent anywhere. Turn this off, or press "Forget all", to remove them.</p>
<ul id="fn-b-recent" aria-label="Recent handouts"></ul>
<p><button type="button" class="md-button" data-fn-b="forget">Forget all</button></p>
</section>
<section class="fn-builder__preview" aria-labelledby="fn-b-preview-h">
<h2 id="fn-b-preview-h">Preview</h2>
<p id="fn-b-preview-empty">The preview shows here once the handout has a step.</p>
<div class="fn-builder__frame"><iframe id="fn-b-sheet" title="Handout preview"></iframe></div>
</section>
</form>
<div class="fn-builder__live fn-visually-hidden" aria-live="polite" id="fn-b-live"></div>
"""
