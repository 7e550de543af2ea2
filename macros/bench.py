"""Benchmarks: `python -m macros bench` (run by `make bench`).

Speed and size are measured here, never by timed tests. Each figure is the
median of several runs, with the spread, because the machines are shared and
noisy; ratios are steadier than times.
"""

from __future__ import annotations

import gzip
import platform
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


def _timed(cmd: list[str], cwd: Path, env: dict | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, env=env)
    return time.perf_counter() - started


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
    edits = {"page edit": (project / "docs" / "about.md", "About this guide", "about/"),
             "data-file edit": (project / "docs" / "data" / "guide.yml", "Thumb circles",
                                "routines/")}
    times: dict[str, list[float]] = {k: [] for k in edits}
    try:
        _until(base, "Footnotes")
        time.sleep(3)  # let the first background PDF step finish
        for what, (path, old, page) in edits.items():
            original = path.read_text(encoding="utf-8")
            for i in range(repeats):
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


def _fig(xs: list[float]) -> str:
    return f"{statistics.median(xs):5.2f} s (spread {min(xs):.2f}-{max(xs):.2f}, n={len(xs)})"


def run(repeats: int = 3) -> int:
    from .build import config
    from .handouts import build_pdfs, cache_dir
    from .site import load

    site_url = config(str(ROOT / "mkdocs.yml"))["site_url"]
    cache = cache_dir()
    work = Path(tempfile.mkdtemp(prefix="footnotes-bench-"))
    build = [sys.executable, "-m", "macros", "build", "--site-dir", str(work / "site")]
    try:
        full, unchanged = [], []
        for _ in range(repeats):
            shutil.rmtree(cache, ignore_errors=True)
            full.append(_timed(build, ROOT))       # every PDF rendered
            unchanged.append(_timed(build, ROOT))  # every PDF reused
        guide = load(str(ROOT / "docs"))
        per_pdf: list[float] = []
        for i in range(repeats):
            stats = build_pdfs(guide, site_url, work / "pdf", work / f"cache-{i}")
            per_pdf += list(stats.seconds.values())
        preview = preview_times(work, repeats)
        site = work / "site"
        files = [p for p in site.rglob("*") if p.is_file()]
        html = [p for p in files if p.suffix == ".html"]
        index = site / "search" / "search_index.json"
        pdfs = [p for p in files if p.suffix == ".pdf"]

        print(f"machine: {platform.machine()}, {platform.system()}, Python "
              f"{platform.python_version()}; figures are medians")
        print(f"full build (mkdocs + all {len(pdfs)} PDFs, empty cache): {_fig(full)}")
        print(f"unchanged rebuild (PDFs reused from cache):          {_fig(unchanged)}")
        print(f"unchanged / full:                                    "
              f"{statistics.median(unchanged) / statistics.median(full):5.2f}")
        print(f"seconds per PDF (WeasyPrint):                        {_fig(per_pdf)}")
        for what, xs in preview.items():
            print(f"preview, {what} to page served (goal <= 1 s):{' ' * (21 - len(what))}{_fig(xs)}")
        print(f"site: {len(files)} files, {sum(p.stat().st_size for p in files) / 1e6:.2f} MB; "
              f"{len(html)} HTML pages")
        print(f"search index: {index.stat().st_size / 1e3:.1f} kB, "
              f"{len(gzip.compress(index.read_bytes(), 6)) / 1e3:.1f} kB gzipped")
        largest = max(html, key=lambda p: p.stat().st_size)
        print(f"largest page: {largest.relative_to(site)}, "
              f"{len(gzip.compress(largest.read_bytes(), 6)) / 1e3:.1f} kB gzipped")
        print(f"PDFs: median {statistics.median([p.stat().st_size for p in pdfs]) / 1e3:.0f} kB each")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)
