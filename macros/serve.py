"""`python -m macros serve` (run by `make serve`): a live preview that always
answers, never shows stale output, and recovers by itself.

Plain `mkdocs serve` keeps Python modules it has imported, so an edit to
macros/ showed old output; and in strict mode, while a build is broken, it
answers no request at all. Here each rebuild:

1. forgets the `macros` package and the hooks if a file in macros/ changed,
   so the build imports the edit;
2. builds into a new folder and, only on success, points the served folder
   at it (a symlink swap);
3. on failure, serves the last good pages with the error shown at the top of
   each (or an error page, if nothing has built yet), naming the file, the
   line and the fix; the next save that builds cleanly replaces them.

The handout PDFs are made after each good build by `python -m macros pdfs`
in the background, so the preview never waits for them.
"""

from __future__ import annotations

import contextlib
import html
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from mkdocs.livereload import LiveReloadServer

LOG = logging.getLogger("mkdocs.footnotes.serve")
ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "macros"
PDF_DELAY = 2.0  # seconds without a save before the PDFs are made


def _newest(folder: Path) -> float:
    return max((p.stat().st_mtime for p in folder.rglob("*.py")), default=0.0)


class RenderCache:
    """Each page's HTML from the last preview build, reused when nothing it is
    made from changed: its Markdown after the macros, its address, every
    file's address (links resolve against them), and the Markdown settings.
    Converting Markdown is half of a rebuild; most saves change one page.
    A render that logged a warning is never kept, so a broken link is
    reported again on the next build, and links to other pages' anchors are
    pointed at this build's files, so anchors are checked afresh."""

    ATTRS = ("content", "toc", "_title_from_render", "present_anchor_ids")

    def __init__(self) -> None:
        self.kept: dict[str, tuple[tuple, dict]] = {}
        self.hits = 0

    @contextlib.contextmanager
    def installed(self, config) -> Iterator[None]:
        from mkdocs.structure.pages import Page

        original = Page.render
        settings = repr((config["markdown_extensions"], config["mdx_configs"],
                         config["use_directory_urls"], config["validation"]))
        addresses: dict[int, str] = {}
        cache = self

        def render(page, config, files):
            if id(files) not in addresses:
                addresses.clear()
                addresses[id(files)] = repr(sorted((f.src_uri, f.url) for f in files))
            key = (page.markdown, page.url, addresses[id(files)], settings)
            kept = cache.kept.get(page.file.src_uri)
            if kept is not None and kept[0] == key:
                for name, value in kept[1].items():
                    setattr(page, name, value)
                page.links_to_anchors = {
                    files.get_file_from_path(src): dict(links)
                    for src, links in kept[1]["_links"].items()
                    if files.get_file_from_path(src) is not None}
                cache.hits += 1
                return
            warned = _Collect()
            logging.getLogger("mkdocs").addHandler(warned)
            try:
                original(page, config, files)
            finally:
                logging.getLogger("mkdocs").removeHandler(warned)
            if warned.lines:
                cache.kept.pop(page.file.src_uri, None)
                return
            saved = {name: getattr(page, name) for name in cache.ATTRS}
            saved["_links"] = {f.src_uri: dict(links)
                               for f, links in (page.links_to_anchors or {}).items()}
            cache.kept[page.file.src_uri] = (key, saved)

        Page.render = render
        try:
            yield
        finally:
            Page.render = original


