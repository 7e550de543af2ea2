"""Lighthouse scores of a built site: `python -m macros.lighthouse SITE_DIR`.

The site is served here the way a static host serves it (gzip, content types,
long caching for hashed assets, the headers in `_headers`), and Lighthouse,
pinned in bench/package.json, audits each page in headless Chromium on the
mobile and desktop presets, several times, because single runs are noisy.
"""

from __future__ import annotations

import argparse
import contextlib
import email.utils
import fnmatch
import gzip
import http.server
import json
import mimetypes
import os
import posixpath
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from . import chromium

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
CLI = BENCH / "node_modules" / "lighthouse" / "cli" / "index.js"
TIMEOUT = 180.0  # seconds for one Lighthouse run
NODE_ENV = "LIGHTHOUSE_NODE"  # a node binary to use instead of `node` on PATH
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
FORM_FACTORS = ("mobile", "desktop")
METRICS = {  # our name: Lighthouse's audit id
    "FCP": "first-contentful-paint",
    "LCP": "largest-contentful-paint",
    "TBT": "total-blocking-time",
    "CLS": "cumulative-layout-shift",
    "SI": "speed-index",
}
# The flags every headless Chromium here needs (macros/chromium.py), headless added.
CHROME_FLAGS = " ".join(["--headless=new", *chromium.ARGS])
PAGES = {  # label: path under the site root
    "home": "",
    "technique": "foot-techniques/",
    "routines": "routines/",
    "handout": "handouts/bedtime-legs/",
    "builder": "make-a-handout/",
}

TYPES = {
    ".html": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".map": "application/json",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
    ".txt": "text/plain",
    ".webmanifest": "application/manifest+json",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".pdf": "application/pdf",
    ".gz": "application/gzip",
}
COMPRESSED = {".html", ".css", ".js", ".mjs", ".json", ".map", ".svg", ".xml", ".txt", ".webmanifest"}
HASHED = re.compile(r"\.[0-9a-f]{8,}\.")  # bundle.a5f9d56c.min.js
LONG_CACHE = "max-age=31536000, immutable"
SHORT_CACHE = "max-age=600"  # as GitHub Pages sends for every file


class LighthouseError(Exception):
    """Lighthouse could not be installed or run; the message says why in one line."""


# --- serving ------------------------------------------------------------------


