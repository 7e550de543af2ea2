"""Benchmarks: `python -m macros bench` (run by `make bench`).

Speed and size are measured here, never by timed tests. Every figure is the
median of several runs with its spread, because the machines are shared and
noisy, and each speed is set beside a baseline measured in the same run:
ratios are steadier than times.

- Build: our `python -m macros build` against the baseline, the same pages
  with every macro already expanded, built by plain MkDocs and Material
  (macros/baseline.py). The two run in turn, so a busy moment slows both.
- Handouts: seconds per PDF, and what a rebuild with nothing changed renders.
- Live preview: from saving a page, or the data file, until the preview
  serves the change.
- Page weight: what a first visit to each kind of page transfers, by kind.
- Lighthouse, mobile and desktop (macros/lighthouse.py).

The report goes to bench/report.md and bench/report.json, and its headline
figures into README.md between the `bench:start` and `bench:end` markers.
Budgets that are not about time (bytes, scores) fail the run; time goals are
reported, met or not.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT_DIR = ROOT / "bench"
README = ROOT / "README.md"

BUILD_RATIO_GOAL = 1.2
PREVIEW_GOAL = 1.0  # seconds
WEIGHT_BUDGET = 110_000  # bytes, gzip, first visit
SCORE_GOAL = 100

# First visits measured for weight: one page of each kind, and the builder
# and play page as a QR code or a link from the player opens them.
WEIGHT_PAGES = {
    "home": "",
    "technique": "foot-techniques/",
    "routines": "routines/",
    "handout": "handouts/bedtime-legs/",
    "handout list": "handouts/",
    "safety": "safety/",
    "sources": "sources/",
    "builder": "make-a-handout/",
    "builder, handout loaded": "make-a-handout/#from=bedtime-legs&s=1_2_3_4",
    "play page": "play/#from=bedtime-legs&s=1_2_3_4",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


# --- helpers ----------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def copy_project(dest: Path) -> Path:
    """The files a build reads (config, change notes, macros, overrides, docs), copied to dest."""
    dest.mkdir(parents=True)
    for name in ("mkdocs.yml", "CHANGELOG.md"):
        shutil.copy(ROOT / name, dest)
    for folder in ("macros", "overrides", "docs"):
        shutil.copytree(ROOT / folder, dest / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def figure(xs: list[float]) -> dict:
    """Median, spread and every value."""
    return {"median": statistics.median(xs), "min": min(xs), "max": max(xs), "n": len(xs),
            "values": [round(x, 4) for x in xs]}


def _timed(cmd: list[str], cwd: Path) -> tuple[float, str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env, check=False)
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed in {cwd}:\n{done.stdout}{done.stderr}")
    return took, done.stdout + done.stderr


def machine() -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return {"cpu": cpu, "cores": os.cpu_count(), "system": f"{platform.system()} "
            f"{platform.release()}", "python": platform.python_version(),
            "load_at_start": round(load[0], 2),
            "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}


# --- build ------------------------------------------------------------------

PDF_LINE = re.compile(r"Handout PDFs: (\d+) rendered, (\d+) unchanged")


def build_times(work: Path, repeats: int) -> dict:
    """Our build and the baseline's, in turn; the first of ours renders every PDF."""
    from .baseline import expand

    project = copy_project(work / "project")
    base = expand(project, work / "baseline")
    ours_cmd = [sys.executable, "-m", "macros", "build", "--site-dir", str(work / "site")]
    base_cmd = [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(work / "site-base")]
    cold, out = _timed(ours_cmd, project)  # empty PDF cache: every PDF rendered
    first = PDF_LINE.search(out)
    ours, baseline, unchanged = [], [], None
    for _ in range(repeats):
        t, _out = _timed(base_cmd, base)
        baseline.append(t)
        t, out = _timed(ours_cmd, project)
        ours.append(t)
        unchanged = PDF_LINE.search(out)
    ratio = statistics.median(ours) / statistics.median(baseline)
    pairs = [o / b for o, b in zip(ours, baseline)]
    return {
        "ours": figure(ours), "baseline": figure(baseline), "ratio": round(ratio, 3),
        "pair_ratios": figure(pairs), "goal": BUILD_RATIO_GOAL,
        "met": ratio <= BUILD_RATIO_GOAL, "cold_build": round(cold, 2),
        "pdfs_first_build": int(first.group(1)) if first else None,
        "pdfs_rebuild_rendered": int(unchanged.group(1)) if unchanged else None,
        "pdfs_rebuild_reused": int(unchanged.group(2)) if unchanged else None,
    }