class _Collect(logging.Handler):
    """The warnings and errors a build logs, to show on the error page."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


BANNER = """<div role="alert" id="footnotes-build-error" style="position:relative;z-index:10;\
margin:0;padding:1rem 1.5rem;background:#fff0f0;color:#5c0000;border-bottom:4px solid #b00020;\
font:16px/1.5 system-ui,sans-serif"><p style="margin:0 0 .5rem;font-weight:700">The guide \
did not build. {shown}. Fix this and save: the preview reloads by itself.</p>\
<pre style="margin:0;white-space:pre-wrap;font:14px/1.5 ui-monospace,monospace">{message}</pre></div>"""


class Preview:
    def __init__(self, config_file: str, dev_addr: str):
        self.config_file = str(Path(config_file).resolve())
        self.work = Path(tempfile.mkdtemp(prefix="footnotes-serve-"))
        self.current = self.work / "current"  # what the server serves: a symlink
        self.good: Path | None = None  # the last build that succeeded
        self.count = 0
        self.loaded_at = 0.0  # when the macros package was last imported
        self.pdfs: subprocess.Popen | None = None
        self.pdfs_made_from: tuple = ()
        self.pdfs_folder: Path | None = None
        self.pdfs_timer: threading.Timer | None = None
        self.lock = threading.Lock()
        self.building = False
        self.renders = RenderCache()
        host, _, port = dev_addr.rpartition(":")
        self.host, self.port = host or "127.0.0.1", int(port)
        self.url = f"http://{self.host}:{self.port}/"

    # --- one rebuild ------------------------------------------------------

    def fresh_modules(self) -> None:
        """Forget our modules if macros/ changed since they were imported."""
        newest = _newest(PACKAGE)
        if newest <= self.loaded_at:
            return
        from mkdocs.config.config_options import Hooks

        for name in list(sys.modules):
            if name == "macros" or name.startswith("macros.") or name.endswith("hooks.py"):
                del sys.modules[name]
        Hooks._load_hook.cache_clear()  # MkDocs caches hook modules by path
        self.loaded_at = time.time()

    def build(self) -> None:
        """Build once; never raises, so the server always answers."""
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        with self.lock:
            self.building = True
            self.stop_pdfs()  # the next good build starts them again; never compete with a build
        self.count += 1
        out = self.work / f"build-{self.count}"
        collect = _Collect()
        logging.getLogger("mkdocs").addHandler(collect)
        started = time.perf_counter()
        try:
            self.fresh_modules()
            config = load_config(self.config_file, site_dir=str(out))
            config.site_url = self.url
            with self.renders.installed(config):
                build(config, serve_url=self.url)
        except BaseException as err:  # noqa: BLE001 - shown on the page, never a traceback
            if isinstance(err, KeyboardInterrupt):
                raise
            message = str(err) if not isinstance(err, SystemExit) else ""
            lines = [line for line in [*collect.lines, message] if line.strip()]
            self.show_error("\n".join(dict.fromkeys(lines)) or type(err).__name__)
            shutil.rmtree(out, ignore_errors=True)
            return
        finally:
            logging.getLogger("mkdocs").removeHandler(collect)
            self.building = False
        self.swap(out)
        self.good = out
        LOG.info("Preview updated in %.2f s", time.perf_counter() - started)
        self.start_pdfs(out)

    def swap(self, folder: Path) -> None:
        link = self.work / "next"
        link.unlink(missing_ok=True)
        link.symlink_to(folder, target_is_directory=True)
        os.replace(link, self.current)  # atomic: a request sees the old or the new site
        for old in self.work.glob("build-*"):
            if old not in (folder, self.good):
                shutil.rmtree(old, ignore_errors=True)

    def show_error(self, message: str) -> None:
        """The last good pages with the error at the top, or an error page."""
        LOG.error("The preview shows this error until it is fixed:\n%s", message)
        self.count += 1
        out = self.work / f"build-{self.count}"
        shown = html.escape(message)
        if self.good is not None:
            shutil.copytree(self.good, out, ignore=shutil.ignore_patterns("*.pdf"))
            banner = BANNER.format(shown="This is the last good version of the page",
                                   message=shown)
            for page in out.rglob("*.html"):
                text = page.read_text(encoding="utf-8")
                at = text.find(">", text.find("<body")) + 1
                page.write_text(text[:at] + banner + text[at:], encoding="utf-8")
        else:
            out.mkdir()
            body = BANNER.format(shown="Nothing has built yet", message=shown)
            page = ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                    f"<title>Build error</title></head><body>{body}</body></html>")
            for name in ("index.html", "404.html"):
                (out / name).write_text(page, encoding="utf-8")
        self.swap(out)

    def stop_pdfs(self) -> None:
        if self.pdfs_timer is not None:
            self.pdfs_timer.cancel()
        if self.pdfs and self.pdfs.poll() is None:
            self.pdfs.kill()
            self.pdfs.wait()  # a killed run has a nonzero status: the next build makes them again

    def pdf_inputs(self) -> tuple:
        """What the PDFs are made from: the data file, pictures, config and code."""
        paths = [ROOT / "docs" / "data" / "guide.yml", Path(self.config_file),
                 *sorted((ROOT / "docs" / "images").rglob("*")), *sorted(p for p in PACKAGE.rglob("*") if "__pycache__" not in p.parts)]
        return tuple((str(p), p.stat().st_mtime_ns) for p in paths if p.is_file())

    def start_pdfs(self, folder: Path) -> None:
        """Link the last PDFs if nothing they are made from changed; make them
        if something did, or if the last run was stopped before the end."""
        inputs = self.pdf_inputs()
        done = self.pdfs is not None and self.pdfs.returncode == 0
        if inputs == self.pdfs_made_from and self.pdfs_folder is not None:
            (folder / "handouts").mkdir(exist_ok=True)
            for pdf in self.pdfs_folder.glob("handouts/*.pdf"):
                os.link(pdf, folder / "handouts" / pdf.name)
            self.pdfs_folder = folder
            if done:
                return  # all of them, unchanged
        self.pdfs_made_from, self.pdfs_folder = inputs, folder
        nice = (lambda: os.nice(10)) if hasattr(os, "nice") else None

        def launch() -> None:
            with self.lock:
                if self.building:
                    return
                self.pdfs = subprocess.Popen(
                    [sys.executable, "-m", "macros", "pdfs", "--config", self.config_file,
                     "--site-dir", str(folder)],
                    cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                    preexec_fn=nice)

        # Saves come in bursts: wait for a quiet moment, so the PDFs never
        # slow down the next rebuild. A new build cancels the wait.
        self.pdfs = None
        self.pdfs_timer = threading.Timer(PDF_DELAY, launch)
        self.pdfs_timer.daemon = True
        self.pdfs_timer.start()

    # --- the server -------------------------------------------------------

    def watched(self) -> list[str]:
        from mkdocs.config import load_config

        try:
            config = load_config(self.config_file)
        except BaseException:  # noqa: BLE001 - the build shows the error
            return [str(ROOT / "docs"), str(PACKAGE), str(ROOT / "overrides"), self.config_file]
        return sorted({config["docs_dir"], self.config_file, str(PACKAGE),
                       *([config.theme.custom_dir] if config.theme.custom_dir else []), *config["watch"]})

    def run(self) -> int:
        server = LiveReloadServer(builder=self.build, host=self.host, port=self.port,
                                  root=str(self.current), polling_interval=0.1)
        server.build_delay = 0.05

        def error_page(code: int) -> bytes | None:
            page = self.current / "404.html"
            return page.read_bytes() if code == 404 and page.is_file() else None

        server.error_handler = error_page
        try:
            self.build()
            for path in self.watched():
                server.watch(path)
            server.serve()
        except KeyboardInterrupt:
            LOG.info("Shutting down...")
        finally:
            server.shutdown()
            self.stop_pdfs()
            shutil.rmtree(self.work, ignore_errors=True)
        return 0


def serve(config_file: str = "mkdocs.yml", dev_addr: str = "127.0.0.1:8000") -> int:
    from mkdocs.__main__ import ColorFormatter

    handler = logging.StreamHandler()
    handler.setFormatter(ColorFormatter())
    logging.getLogger("mkdocs").addHandler(handler)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    return Preview(config_file, dev_addr).run()