def read_headers_file(path: Path) -> list[tuple[str, list[tuple[str, str]]]]:
    """The rules of a Netlify-style `_headers` file: (path pattern, [(name, value)])."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    if not path.is_file():
        return rules
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), []))
        elif rules and ":" in line:
            name, _, value = line.strip().partition(":")
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


def _accepts_gzip(header: str | None) -> bool:
    """Whether an Accept-Encoding header allows gzip (and does not refuse it with q=0)."""
    for part in (header or "").split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip().lower() in ("gzip", "*"):
            q = params.strip()
            if not q.startswith("q="):
                return True
            try:
                return float(q[2:]) > 0
            except ValueError:
                return False
    return False


class _Handler(http.server.BaseHTTPRequestHandler):
    """GET and HEAD of the files in `root`, as a static host answers them."""

    root: Path
    rules: list[tuple[str, list[tuple[str, str]]]]
    gzipped: dict[tuple[Path, float], bytes]
    lock: threading.Lock
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base's name)
        """Quiet: no line per request."""

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def do_GET(self) -> None:
        self._answer(body=True)

    def _find(self, url_path: str) -> tuple[Path | None, str | None]:
        """(file to send, or None for 404; address to redirect to, or None)."""
        clean = posixpath.normpath(url_path)
        parts = [p for p in clean.split("/") if p and p not in (".", "..")]
        if any(p.startswith("_headers") for p in parts):
            return None, None
        target = self.root.joinpath(*parts)
        try:
            if target.is_dir():
                if not url_path.endswith("/"):
                    return None, url_path + "/"
                target = target / "index.html"
            return (target if target.is_file() else None), None
        except (OSError, ValueError):  # a name no file can have, e.g. with a NUL in it
            return None, None

    def _answer(self, body: bool) -> None:
        split = urllib.parse.urlsplit(self.path)
        url_path = urllib.parse.unquote(split.path) or "/"
        target, redirect = self._find(url_path)
        status = 200
        if redirect is not None:
            location = urllib.parse.quote(redirect) + (f"?{split.query}" if split.query else "")
            self._send(301, b"", "text/plain", url_path, body, extra=[("Location", location)])
            return
        if target is None:
            status, target = 404, self.root / "404.html"
            if not target.is_file():
                self._send(404, b"Not found\n", "text/plain", url_path, body)
                return
        suffix = target.suffix.lower()
        kind = TYPES.get(suffix) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/json", "application/xml", "image/svg+xml",
                                                "application/manifest+json"):
            kind += "; charset=utf-8"
        data = target.read_bytes()
        extra: list[tuple[str, str]] = []
        if suffix in COMPRESSED:
            extra.append(("Vary", "Accept-Encoding"))
            if _accepts_gzip(self.headers.get("Accept-Encoding")):
                data = self._gzip(target, data)
                extra.append(("Content-Encoding", "gzip"))
        rel = target.relative_to(self.root).as_posix()
        hashed = rel.startswith("assets/") and HASHED.search(target.name) is not None
        cache = LONG_CACHE if hashed and status == 200 else SHORT_CACHE
        mtime = target.stat().st_mtime
        extra += [("Cache-Control", cache), ("Last-Modified", email.utils.formatdate(mtime, usegmt=True))]
        self._send(status, data, kind, url_path, body, extra)

    def _gzip(self, target: Path, data: bytes) -> bytes:
        """data gzipped, kept for the file's next request while it is unchanged."""
        key = (target, target.stat().st_mtime)
        with self.lock:
            done = self.gzipped.get(key)
        if done is None:
            done = gzip.compress(data, compresslevel=6, mtime=0)
            with self.lock:
                self.gzipped[key] = done
        return done

    def _send(self, status: int, data: bytes, kind: str, url_path: str, body: bool,
              extra: list[tuple[str, str]] | None = None) -> None:
        """One response, with the `_headers` rules that match its path."""
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        for name, value in extra or []:
            self.send_header(name, value)
        for pattern, headers in self.rules:
            if fnmatch.fnmatchcase(url_path, pattern):
                for name, value in headers:
                    self.send_header(name, value)
        self.end_headers()
        if body:
            self.wfile.write(data)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Quiet: a browser that drops a connection is no error worth a trace."""


@contextlib.contextmanager
def serve(site_dir: Path, headers: bool = True) -> Iterator[str]:
    """Serve site_dir on 127.0.0.1 on a free port in a thread; yield the base URL.

    With headers, the rules in site_dir/_headers are sent too, as Netlify and
    Cloudflare Pages send them.
    """
    root = Path(site_dir).resolve()
    if not (root / "index.html").is_file():
        raise LighthouseError(f"{root} is not a built site (no index.html): build it first")
    handler = type("Handler", (_Handler,), {
        "root": root,
        "rules": read_headers_file(root / "_headers") if headers else [],
        "gzipped": {},
        "lock": threading.Lock(),
    })
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="lighthouse-serve", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# --- Lighthouse ------------------------------------------------------------------


def node_path() -> str:
    """The node that runs Lighthouse: $LIGHTHOUSE_NODE, else `node` on PATH."""
    node = os.environ.get(NODE_ENV) or shutil.which("node")
    if not node or shutil.which(node) is None:
        raise LighthouseError("node is not installed (Lighthouse needs it): apt-get install nodejs npm")
    return node


def ensure_installed() -> Path:
    """Install bench/'s locked Lighthouse with `npm ci` if it is missing; return its CLI."""
    node_path()
    if CLI.is_file():
        return CLI
    npm = shutil.which("npm")
    if npm is None:
        raise LighthouseError("npm is not installed (it installs Lighthouse): apt-get install npm")
    try:
        done = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=BENCH,
                              capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        raise LighthouseError(f"npm ci in {BENCH} took over 10 minutes") from None
    if done.returncode != 0 or not CLI.is_file():
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise LighthouseError(f"npm ci in {BENCH} failed: {last}")
    return CLI


def version() -> str:
    """The Lighthouse version that runs: the one installed in bench/, else the one pinned there."""
    installed = CLI.parent.parent / "package.json"
    if installed.is_file():
        return str(json.loads(installed.read_text(encoding="utf-8"))["version"])
    pinned = json.loads((BENCH / "package.json").read_text(encoding="utf-8"))
    return str(pinned["devDependencies"]["lighthouse"])


