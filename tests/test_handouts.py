"""Handouts: one page each, in A4 and US Letter, with the right content,
embedded fonts, a way back online, and a cache that skips unchanged PDFs."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pypdf
import pytest

from macros import handouts as ho
from macros.loader import load_guide
from tests.conftest import DATA, FIXTURES, run_build, SITE_URL

GUIDE = load_guide(DATA)
HANDOUTS = ho.handouts(GUIDE)
PDFS = [(h, size) for h in HANDOUTS for size in ho.SIZES]


def pdf_text(path: Path) -> str:
    return " ".join(pypdf.PdfReader(path).pages[0].extract_text().split())


def test_a_handout_for_every_routine_plus_aftercare_and_safety_check():
    ids = [h.id for h in HANDOUTS]
    assert ids == [r.id for r in GUIDE.data.routines] + ["aftercare", "safety-check"]


@pytest.mark.parametrize("h, size", PDFS, ids=lambda v: getattr(v, "id", v))
def test_pdf_is_one_page_with_title_notes_date_and_address(site, h, size):
    path = site / "handouts" / ho.pdf_name(h.id, size)
    reader = pypdf.PdfReader(path)
    assert len(reader.pages) == 1
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    expected = {"a4": (595, 842), "letter": (612, 792)}[size]
    assert (round(width), round(height)) == expected
    text = pdf_text(path)
    assert h.title in text
    for note in h.notes:
        assert note.title in text, note.id
    assert GUIDE.data.guide.reviewed.strftime("%-d %B %Y") in text
    assert ho.short_address(SITE_URL, h.id).split("://")[1] in text


@pytest.mark.parametrize("h, size", PDFS, ids=lambda v: getattr(v, "id", v))
def test_pdf_fonts_are_embedded_upright_and_at_least_12pt(site, h, size):
    path = site / "handouts" / ho.pdf_name(h.id, size)
    page = pypdf.PdfReader(path).pages[0]
    fonts = page["/Resources"]["/Font"]
    names = []
    for ref in fonts.values():
        font = ref.get_object()
        names.append(str(font["/BaseFont"]))
        descriptor = font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        descriptor = descriptor.get_object()
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), names[-1]
    assert all("Atkinson" in n for n in names), names
    assert not any(re.search("italic|oblique", n, re.I) for n in names)
    # Body text is 12pt; the safety box and the footer are a little tighter
    # (10pt and 11pt) so every sign and action fits on the one page.
    with pdfplumber.open(path) as pdf:
        chars = pdf.pages[0].chars
        sizes = {round(c["size"], 1) for c in chars}
        body = "".join(c["text"] for c in chars if c["size"] >= 11.95)
    assert min(sizes) >= 10
    first = (h.steps[0].cue if h.steps else h.plain_steps[0] if h.plain_steps else h.checks[0].items[0])
    assert "".join(first.split()) in "".join(body.split())


@pytest.mark.parametrize("h, size", PDFS, ids=lambda v: getattr(v, "id", v))
def test_nothing_is_cut_off_and_the_footer_lines_do_not_wrap(site, h, size):
    with pdfplumber.open(site / "handouts" / ho.pdf_name(h.id, size)) as pdf:
        page = pdf.pages[0]
        mm = 72 / 25.4
        for c in page.chars:  # nothing within 5 mm of an edge, where printers clip
            assert 5 * mm <= c["x0"] and c["x1"] <= page.width - 5 * mm, c["text"]
            assert 5 * mm <= c["top"] and c["bottom"] <= page.height - 5 * mm, c["text"]
        lines = page.extract_text().splitlines()
    reviewed = GUIDE.data.guide.reviewed.strftime("%-d %B %Y")
    assert any(line.startswith(f"Last reviewed: {reviewed}. Next review due:") for line in lines)


def test_safety_check_has_boxes_to_tick_and_lines_to_sign(site):
    text = pdf_text(site / "handouts" / "safety-check-a4.pdf")
    for label in ("Client name:", "Signature:", "Date:", "Practitioner:", "None of these apply"):
        assert label in text
    for note_id in GUIDE.data.handouts.safety_check.notes:
        for sign in GUIDE.note(note_id).signs:
            assert " ".join(sign.split()[:3]) in text


def test_each_handout_has_a_page_with_download_and_print(site):
    for h in HANDOUTS:
        html = (site / "handouts" / h.id / "index.html").read_text(encoding="utf-8")
        for size in ho.SIZES:
            assert f'href="../{ho.pdf_name(h.id, size)}"' in html
        assert '<button class="md-button" type="button" data-fn-print>Print this page</button>' in html


def test_handouts_index_lists_every_handout_with_both_sizes(site):
    html = (site / "handouts" / "index.html").read_text(encoding="utf-8")
    for h in HANDOUTS:
        assert f'href="{h.id}/"' in html
        for size in ho.SIZES:
            assert f'href="{ho.pdf_name(h.id, size)}"' in html


def test_cache_renders_only_what_changed(tmp_path):
    data = tmp_path / "guide.yml"
    data.write_text((FIXTURES / "minimal.yml").read_text(encoding="utf-8"), encoding="utf-8")
    out, cache = tmp_path / "out", tmp_path / "cache"
    first = ho.build_pdfs(load_guide(data), SITE_URL, out, cache)
    assert len(first.rendered) == 6 and not first.reused
    again = ho.build_pdfs(load_guide(data), SITE_URL, out, cache)
    assert again.rendered == [] and len(again.reused) == 6
    data.write_text(data.read_text(encoding="utf-8").replace(
        "Squeeze and release, slowly.", "Squeeze and release, very slowly."), encoding="utf-8")
    changed = ho.build_pdfs(load_guide(data), SITE_URL, out, cache)
    assert sorted(changed.rendered) == ["short-calf-a4.pdf", "short-calf-letter.pdf"]


def test_an_unchanged_set_is_copied_without_laying_out_a_sheet(tmp_path, monkeypatch):
    data = tmp_path / "guide.yml"
    data.write_text((FIXTURES / "minimal.yml").read_text(encoding="utf-8"), encoding="utf-8")
    out, cache = tmp_path / "out", tmp_path / "cache"
    first = ho.build_pdfs(load_guide(data), SITE_URL, out, cache)
    made = {p.name: p.read_bytes() for p in out.glob("*.pdf")}

    def no_layout(*args, **kwargs):
        raise AssertionError("a sheet was laid out")

    monkeypatch.setattr(ho.Printer, "html", no_layout)
    again = ho.build_pdfs(load_guide(data), SITE_URL, tmp_path / "out2", cache)
    assert sorted(again.reused) == sorted(first.rendered) and again.rendered == []
    assert sorted(again.with_pictures) == sorted(first.with_pictures)
    assert {p.name: p.read_bytes() for p in (tmp_path / "out2").glob("*.pdf")} == made
    # Any change to what the set is made from goes back to each sheet's own key.
    with pytest.raises(AssertionError, match="laid out"):
        ho.build_pdfs(load_guide(data), "https://example.org/other/", tmp_path / "out3", cache)


def test_a_handout_too_long_for_one_page_fails_naming_it(tmp_path):
    text = (FIXTURES / "minimal.yml").read_text(encoding="utf-8")
    step = ("      - technique: calf-squeeze\n        cue: Squeeze and release, slowly, "
            "and keep a steady rhythm as you work up the calf toward the knee.\n")
    text = text.replace("    steps:\n      - technique: calf-squeeze\n",
                        "    steps:\n" + step * 40 + "      - technique: calf-squeeze\n")
    data = tmp_path / "guide.yml"
    data.write_text(text, encoding="utf-8")
    with pytest.raises(ho.HandoutError) as caught:
        ho.build_pdfs(load_guide(data), SITE_URL, tmp_path / "out", tmp_path / "cache")
    assert "handout 'short-calf' (A4) needs" in str(caught.value)


def test_adding_a_routine_adds_its_handout_with_no_other_edit(project):
    data = project / "docs" / "data" / "guide.yml"
    text = data.read_text(encoding="utf-8")
    text += """
  - id: evening-feet
    title: A quiet evening foot rub
    audience: self
    who: Anyone who wants to unwind at the end of the day.
    when: In the evening, before bed.
    summary: Go slowly and gently, and stop if anything hurts.
    steps:
      - technique: warm-up-stroking
        cue: Stroke the top and sole of the foot slowly.
