"""The benchmark's parts (macros/bench.py, baseline.py) and the build-speed
work they measure. No test here times anything: speed is `make bench`'s."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest

from macros import bench, templates
from macros.baseline import expand

ROOT = Path(__file__).resolve().parent.parent


def test_baseline_is_our_pages_with_every_macro_expanded(tmp_path):
    project = bench.copy_project(tmp_path / "project")
    base = expand(project, tmp_path / "baseline")
    config = (base / "mkdocs.yml").read_text(encoding="utf-8")
    assert "macros" not in config and "hooks" not in config
    pages = {p.relative_to(base / "docs").as_posix() for p in (base / "docs").rglob("*.md")}
    ours = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")}
    assert ours <= pages
    assert {"handouts/bedtime-legs.md", "handouts/safety-check.md"} <= pages  # generated ones
    for page in pages:
        text = (base / "docs" / page).read_text(encoding="utf-8")
        assert "{{" not in text and "{%" not in text, page
    routines = (base / "docs" / "routines.md").read_text(encoding="utf-8")
    assert routines.startswith("---\ntitle: ") and "| Step" in routines
    assert not list(project.glob(".capture-*.yml"))  # the capture config is cleaned up
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir",
                            str(tmp_path / "site")], cwd=base, capture_output=True, text=True,
                           env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "site" / "routines" / "index.html").is_file()


def test_a_page_template_is_compiled_once_then_taken_from_the_cache(tmp_path, monkeypatch):
    env = jinja2.Environment()
    first = templates.compile_page(env, "a.md", "Hello {{ name }}", cache=tmp_path)
    assert first.render(name="Ann") == "Hello Ann"
    monkeypatch.setattr(env, "compile", lambda *a, **k: pytest.fail("compiled again"))
    again = templates.compile_page(jinja2.Environment(), "a.md", "Hello {{ name }}", cache=tmp_path)
    assert again.render(name="Bo") == "Hello Bo"
    fresh = jinja2.Environment()
    edited = templates.compile_page(fresh, "a.md", "Bye {{ name }}", cache=tmp_path)
    assert edited.render(name="Cy") == "Bye Cy"  # an edited page is compiled afresh
    with pytest.raises(jinja2.TemplateSyntaxError) as slip:
        templates.compile_page(fresh, "b.md", "one\ntwo {{ name }\n", cache=tmp_path)
    assert slip.value.lineno == 2


def test_the_plugin_gets_the_template_already_made_for_its_source():
    env = jinja2.Environment()
    made = templates.compile_page(env, "a.md", "{{ 1 + 1 }}", cache=None)
    templates.hand_over(env, "{{ 1 + 1 }}", made)
    assert env.from_string("{{ 1 + 1 }}") is made
    assert env.from_string("{{ 1 + 1 }}") is not made  # handed over once
    assert env.from_string("{{ 2 + 2 }}").render() == "4"


def test_the_build_defers_the_requests_import_until_used():
    code = ("import sys\nfrom macros.build import lazy_import\nlazy_import('requests')\n"
            "import requests\nprint('urllib3' in sys.modules)\n"
            "print(requests.exceptions.RequestException.__name__, 'urllib3' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.stdout.split() == ["False", "RequestException", "True"], done.stderr


def sample_report() -> dict:
    f = lambda *xs: bench.figure(list(xs))  # noqa: E731
    weight = lambda total: {"path": "", "raw": total * 3, "gzip": total,  # noqa: E731
                            "kinds": {"html": {"raw": total * 3, "gzip": total, "files": 1}}}
    scores = {c: f(100, 100, 100) for c in bench.CATEGORIES}
    metrics = {k: f(900, 1000, 1100) for k in ("FCP", "LCP", "TBT", "CLS", "SI")}
    return {
        "machine": {"cpu": "Test CPU", "cores": 2, "system": "Linux", "python": "3.11",
                    "load_at_start": 0.5, "date": "2026-11-23 10:00 UTC"},
        "repeats": 3,
        "build": {"ours": f(1.5, 1.6, 1.7), "baseline": f(1.4, 1.4, 1.5), "ratio": 1.14,
                  "pair_ratios": f(1.1, 1.14, 1.2), "goal": 1.2, "met": True, "cold_build": 12.0,
                  "pdfs_first_build": 14, "pdfs_rebuild_rendered": 0, "pdfs_rebuild_reused": 14},
        "pdfs": {"per_pdf": f(0.4, 0.5, 0.6), "count": 14, "median_bytes": 90_000},
        "preview": {"page": f(0.4, 0.5, 0.6), "data file": f(0.6, 0.7, 0.8)},
        "weight": {"home": weight(70_000), "builder": weight(100_000)},
        "lighthouse": {"home": {"mobile": {"scores": scores, "metrics": metrics, "failing": []}}},
        "lighthouse_version": "12", "lighthouse_runs": 3,
    }


def test_the_report_says_which_goals_are_met_and_fails_only_on_bytes_and_scores():
    r = sample_report()
    assert all(met for _, _, met in bench.verdicts(r))
    assert bench.failed_budgets(r) == []
    slow = copy.deepcopy(r)
    slow["build"].update(ratio=1.5, met=False)
    slow["preview"]["page"] = bench.figure([1.5, 1.6, 1.7])
    assert [goal for goal, _, met in bench.verdicts(slow) if not met] == [
        "Build time against the baseline, 1.2 or less",
        "Preview after saving the page, 1 s or less"]
    assert bench.failed_budgets(slow) == []  # time goals are reported, never a failure
    heavy = copy.deepcopy(r)
    heavy["weight"]["builder"]["gzip"] = 120_000
    heavy["lighthouse"]["home"]["mobile"]["scores"]["performance"] = bench.figure([95, 96, 97])
    assert bench.failed_budgets(heavy) == ["builder: 120.0 kB gzip, over 110 kB",
                                           "Lighthouse home mobile performance: 96"]
    text = bench.markdown(heavy)
    assert "| Lighthouse 100 in all four categories, mobile and desktop | home mobile " \
           "performance 96 | **no** |" in text
    assert "Over budget: builder: 120.0 kB gzip, over 110 kB" in text


def test_writing_the_report_updates_the_readme_figures_between_the_markers(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# Title\n\n<!-- bench:start -->\nold\n<!-- bench:end -->\n\nAfter.\n",
                      encoding="utf-8")
    bench.write(sample_report(), tmp_path / "bench", readme)
    text = readme.read_text(encoding="utf-8")
    assert "old" not in text and text.endswith("\n\nAfter.\n")
    assert "| Build time against the baseline, 1.2 or less | 1.14 (1.60 s against 1.40 s) | yes |" \
        in text
    saved = json.loads((tmp_path / "bench" / "report.json").read_text(encoding="utf-8"))
    assert saved["build"]["ratio"] == 1.14
    assert (tmp_path / "bench" / "report.md").read_text(encoding="utf-8").startswith(
        "# Benchmark report")


def test_the_readme_shows_the_figures_of_the_committed_report():
    report = json.loads((ROOT / "bench" / "report.json").read_text(encoding="utf-8"))
    assert bench.readme_block(report) in (ROOT / "README.md").read_text(encoding="utf-8")
    assert bench.markdown(report) == (ROOT / "bench" / "report.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("url,content_type,kind", [
    ("http://x/search/search_index.json", "application/json", "search index"),
    ("http://x/", "text/html; charset=utf-8", "html"),
    ("http://x/a.css", "text/css", "css"),
    ("http://x/a.js", "text/javascript", "js"),
    ("http://x/a.svg", "image/svg+xml", "images"),
    ("http://x/f.woff2", "font/woff2", "fonts"),
])
def test_each_response_is_counted_under_its_kind(url, content_type, kind):
    assert bench.kind_of(url, content_type) == kind