def chrome_path() -> str:
    """The Chromium that Lighthouse drives: $CHROME_PATH, else the tests' (macros/chromium.py)."""
    path = os.environ.get("CHROME_PATH") or chromium.executable()
    if not path or not Path(path).is_file():
        raise LighthouseError("Chromium is not installed: apt-get install chromium")
    return path


def _descendants(pid: int) -> list[int]:
    """Every process below pid (Linux /proc), deepest last."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rpartition(")")[2].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found: list[int] = []
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _kill_tree(process: subprocess.Popen[str]) -> None:
    """End node and the Chromium it started (which runs in a process group of its own)."""
    for pid in [process.pid, *_descendants(process.pid)]:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)
    process.wait()


def _remove(folder: Path) -> None:
    """Delete folder, retrying for a few seconds while a closing Chromium still writes into it."""
    for _ in range(40):
        shutil.rmtree(folder, ignore_errors=True)
        if not folder.exists():
            return
        time.sleep(0.25)


def audit(url: str, form_factor: str, report_path: Path | None = None) -> dict[str, Any]:
    """One Lighthouse run of url as "mobile" or "desktop": scores, metrics, failing audits.

    With report_path, Lighthouse's whole JSON report is written there as well.
    """
    if form_factor not in FORM_FACTORS:
        raise ValueError(f"form_factor must be one of {FORM_FACTORS}, not {form_factor!r}")
    cmd = [node_path(), str(ensure_installed()), url, "--output=json", "--output-path=stdout", "--quiet",
           "--only-categories=" + ",".join(CATEGORIES), "--chrome-flags=" + CHROME_FLAGS]
    if form_factor == "desktop":
        cmd.append("--preset=desktop")
    tmp = Path(tempfile.mkdtemp(prefix="lighthouse-"))  # Chromium's profile goes here
    try:
        env = {**os.environ, "CHROME_PATH": chrome_path(), "TMPDIR": str(tmp)}
        process = subprocess.Popen(cmd, cwd=tmp, env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
        try:
            out, err = process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            _kill_tree(process)
            raise LighthouseError(f"Lighthouse took over {TIMEOUT:.0f} s on {url} ({form_factor})") from None
        except BaseException:
            _kill_tree(process)
            raise
    finally:
        _remove(tmp)
    try:
        lhr = json.loads(out)
    except json.JSONDecodeError:
        last = (err.strip().splitlines() or ["no output"])[-1]
        raise LighthouseError(f"Lighthouse failed on {url} ({form_factor}): {last}") from None
    if lhr.get("runtimeError"):
        raise LighthouseError(f"Lighthouse failed on {url} ({form_factor}): {lhr['runtimeError'].get('message')}")
    if report_path is not None:
        Path(report_path).write_text(out, encoding="utf-8")
    result = summarise(lhr)
    missing = [k for k, v in [*result["scores"].items(), *result["metrics"].items()] if v is None]
    if missing:
        errors = [lhr["audits"].get(METRICS[k], {}).get("errorMessage") for k in missing if k in METRICS]
        why = next((e for e in errors if e), "no value")
        raise LighthouseError(f"Lighthouse measured no {', '.join(missing)} on {url} ({form_factor}): {why}")
    return result


def summarise(lhr: dict[str, Any]) -> dict[str, Any]:
    """The scores, metrics and failing audits of one Lighthouse report."""
    audits = lhr["audits"]
    scores: dict[str, int | None] = {}
    failing: list[tuple[str, str, float, str]] = []
    seen: set[str] = set()
    for name in CATEGORIES:
        category = lhr["categories"].get(name)
        if category is None:
            continue
        score = category.get("score")
        scores[name] = None if score is None else round(score * 100)
        for ref in category["auditRefs"]:
            result = audits.get(ref["id"], {})
            value = result.get("score")
            if (isinstance(value, (int, float)) and value < 1
                    and (ref.get("weight", 0) > 0 or name == "performance") and ref["id"] not in seen):
                seen.add(ref["id"])
                failing.append((ref["id"], result.get("title", ""), value, result.get("displayValue", "")))
    metrics = {key: audits.get(audit_id, {}).get("numericValue") for key, audit_id in METRICS.items()}
    return {"url": lhr.get("finalDisplayedUrl") or lhr.get("requestedUrl"),
            "lighthouse": lhr.get("lighthouseVersion"),
            "scores": scores, "metrics": metrics, "failing": failing}


def run(site_dir: Path, pages: dict[str, str] | None = None, runs: int = 3,
        report_dir: Path | None = None) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Audit each page (label: path) on mobile and desktop, `runs` times each.

    Returns {label: {form factor: [one audit() result per run]}}; with
    report_dir, each run's whole report is kept there as LABEL-FORM-N.json.
    """
    pages = PAGES if pages is None else pages
    site = Path(site_dir)
    if not (site / "index.html").is_file():
        raise LighthouseError(f"{site} is not a built site (no index.html): build it first")
    for label, path in pages.items():
        local = urllib.parse.urlsplit(path).path
        if not (site / local / "index.html" if local.endswith("/") or not local else site / local).is_file():
            raise LighthouseError(f"page {label!r}: {path!r} is not in {site}")
    ensure_installed()
    if report_dir is not None:
        Path(report_dir).mkdir(parents=True, exist_ok=True)
    results: dict[str, dict[str, list[dict[str, Any]]]] = {}
    with serve(site) as base:
        for label, path in pages.items():
            results[label] = {}
            for form_factor in FORM_FACTORS:
                results[label][form_factor] = [
                    audit(base + path, form_factor,
                          None if report_dir is None else Path(report_dir) / f"{label}-{form_factor}-{n}.json")
                    for n in range(1, runs + 1)
                ]
    return results