"""
    data.write_text(text, encoding="utf-8")
    site = project / "site"
    result = run_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (site / "handouts" / "evening-feet" / "index.html").exists()
    for size in ho.SIZES:
        assert len(pypdf.PdfReader(site / "handouts" / ho.pdf_name("evening-feet", size)).pages) == 1
    index = (site / "handouts" / "index.html").read_text(encoding="utf-8")
    assert "A quiet evening foot rub" in index


def test_pdfs_can_be_made_on_their_own(tmp_path):
    import subprocess
    import sys

    from tests.conftest import ROOT

    result = subprocess.run([sys.executable, "-m", "macros", "pdfs", "--site-dir", str(tmp_path)],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "handouts").glob("*.pdf")) == sorted(
        ho.pdf_name(h.id, size) for h in HANDOUTS for size in ho.SIZES)


def _curves(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        return len(page.curves) + len(page.lines) + len(page.rects)


def test_step_pictures_print_where_they_fit(tmp_path):
    data = tmp_path / "guide.yml"
    data.write_text((FIXTURES / "minimal.yml").read_text(encoding="utf-8"), encoding="utf-8")
    guide = load_guide(data)
    stats = ho.build_pdfs(guide, SITE_URL, tmp_path / "out", tmp_path / "cache")
    assert sorted(stats.with_pictures) == ["short-calf-a4.pdf", "short-calf-letter.pdf"]
    # The diagram is drawn on the sheet: a plain copy has fewer shapes.
    import weasyprint

    h = next(h for h in ho.handouts(guide) if h.id == "short-calf")
    plain = tmp_path / "plain.pdf"
    weasyprint.HTML(string=ho.Printer().html(h, guide, SITE_URL, "a4", pictures=False),
                    base_url=str(ho.ASSETS) + "/").write_pdf(plain)
    assert _curves(tmp_path / "out" / "short-calf-a4.pdf") > _curves(plain)
    # A rebuild reuses the sheet, and still knows it has pictures.
    again = ho.build_pdfs(guide, SITE_URL, tmp_path / "out", tmp_path / "cache")
    assert again.rendered == [] and sorted(again.with_pictures) == sorted(stats.with_pictures)


def test_a_sheet_too_full_for_pictures_prints_without_them(tmp_path, monkeypatch):
    data = tmp_path / "guide.yml"
    data.write_text((FIXTURES / "minimal.yml").read_text(encoding="utf-8"), encoding="utf-8")
    html = ho.Printer.html

    def crowded(self, h, guide, site_url, size, pictures=False):
        out = html(self, h, guide, site_url, size, pictures)
        # With pictures, the sheet no longer fits one page.
        return out.replace("</body>", '<div style="height: 400mm"></div></body>') if pictures else out

    monkeypatch.setattr(ho.Printer, "html", crowded)
    stats = ho.build_pdfs(load_guide(data), SITE_URL, tmp_path / "out", tmp_path / "cache")
    assert stats.with_pictures == []
    for size in ho.SIZES:
        assert len(pypdf.PdfReader(tmp_path / "out" / ho.pdf_name("short-calf", size)).pages) == 1



def test_handout_pages_on_the_web_show_each_steps_picture(site):
    for h in HANDOUTS:
        html = (site / "handouts" / h.id / "index.html").read_text(encoding="utf-8")
        for s in h.steps:
            assert f'src="../../images/{s.picture}"' in html, (h.id, s.name)


@pytest.mark.parametrize("title", ['Feet "after" work', "Back\\neck: a C:\\path 'note'", "Ünïcode — rub #1"])
def test_generated_handout_page_front_matter_keeps_any_title(title):
    import dataclasses

    import yaml

    from macros.hooks import handout_page_source

    h = dataclasses.replace(HANDOUTS[0], title=title)
    source = handout_page_source(h, GUIDE.data.guide.reviewed, GUIDE.data.guide.next_review)
    front, body = source.split("\n---\n", 1)
    meta = yaml.safe_load(front.removeprefix("---\n"))
    assert meta["title"] == f"{title} (printable handout)"
    assert meta["description"].endswith(f": {title}.")
    assert meta["reviewed"] == GUIDE.data.guide.reviewed
    assert meta["search"] == {"exclude": True}
    assert body.strip() == f'{{{{ handout_page("{h.id}") }}}}'


def test_pdfs_print_the_site_url_mkdocs_yml_gives_even_from_the_environment(tmp_path):
    """The PDF step reads mkdocs.yml through MkDocs' own loader, so a fork
    sets FOOTNOTES_SITE_URL and its handouts print its own address."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    env = dict(os.environ, FOOTNOTES_SITE_URL="https://fork.example.org/guide/",
               FOOTNOTES_PDF_CACHE=str(tmp_path / "cache"))
    out = tmp_path / "site"
    result = subprocess.run([sys.executable, "-m", "macros", "pdfs", "--site-dir", str(out)],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    text = pdf_text(out / "handouts" / ho.pdf_name("aftercare", "a4"))
    assert "fork.example.org/guide/handouts/aftercare/" in text
    assert "footnotes.codeberg.page" not in text


def test_a_note_left_off_paper_is_on_the_web_page_and_pointed_to(site):
    routine = next(r for r in GUIDE.data.routines if r.web_only)
    h = next(h for h in HANDOUTS if h.id == routine.id)
    left_off = [GUIDE.note(i) for i in routine.web_only]
    assert all(n.level == "see-clinician" for n in left_off)
    assert not set(routine.web_only) & {n.id for n in h.notes}
    for size in ho.SIZES:
        text = pdf_text(site / "handouts" / ho.pdf_name(h.id, size))
        pointer = "Also online: " + "; ".join(n.title for n in left_off)
        assert pointer in text
        for n in left_off:
            assert n.signs[0] not in text and n.action not in text
    page = (site / "handouts" / h.id / "index.html").read_text(encoding="utf-8")
    for n in left_off:
        assert n.title in page and n.signs[0] in page


def test_without_pango_the_pdf_step_says_what_to_install(tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import fails, as without Pango
    with pytest.raises(ho.HandoutError) as caught:
        ho.build_pdfs(GUIDE, SITE_URL, tmp_path / "out", cache=tmp_path / "empty-cache")
    message = str(caught.value)
    assert "needs the Pango library" in message and "apt-get install libpango-1.0-0" in message
    assert "brew install pango" in message and "The web pages do not need it" in message


def test_every_get_help_note_prints_every_one_of_its_signs():
    for h in HANDOUTS:
        for sec in h.note_sections:
            for n in sec.notes:
                if n.get_help:
                    assert n.signs == GUIDE.note(n.id).signs, (h.id, n.id)


def test_a_qr_code_is_made_once_then_kept(tmp_path, monkeypatch):
    """Handout pages and the builder's sheets carry QR codes of fixed
    addresses: the second build takes them from .cache/qr, without segno."""
    import sys

    monkeypatch.setattr(ho, "QR_CACHE", tmp_path / "qr")
    ho._qr_svg.cache_clear()
    first = ho._qr_svg("https://example.org/handouts/a/#start")
    assert first.startswith("<svg") and len(list((tmp_path / "qr").glob("*.svg"))) == 1
    ho._qr_svg.cache_clear()
    monkeypatch.setitem(sys.modules, "segno", None)  # any import of segno now fails
    assert ho._qr_svg("https://example.org/handouts/a/#start") == first
    with pytest.raises(ImportError):
        ho._qr_svg("https://example.org/handouts/b/#start")  # a new address needs segno
    ho._qr_svg.cache_clear()
