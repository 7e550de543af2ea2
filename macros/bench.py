"""Benchmarks: `python -m macros bench` (run by `make bench`).

Speed and size are measured here, never by timed tests. Each figure is the
median of several runs, because the machines are shared and noisy; the
ratio of an unchanged rebuild to a full one is steadier than either time.
"""

from __future__ import annotations

import gzip
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .handouts import build_pdfs
from .loader import load_guide

ROOT = Path(__file__).resolve().parent.parent


def _timed_build(site: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "macros", "build", "--site-dir", str(site)],
                   cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - started


def run(repeats: int = 3) -> int:
    cache = ROOT / ".cache" / "handouts"
    work = Path(tempfile.mkdtemp(prefix="footnotes-bench-"))
    try:
        full, unchanged = [], []
        for _ in range(repeats):
            shutil.rmtree(cache, ignore_errors=True)
            full.append(_timed_build(work / "site"))      # every PDF rendered
            unchanged.append(_timed_build(work / "site"))  # every PDF reused
        guide = load_guide(ROOT / "docs" / "data" / "guide.yml")
        per_pdf: list[float] = []
        for _ in range(repeats):
            stats = build_pdfs(guide, "https://footnotes.codeberg.page/",
                               work / "pdf", work / f"cache-{len(per_pdf)}")
            per_pdf += list(stats.seconds.values())
        site = work / "site"
        files = [p for p in site.rglob("*") if p.is_file()]
        html = [p for p in files if p.suffix == ".html"]
        index = site / "search" / "search_index.json"
        pdfs = [p for p in files if p.suffix == ".pdf"]

        def med(xs: list[float]) -> float:
            return statistics.median(xs)

        print(f"runs per figure: {repeats}; figures are medians")
        print(f"full build (mkdocs + all {len(pdfs)} PDFs, empty cache): {med(full):6.2f} s")
        print(f"unchanged rebuild (PDFs reused from cache):          {med(unchanged):6.2f} s")
        print(f"unchanged / full:                                    {med(unchanged) / med(full):6.2f}")
        print(f"seconds per PDF (WeasyPrint, {len(per_pdf)} renders):           {med(per_pdf):6.2f} s")
        print(f"site: {len(files)} files, {sum(p.stat().st_size for p in files) / 1e6:.2f} MB; "
              f"{len(html)} HTML pages")
        print(f"search index: {index.stat().st_size / 1e3:.1f} kB, "
              f"{len(gzip.compress(index.read_bytes(), 6)) / 1e3:.1f} kB gzipped")
        largest = max(html, key=lambda p: p.stat().st_size)
        print(f"largest page: {largest.relative_to(site)}, "
              f"{len(gzip.compress(largest.read_bytes(), 6)) / 1e3:.1f} kB gzipped")
        print(f"PDFs: median {med([p.stat().st_size for p in pdfs]) / 1e3:.0f} kB each")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)