# --- command line ------------------------------------------------------------------


def _spread(values: list[float]) -> str:
    """Median (min-max)."""
    return f"{statistics.median(values):g} ({min(values):g}-{max(values):g})"


def report(results: dict[str, dict[str, list[dict[str, Any]]]]) -> str:
    """Text: per page and form factor, median scores with min-max, median metrics, failing audits."""
    lines: list[str] = []
    for label, by_form in results.items():
        for form_factor, runs in by_form.items():
            lines.append(f"{label} ({form_factor}, {len(runs)} runs): {runs[0]['url']}")
            for name in CATEGORIES:
                values = [r["scores"][name] for r in runs if r["scores"].get(name) is not None]
                if values:
                    lines.append(f"  {name:15} {_spread(values)}")
            metric_text = []
            for key in METRICS:
                values = [r["metrics"][key] for r in runs if r["metrics"].get(key) is not None]
                if values:
                    value = statistics.median(values)
                    metric_text.append(f"{key} {value:.3f}" if key == "CLS" else f"{key} {value:.0f} ms")
            lines.append("  " + ", ".join(metric_text))
            seen: dict[str, tuple[str, list[float], list[str]]] = {}
            for r in runs:
                for audit_id, title, score, display in r["failing"]:
                    entry = seen.setdefault(audit_id, (title, [], []))
                    entry[1].append(score)
                    if display:
                        entry[2].append(display)
            for audit_id, (title, scores, displays) in seen.items():
                shown = f" [{displays[len(displays) // 2]}]" if displays else ""
                lines.append(f"  - {audit_id} ({len(scores)}/{len(runs)} runs, score {min(scores):g}-"
                             f"{max(scores):g}): {title}{shown}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """`python -m macros.lighthouse SITE_DIR [--runs N] [--page LABEL=PATH ...] [--reports DIR]`."""
    parser = argparse.ArgumentParser(prog="python -m macros.lighthouse", description=__doc__.split("\n")[0])
    parser.add_argument("site_dir", type=Path, help="a built site, e.g. site/")
    parser.add_argument("--runs", type=int, default=3, help="runs per page and form factor (default 3)")
    parser.add_argument("--page", action="append", metavar="LABEL=PATH",
                        help="a page to audit (repeatable); default: " + ", ".join(PAGES))
    parser.add_argument("--reports", type=Path, metavar="DIR", help="keep each run's full JSON report here")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write all results as JSON here too")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be 1 or more")
    pages = {label: path for label, _, path in (p.partition("=") for p in args.page)} if args.page else PAGES
    try:
        results = run(args.site_dir, pages, runs=args.runs, report_dir=args.reports)
    except LighthouseError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
