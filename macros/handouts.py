"""Handouts: one printed page a practitioner can give a client.

The same checked Guide gives a handout for every routine, plus aftercare and
the pre-massage safety check. Each handout becomes a page on the site
(Markdown, via the `handout_page` macro) and PDFs in A4 and US Letter
(HTML from macros/handout/ -> WeasyPrint). PDFs are cached by the hash
of what they are made from, so an unchanged handout is never rendered twice.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from . import fonts
from .guide import Guide, by_severity
from .model import SafetyNote
from .render import (EMERGENCY_IF, LEVEL_STYLE, PRESSURE_WORDS, esc, notes, start_button,
                     total_phrase)

ROOT = Path(__file__).resolve().parent.parent
ASSETS = Path(__file__).resolve().parent / "handout"  # template, CSS, fonts: never published
IMAGES = ROOT / "docs" / "images"
SIZES = {"a4": "A4", "letter": "Letter"}
SIZE_NAMES = {"a4": "A4", "letter": "US Letter"}
FIXED = ("aftercare", "safety-check")  # handout ids that are not routines
# A step's detail, and the line after a per-side routine's steps (the
# handout builder, macros/builder.py, fills in the same words).
STEP_DETAIL = "{minutes} min, {pressure}"
REPEAT = "Then do steps 1 to {n} again on the other {side}."


class HandoutError(Exception):
    """A handout could not be made; the message names it."""


@dataclass(frozen=True)
class Step:
    name: str
    detail: str  # e.g. "2 min, light pressure"
    cue: str
    picture: str = ""  # the technique's diagram, under docs/images/
    alt: str = ""
    href: str = ""  # where a browser finds it (the builder's sheets); PDFs embed it

    def picture_uri(self) -> str:
        """The diagram as a data: address, so each copy keeps its own ids."""
        svg = (IMAGES / self.picture).read_bytes()
        return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


@dataclass(frozen=True)
class NoteSection:
    level: str
    heading: str  # "Do not massage", "Emergency: call now", ...
    notes: tuple[SafetyNote, ...]


# The order on paper: when to get help, most urgent first, then whether to
# massage at all. Each get-help heading says how to get that help.
PAPER_ORDER = ("emergency", "urgent", "see-clinician", "do-not", "ask-first", "caution")
PAPER_HEADINGS = {
    "emergency": "Emergency: call 999 (UK) or 911 (US) now",
    "urgent": "Urgent: GP or 111 today (US: urgent care)",
    "see-clinician": "See a clinician: book an appointment",
    "do-not": "Do not massage",
    "ask-first": "Ask a clinician first",
    "caution": "Take care",
}


@dataclass(frozen=True)
class CheckGroup:
    title: str
    items: tuple[str, ...]
    action: str = ""  # what a tick in this group means


@dataclass(frozen=True)
class Handout:
    id: str
    title: str
    summary: str
    kind: str  # "routine", "aftercare", "safety-check", or "custom" (the builder's)
    who: str = ""  # on the web page; the printed copy is already in the client's hands
    facts: tuple[tuple[str, str], ...] = ()  # ("When", "..."), ("Time", "...")
    steps: tuple[Step, ...] = ()
    plain_steps: tuple[str, ...] = ()
    repeat: str = ""
    notes: tuple[SafetyNote, ...] = ()
    web_only: tuple[SafetyNote, ...] = ()  # on the web page, not on paper
    checks: tuple[CheckGroup, ...] = ()
    own_notes: str = ""  # a practitioner's words, typed in the builder

    @property
    def note_sections(self) -> tuple[NoteSection, ...]:
        """The notes under one heading per level, in PAPER_ORDER. Every note
        prints whole: a sign means something different in each note (pregnancy
        is a reason to ask first, and a clot risk), so none is left out."""
        sections = (NoteSection(level, PAPER_HEADINGS[level],
                                tuple(n for n in self.notes if n.level == level))
                    for level in PAPER_ORDER)
        return tuple(s for s in sections if s.notes)


def on_paper(notes: list[SafetyNote], chosen: list[str]) -> list[SafetyNote]:
    """What a printed routine carries: every get-help note for its areas,
    every do-not note, and any other note the routine lists itself. The
    rest stays on the web page (the intake handout screens for ask-first
    problems), so the warnings that matter fit one page in full."""
    return [n for n in notes if n.get_help or n.level == "do-not" or n.id in chosen]


def handouts(guide: Guide) -> list[Handout]:
    """Every handout, routines first in data order, then aftercare and the safety check."""
    out = []
    for r in guide.data.routines:
        steps = tuple(
            Step(guide.technique(s.technique).name,
                 STEP_DETAIL.format(minutes=f"{guide.step_minutes(s):g}",
                                    pressure=PRESSURE_WORDS[guide.step_pressure(s)].lower()),
                 s.cue, guide.technique(s.technique).picture.file,
                 guide.technique(s.technique).picture.alt)
            for s in r.steps)
        out.append(Handout(
            id=r.id, title=r.title, summary=r.summary, kind="routine",
            who=r.who, facts=(("When", r.when), ("Time", total_phrase(guide, r))),
            steps=steps,
            repeat=REPEAT.format(n=len(steps), side=r.per_side) if r.per_side else "",
            notes=tuple(n for n in on_paper(guide.routine_notes(r), r.cautions)
                        if n.id not in r.web_only),
            web_only=tuple(n for n in guide.routine_notes(r) if n.id in r.web_only)))
    a = guide.data.handouts.aftercare
    out.append(Handout(id="aftercare", title=a.title, summary=a.summary, kind="aftercare",
                       plain_steps=tuple(a.steps),
                       notes=tuple(by_severity(guide.note(i) for i in a.notes))))
    c = guide.data.handouts.safety_check
    checks, asked = [], set()
    for note_id in c.notes:
        n = guide.note(note_id)
        # A sign that two notes share (pregnancy, say) is asked once, first.
        items = tuple(i for i in (n.signs or [n.title]) if i.lower() not in asked)
        asked |= {i.lower() for i in items}
        # The same words as the note's box: its action, then when to call an ambulance.
        action = " ".join(filter(None, [n.action, n.emergency_if and
                                        f"{EMERGENCY_IF} {n.emergency_if}"]))
        checks.append(CheckGroup(f"{LEVEL_STYLE[n.level][1]}: {n.title}", items, action))
    if c.questions:
        checks.append(CheckGroup("Also tell us", tuple(c.questions)))
    out.append(Handout(id="safety-check", title=c.title, summary=c.summary,
                       kind="safety-check", checks=tuple(checks)))
    return out


# The fragment that opens a routine handout's page with its player ready. No
# element has this id, so the browser does not scroll away from the player.
START = "start"


def short_address(site_url: str, handout_id: str) -> str:
    return f"{site_url.rstrip('/')}/handouts/{handout_id}/"


def printed_address(site_url: str, h: Handout) -> str:
    """The address a sheet prints and puts in its QR code: a routine's opens
    its page with the player ready (docs/javascripts/player.js)."""
    url = short_address(site_url, h.id)
    return f"{url}#{START}" if h.kind == "routine" else url


def pdf_name(handout_id: str, size: str) -> str:
    return f"{handout_id}-{size}.pdf"


# --- PDF -------------------------------------------------------------------

QR_CACHE = ROOT / ".cache" / "qr"


@functools.cache
def _qr_svg(url: str) -> str:
    """The QR code of an address (each sheet's two sizes share it), kept in
    .cache/qr by the address and segno's version: a build whose addresses
    are unchanged never loads segno (about 20 ms)."""
    from importlib.metadata import version

    kept = QR_CACHE / (
        hashlib.sha256(f"{version('segno')}\0{url}".encode()).hexdigest() + ".svg")
    if kept.is_file():
        return kept.read_text(encoding="utf-8")
    import segno

    svg = segno.make(url, error="m").svg_inline(scale=3, border=0, dark="#000000")
    kept.parent.mkdir(parents=True, exist_ok=True)
    partial = kept.with_name(f".{kept.name}.{os.getpid()}")
    partial.write_text(svg, encoding="utf-8")
    partial.replace(kept)
    return svg


class Printer:
    """The handout template and stylesheet, read once per run
    (`Printer.shared()`: the one a build uses for its sheets and PDFs)."""

    _shared: tuple[tuple, Printer] | None = None
    FILES = ("handout.html", "handout.css", "browser.css")

    @classmethod
    def shared(cls) -> Printer:
        """Read again when a file changed (the preview keeps this module)."""
        key = tuple((ASSETS / name).stat().st_mtime_ns for name in cls.FILES)
        if cls._shared is None or cls._shared[0] != key:
            cls._shared = (key, cls())
        return cls._shared[1]

    def __init__(self) -> None:
        cache = ROOT / ".cache" / "jinja"
        cache.mkdir(parents=True, exist_ok=True)
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(ASSETS)),
            bytecode_cache=jinja2.FileSystemBytecodeCache(str(cache), "handout-%s.cache"),
            autoescape=True, undefined=jinja2.StrictUndefined,
            trim_blocks=True, lstrip_blocks=True)
        self.template = env.get_template("handout.html")
        self.css = (ASSETS / "handout.css").read_text(encoding="utf-8")
        # browser.css, then the cut-down faces of the font (macros/fonts.py).
        self.browser_css = "\n".join([
            (ASSETS / "browser.css").read_text(encoding="utf-8"),
            fonts.faces_css(sorted((ASSETS / "fonts").glob("*.woff")))])

    def html(self, h: Handout, guide: Guide, site_url: str, size: str,
             pictures: bool = False, url: str | None = None, browser: bool = False) -> str:
        """The HTML that WeasyPrint turns into one page. All data is autoescaped.
        With `browser`, it also carries browser.css, for the handout builder's
        preview and for printing from Chromium."""
        url = url or printed_address(site_url, h)
        return self.template.render(
            h=h, guide=guide.data.guide, url=url, display_url=url.split("://", 1)[1],
            qr=_qr_svg(url), css=self.css, page_size=SIZES[size],
            browser_css=self.browser_css if browser else "",
            emergency_if=EMERGENCY_IF, pictures=pictures)


def has_pictures(h: Handout) -> bool:
    return any(s.picture for s in h.steps)



@dataclass
class PdfStats:
    rendered: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    with_pictures: list[str] = field(default_factory=list)


def cache_dir() -> Path:
    """The one place rendered PDFs are kept between builds (tests may share one)."""
    return Path(os.environ.get("FOOTNOTES_PDF_CACHE") or ROOT / ".cache" / "handouts")


def _fonts_digest() -> str:
    digest = hashlib.sha256()
    for font in sorted((ASSETS / "fonts").glob("*.woff")):
        digest.update(font.read_bytes())
    return digest.hexdigest()


def _weasyprint():
    """WeasyPrint, or a plain message if the system's Pango is missing."""
    try:
        import weasyprint
    except (ImportError, OSError) as err:
        raise HandoutError(
            "the handout PDFs could not be made: WeasyPrint needs the Pango library "
            "(README, 'System libraries'). On Debian or Ubuntu: sudo apt-get install "
            "libpango-1.0-0 libpangoft2-1.0-0. On macOS: brew install pango. The web "
            f"pages do not need it. ({str(err).splitlines()[0] if str(err) else type(err).__name__})"
        ) from None
    return weasyprint


def _inputs_digest(engine: str, site_url: str, guide: Guide, items: list[Handout]) -> str:
    """Everything a set of PDFs is made from: the handouts' text, the code
    and template that lay them out, the fonts and pictures, the address and
    WeasyPrint's version. Equal digests give byte-equal sheets, so an
    unchanged set is reused without laying out a single sheet."""
    digest = hashlib.sha256()
    code = Path(__file__).resolve().parent
    files = [*sorted(code.glob("*.py")), *sorted(ASSETS.rglob("*")), *sorted(IMAGES.rglob("*"))]
    for path in files:
        if path.is_file():
            digest.update(f"{path.relative_to(ROOT)}\0".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    for part in (engine, site_url, repr(guide.data.guide), *map(repr, items)):
        digest.update(hashlib.sha256(part.encode()).digest())
    return digest.hexdigest()


def _publish(cached: Path, out_dir: Path, name: str) -> None:
    # Replace, never overwrite: a reader (or a hard link) never sees half a file.
    partial = out_dir / f".{name}.part"
    shutil.copyfile(cached, partial)
    partial.replace(out_dir / name)


def build_pdfs(guide: Guide, site_url: str, out_dir: Path, cache: Path | None = None,
               items: list[Handout] | None = None) -> PdfStats:
    """Write every handout PDF, both sizes, into out_dir; reuse cached ones.

    Two levels of cache: a set whose inputs are all unchanged is copied as it
    is (no sheet laid out); otherwise each sheet's HTML is its key, and only
    a changed sheet is rendered. WeasyPrint (about a second to import) is
    loaded only if one must be rendered."""
    from importlib.metadata import version

    weasy = engine = version("weasyprint")
    cache = cache or cache_dir()
    out_dir.mkdir(parents=True, exist_ok=True)
    cache.mkdir(parents=True, exist_ok=True)
    # The QR code's encoder is part of what the set is made from (a sheet's
    # HTML carries its code, so the per-sheet key needs no version).
    engine = f"{engine} segno {version('segno')}"
    items = items if items is not None else handouts(guide)
    manifest = cache / f"set-{_inputs_digest(engine, site_url, guide, items)}.json"
    stats = PdfStats()
    if manifest.is_file():
        sheets = json.loads(manifest.read_text(encoding="utf-8"))
        if all((cache / s["file"]).is_file() for s in sheets):
            for s in sheets:
                _publish(cache / s["file"], out_dir, s["name"])
                stats.reused.append(s["name"])
                if s["pictures"]:
                    stats.with_pictures.append(s["name"])
            return stats
    printer = Printer.shared()
    fonts = _fonts_digest()
    sheets = []
    for h in items:
        for size in SIZES:
            name = pdf_name(h.id, size)
            # Each step's diagram goes on the sheet where space allows: the
            # sheet is tried with them first, and printed without them if
            # they would push it past one page.
            tries = [True, False] if has_pictures(h) else [False]
            first = printer.html(h, guide, site_url, size, pictures=tries[0])
            key = hashlib.sha256("\0".join([weasy, fonts, first]).encode()).hexdigest()
            cached = cache / f"{key}.pdf"
            marker = cached.with_suffix(".pictures")
            if not cached.exists():
                weasyprint = _weasyprint()

                started = time.perf_counter()
                for pictures in tries:
                    html = first if pictures == tries[0] else printer.html(
                        h, guide, site_url, size, pictures=pictures)
                    try:
                        document = weasyprint.HTML(string=html,
                                                   base_url=str(ASSETS) + "/").render()
                    except Exception as err:  # noqa: BLE001 - named, never a traceback
                        raise HandoutError(f"handout '{h.id}' ({SIZE_NAMES[size]}) could not "
                                           f"be rendered: {err}") from None
                    pages = len(document.pages)
                    if pages == 1:
                        break
                if pages != 1:
                    raise HandoutError(
                        f"handout '{h.id}' ({SIZE_NAMES[size]}) needs {pages} pages, not 1. "
                        "Shorten its steps, cues or notes in docs/data/guide.yml.")
                marker.unlink(missing_ok=True)
                if pictures:
                    marker.touch()
                tmp = cached.with_suffix(".tmp")
                document.write_pdf(tmp)
                tmp.replace(cached)
                stats.rendered.append(name)
                stats.seconds[name] = time.perf_counter() - started
            else:
                stats.reused.append(name)
            if marker.exists():
                stats.with_pictures.append(name)
            _publish(cached, out_dir, name)
            sheets.append({"name": name, "file": cached.name, "pictures": marker.exists()})
    partial = manifest.with_name(f".{manifest.name}.{os.getpid()}")
    partial.write_text(json.dumps(sheets), encoding="utf-8")
    partial.replace(manifest)
    return stats


# --- the handout's page on the site ----------------------------------------

def page_markdown(h: Handout, pdf_href, cite, anchor, image=None) -> str:
    """The handout as a site page: actions first, then the same content as the PDF."""
    # A routine's page opens with its player; the others lead with the A4 PDF.
    play = h.kind == "routine"
    actions = "\n".join(line for line in [
        '<div class="fn-handout-actions">',
        start_button(h) if play else "",
        *(f'<a class="md-button{" md-button--primary" if size == "a4" and not play else ""}" '
          f'href="{pdf_href(pdf_name(h.id, size))}" download>'
          f'Download PDF ({SIZE_NAMES[size]})</a>' for size in SIZES),
        '<button class="md-button" type="button" data-fn-print>Print this page</button>',
        "</div>",
    ] if line)
    parts = [f"# {esc(h.title)}", actions, f"**{esc(h.summary)}**"]
    facts = ((("Who it is for", h.who),) if h.who else ()) + h.facts
    if facts:
        parts.append("\n".join(f"- **{label}:** {esc(value)}" for label, value in facts))
    if h.steps:
        parts.append("## Steps")
        parts.append("\n".join(
            f"{i}. {_thumb(s, image)}**{esc(s.name)}** ({esc(s.detail)}). {esc(s.cue)}"
            for i, s in enumerate(h.steps, 1)))
        if h.repeat:
            parts.append(f"**{esc(h.repeat)}**")
    if h.plain_steps:
        parts.append("## What to do")
        parts.append("\n".join(f"{i}. {esc(s)}" for i, s in enumerate(h.plain_steps, 1)))
    if h.checks:
        parts.append("Print this page or download the PDF, then tick each box that applies.")
        parts.append(checks_markdown(h))
        parts.append("## Sign\n\nClient name, signature and date, and the practitioner's "
                     "name, go at the foot of the printed page.")
    if h.notes:
        parts.append("## Stay safe")
        parts.append(notes(list(h.notes + h.web_only), cite, anchor))
    return "\n\n".join(parts) + "\n"


def _thumb(s: Step, image) -> str:
    """A step's diagram for the web page (the screen always has room)."""
    if not (image and s.picture):
        return ""
    return (f"![{esc(s.alt)}]({image('images/' + s.picture)})"
            '{ .fn-thumb width="96" height="72" loading="lazy" } ')


def checks_markdown(h: Handout, heading: str = "##") -> str:
    """The intake questions: each group's boxes, then what a tick means."""
    parts = []
    for g in h.checks:
        parts.append(f"{heading} {esc(g.title)}")
        parts.append("\n".join(f"- &#9744; {esc(item)}" for item in g.items))
        if g.action:
            parts.append(f"**If you tick one:** {esc(g.action)}")
    return "\n\n".join(parts)


def list_markdown(items: list[Handout], pdf_href, page_href) -> str:
    """A table of every handout with both PDF sizes."""
    rows = ["| Handout | For | PDF |", "|---|---|---|"]
    for h in items:
        who = h.who or ({
            "aftercare": "Clients, after a massage.",
            "safety-check": "Clients, before a massage.",
        }.get(h.kind, ""))
        pdfs = " · ".join(f'<a href="{pdf_href(pdf_name(h.id, size))}">{SIZE_NAMES[size]}</a>'
                          for size in SIZES)
        rows.append(f"| [{esc(h.title)}]({page_href(h.id)}) | {esc(who)} | {pdfs} |")
    return "\n".join(rows) + "\n"