def pdf_times(work: Path, repeats: int) -> dict:
    """Seconds to render one handout PDF (WeasyPrint), each from an empty cache."""
    from .build import config
    from .handouts import build_pdfs
    from .site import load

    site_url = config(str(ROOT / "mkdocs.yml"))["site_url"]
    guide = load(str(ROOT / "docs"))
    seconds: list[float] = []
    for i in range(repeats):
        stats = build_pdfs(guide, site_url, work / "pdf", work / f"pdf-cache-{i}")
        seconds += list(stats.seconds.values())
    sizes = [p.stat().st_size for p in (work / "pdf").glob("*.pdf")]
    return {"per_pdf": figure(seconds), "count": len(sizes),
            "median_bytes": int(statistics.median(sizes)) if sizes else 0}


# --- preview ----------------------------------------------------------------

def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _until(url: str, marker: str, limit: float = 60) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        if marker in _get(url):
            return time.perf_counter() - started
        time.sleep(0.02)
    raise RuntimeError(f"the preview never showed {marker!r} at {url}")


def preview_times(work: Path, repeats: int) -> dict[str, list[float]]:
    """Seconds from saving a file until `python -m macros serve` serves the change."""
    project = copy_project(work / "preview")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen([sys.executable, "-m", "macros", "serve", "--dev-addr",
                               f"127.0.0.1:{port}"], cwd=project,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    edits = {"page": (project / "docs" / "about.md", "About this guide", "about/"),
             "data file": (project / "docs" / "data" / "guide.yml", "Thumb circles",
                           "routines/")}
    times: dict[str, list[float]] = {k: [] for k in edits}
    try:
        _until(base, "Footnotes")
        time.sleep(3)  # let the first background PDF step finish
        for what, (path, old, page) in edits.items():
            original = path.read_text(encoding="utf-8")
            for _ in range(repeats):
                marker = f"{old} {time.time_ns()}"
                path.write_text(original.replace(old, marker, 1), encoding="utf-8")
                times[what].append(_until(base + page, marker))
                time.sleep(2)
            path.write_text(original, encoding="utf-8")
            time.sleep(2)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return times


# --- page weight --------------------------------------------------------------

def kind_of(url: str, content_type: str) -> str:
    path = url.split("?", 1)[0].split("#", 1)[0]
    if path.endswith("search_index.json"):
        return "search index"
    ct = content_type.split(";", 1)[0].strip()
    if ct == "text/html":
        return "html"
    if ct == "text/css":
        return "css"
    if "javascript" in ct:
        return "js"
    if ct.startswith("image/"):
        return "images"
    if ct.startswith("font/") or path.endswith((".woff", ".woff2")):
        return "fonts"
    return "other"


def page_weights(site: Path, pages: dict[str, str]) -> dict[str, dict]:
    """What a first visit to each page transfers, raw and gzip, by kind: the
    page is opened in Chromium from a server that compresses as a host does,
    and left until the network is quiet."""
    from playwright.sync_api import sync_playwright

    from .chromium import launch
    from .lighthouse import serve

    out: dict[str, dict] = {}
    with serve(site) as base, sync_playwright() as p:
        browser = launch(p)
        try:
            for label, path in pages.items():
                context = browser.new_context(viewport={"width": 412, "height": 823})
                page = context.new_page()
                seen: list = []
                page.on("response", lambda response: seen.append(response))
                page.goto(base.rstrip("/") + "/" + path, wait_until="networkidle")
                page.wait_for_timeout(500)
                kinds: dict[str, dict[str, int]] = {}
                for response in seen:
                    try:
                        body = response.body()
                    except Exception:  # noqa: BLE001 - a redirect or aborted request has none
                        continue
                    kind = kind_of(response.url, response.headers.get("content-type", ""))
                    packed = len(gzip.compress(body, 6)) if kind not in ("images", "fonts") \
                        or response.url.endswith(".svg") else len(body)
                    k = kinds.setdefault(kind, {"raw": 0, "gzip": 0, "files": 0})
                    k["raw"] += len(body)
                    k["gzip"] += min(packed, len(body))
                    k["files"] += 1
                context.close()
                out[label] = {"path": path, "kinds": kinds,
                              "raw": sum(k["raw"] for k in kinds.values()),
                              "gzip": sum(k["gzip"] for k in kinds.values())}
        finally:
            browser.close()
    return out


# --- the report -------------------------------------------------------------

def _s(f: dict, unit: str = "s", digits: int = 2) -> str:
    return (f"{f['median']:.{digits}f} {unit} ({f['min']:.{digits}f} to "
            f"{f['max']:.{digits}f}, n={f['n']})")


def verdicts(r: dict) -> list[tuple[str, str, bool]]:
    """(goal, measured, met) for every goal of the report."""
    b = r["build"]
    rows = [(f"Build time against the baseline, {BUILD_RATIO_GOAL} or less",
             f"{b['ratio']:.2f} ({b['ours']['median']:.2f} s against "
             f"{b['baseline']['median']:.2f} s)", b["met"]),
            ("A rebuild with nothing changed renders no PDF",
             f"{b['pdfs_rebuild_rendered']} rendered, {b['pdfs_rebuild_reused']} reused",
             b["pdfs_rebuild_rendered"] == 0)]
    for what, f in r["preview"].items():
        rows.append((f"Preview after saving the {what}, {PREVIEW_GOAL:.0f} s or less",
                     f"{f['median']:.2f} s", f["median"] <= PREVIEW_GOAL))
    heaviest = max(r["weight"].items(), key=lambda kv: kv[1]["gzip"])
    rows.append((f"First visit, {WEIGHT_BUDGET / 1000:.0f} kB gzip or less on every page",
                 f"heaviest: {heaviest[0]}, {heaviest[1]['gzip'] / 1000:.1f} kB",
                 heaviest[1]["gzip"] <= WEIGHT_BUDGET))
    if r.get("lighthouse"):
        low = [(page, ff, c, s) for page, by in r["lighthouse"].items()
               for ff, cats in by.items() for c, s in cats["scores"].items()
               if s["median"] < SCORE_GOAL]
        lowest = min((s["min"] for by in r["lighthouse"].values() for cats in by.values()
                      for s in cats["scores"].values()), default=SCORE_GOAL)
        rows.append((f"Lighthouse {SCORE_GOAL} in all four categories, mobile and desktop",
                     "every median 100" + (f" (lowest single run {lowest:.0f})"
                                           if lowest < SCORE_GOAL else "")
                     if not low else "; ".join(f"{p} {f} {c} {s['median']:.0f}"
                                               for p, f, c, s in low), not low))
    return rows


def failed_budgets(r: dict) -> list[str]:
    """The budgets that are not about time: bytes and scores."""
    out = [f"{label}: {w['gzip'] / 1000:.1f} kB gzip, over {WEIGHT_BUDGET / 1000:.0f} kB"
           for label, w in r["weight"].items() if w["gzip"] > WEIGHT_BUDGET]
    for page, by in (r.get("lighthouse") or {}).items():
        for ff, cats in by.items():
            out += [f"Lighthouse {page} {ff} {c}: {s['median']:.0f}"
                    for c, s in cats["scores"].items() if s["median"] < SCORE_GOAL]
    return out


def markdown(r: dict) -> str:
    m, b, p = r["machine"], r["build"], r["pdfs"]
    lines = [
        "# Benchmark report",
        "",
        "Written by `make bench` (macros/bench.py). Each figure is the median of the runs, "
        "with the lowest and highest in brackets and the number of runs.",
        "",
        f"- Machine: {m['cpu']}, {m['cores']} cores, {m['system']}, Python {m['python']}; "
        f"load average {m['load_at_start']} at the start.",
        f"- Run: {m['date']}, {r['repeats']} runs of each speed figure.",
        "",
        "## Goals",
        "",
        "| Goal | Measured | Met |",
        "|---|---|---|",
        *[f"| {goal} | {measured} | {'yes' if met else '**no**'} |"
          for goal, measured, met in verdicts(r)],
        "",
        "## Build",
        "",
        "Our build (`python -m macros build`: strict MkDocs build, handout PDFs from the "
        "cache, slimmed theme CSS, swapped into place) against the baseline: the same pages "
        "with every macro already expanded, built by plain MkDocs and Material with the "
        "macros plugin and our hooks off (macros/baseline.py). They ran in turn.",
        "",
        "| | Wall time |",
        "|---|---|",
        f"| Ours | {_s(b['ours'])} |",
        f"| Baseline | {_s(b['baseline'])} |",
        f"| Ratio of the medians | {b['ratio']:.2f} (each pair: {_s(b['pair_ratios'], '')}) |",
        f"| Ours, first build (renders all {b['pdfs_first_build']} PDFs) | "
        f"{b['cold_build']:.2f} s (one run) |",
        "",
        "## Handouts",
        "",
        f"- Seconds per PDF (WeasyPrint, one handout in one size): {_s(p['per_pdf'])}.",
        f"- {p['count']} PDFs, median {p['median_bytes'] / 1000:.0f} kB each.",
        f"- A rebuild with nothing changed: {b['pdfs_rebuild_rendered']} rendered, "
        f"{b['pdfs_rebuild_reused']} reused from the cache.",
        "",
        "## Live preview",
        "",
        "From saving a file until `python -m macros serve` serves the changed page.",
        "",
        "| Saved | Time |",
        "|---|---|",
        *[f"| The {what} | {_s(f)} |" for what, f in r["preview"].items()],
        "",
        "## Page weight, first visit",
        "",
        "Everything Chromium fetched until the network was quiet, from a server that "
        "compresses text as a host does. Sizes in kB (1,000 bytes); gzip is what crosses "
        "the network.",
        "",
        "| Page | HTML | CSS | JS | Images | Fonts | Search index | Total raw | Total gzip |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for label, w in r["weight"].items():
        cells = [f"{w['kinds'][k]['gzip'] / 1000:.1f}" if k in w["kinds"] else "0"
                 for k in ("html", "css", "js", "images", "fonts", "search index")]
        lines.append(f"| {label} (`{w['path'] or '/'}`) | {' | '.join(cells)} | "
                     f"{w['raw'] / 1000:.1f} | **{w['gzip'] / 1000:.1f}** |")
    if r.get("lighthouse"):
        lines += ["", "## Lighthouse", "",
                  f"Lighthouse {r.get('lighthouse_version', '')} with Debian's Chromium; "
                  "mobile is its default (a slow 4G network and a 4x slower CPU, simulated), "
                  "desktop its desktop preset. Medians of "
                  f"{r['lighthouse_runs']} runs, lowest to highest in brackets.", "",
                  "| Page | Form | Performance | Accessibility | Best practices | SEO |",
                  "|---|---|---|---|---|---|"]
        for page, by in r["lighthouse"].items():
            for ff, cats in by.items():
                cells = [f"{s['median']:.0f} ({s['min']:.0f} to {s['max']:.0f})"
                         for c in CATEGORIES for s in [cats["scores"][c]]]
                lines.append(f"| {page} | {ff} | {' | '.join(cells)} |")
        lines += ["", "| Page | Form | First paint | Largest paint | Blocking | Layout shift |",
                  "|---|---|---|---|---|---|"]
        for page, by in r["lighthouse"].items():
            for ff, cats in by.items():
                mx = cats["metrics"]
                lines.append(f"| {page} | {ff} | {mx['FCP']['median'] / 1000:.2f} s | "
                             f"{mx['LCP']['median'] / 1000:.2f} s | {mx['TBT']['median']:.0f} ms "
                             f"| {mx['CLS']['median']:.3f} |")
    lines += ["", "## Budgets", ""]
    failed = failed_budgets(r)
    lines += [f"- Over budget: {f}" for f in failed] or ["- Every byte and score budget is met."]
    return "\n".join(lines) + "\n"


def readme_block(r: dict) -> str:
    """The figures README.md shows, with a link to the whole report."""
    rows = "\n".join(f"| {goal} | {measured} | {'yes' if met else '**no**'} |"
                     for goal, measured, met in verdicts(r))
    m = r["machine"]
    return ("<!-- bench:start (written by make bench; do not edit by hand) -->\n"
            f"Latest `make bench` ({m['date']}, {m['cpu']}, {m['cores']} cores), "
            "medians of several runs; the whole report, with spreads, is in "
            "[bench/report.md](bench/report.md).\n\n"
            "| Goal | Measured | Met |\n|---|---|---|\n" + rows + "\n<!-- bench:end -->")


BLOCK = re.compile(r"<!-- bench:start.*?<!-- bench:end -->", re.S)


def write(r: dict, report_dir: Path = REPORT_DIR, readme: Path = README) -> None:
    report_dir.mkdir(exist_ok=True)
    (report_dir / "report.json").write_text(json.dumps(r, indent=2) + "\n", encoding="utf-8")
    (report_dir / "report.md").write_text(markdown(r), encoding="utf-8")
    text = readme.read_text(encoding="utf-8")
    if BLOCK.search(text):
        readme.write_text(BLOCK.sub(lambda _: readme_block(r), text), encoding="utf-8")


def lighthouse_figures(site: Path, runs: int) -> tuple[dict, str]:
    from . import lighthouse

    raw = lighthouse.run(site, lighthouse.PAGES, runs=runs)
    out: dict = {}
    for page, by in raw.items():
        for ff, results in by.items():
            out.setdefault(page, {})[ff] = {
                "scores": {c: figure([x["scores"][c] for x in results]) for c in CATEGORIES},
                "metrics": {k: figure([x["metrics"][k] for x in results])
                            for k in ("FCP", "LCP", "TBT", "CLS", "SI")},
                "failing": sorted({a[0] for x in results for a in x["failing"]}),
            }
    return out, lighthouse.version()


def run(repeats: int = 7, lighthouse_runs: int = 3, skip_lighthouse: bool = False) -> int:
    work = Path(tempfile.mkdtemp(prefix="footnotes-bench-"))
    try:
        r: dict = {"machine": machine(), "repeats": repeats}
        print("Build: ours and the baseline, in turn ...", flush=True)
        r["build"] = build_times(work, repeats)
        print("Handout PDFs ...", flush=True)
        r["pdfs"] = pdf_times(work, 3)
        print("Live preview ...", flush=True)
        r["preview"] = {k: figure(v) for k, v in preview_times(work, repeats).items()}
        print("Page weight ...", flush=True)
        r["weight"] = page_weights(work / "site", WEIGHT_PAGES)
        if not skip_lighthouse:
            print("Lighthouse ...", flush=True)
            r["lighthouse"], r["lighthouse_version"] = lighthouse_figures(work / "site",
                                                                          lighthouse_runs)
            r["lighthouse_runs"] = lighthouse_runs
        r["machine"]["load_at_end"] = round(os.getloadavg()[0], 2) \
            if hasattr(os, "getloadavg") else 0.0
        write(r)
        for goal, measured, met in verdicts(r):
            print(f"{'met ' if met else 'MISS'}  {goal}: {measured}")
        print(f"Report: {(REPORT_DIR / 'report.md').relative_to(ROOT)}")
        failed = failed_budgets(r)
        for f in failed:
            print(f"Over budget: {f}", file=sys.stderr)
        return 1 if failed else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)
