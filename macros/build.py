"""`python -m macros build`: the site, with its PDFs, swapped in only on success.

1. A strict MkDocs build into a fresh folder beside the target.
2. The handout PDFs (`python -m macros pdfs`), reused from the cache when unchanged.
3. The theme's unused CSS dropped (`python -m macros slim`).
4. The new folder replaces the old site in one rename; a failure at any
   step leaves the old site as it was and no half-written folder behind.

All four run in this one process: the PDFs use the guide the build already
read and checked, and nothing is imported twice (`make bench` measures it).
Each step is still a command of its own.
"""

from __future__ import annotations

import importlib
import os
import shutil
import sys
import tempfile
import types
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.exceptions import PluginError


def config(config_file: str = "mkdocs.yml"):
    """mkdocs.yml as MkDocs reads it (!ENV, INHERIT and defaults included)."""
    return load_config(config_file)


def pdfs(config_file: str, site_dir: Path, built=None) -> int:
    """Every handout PDF, both sizes, into site_dir/handouts/. `built` is the
    Site of a build that just ran (macros/site.py): its guide is reused."""
    from .handouts import HandoutError, build_pdfs
    from .site import load

    try:
        if built is not None:
            guide, site_url = built.guide, built.site_url
        else:
            cfg = config(config_file)
            guide, site_url = load(cfg["docs_dir"]), cfg["site_url"] or ""
        stats = build_pdfs(guide, site_url, site_dir / "handouts")
    except (PluginError, HandoutError) as err:
        print(err, file=sys.stderr)
        return 1
    print(f"Handout PDFs: {len(stats.rendered)} rendered, {len(stats.reused)} unchanged; "
          f"step pictures fit on {len(stats.with_pictures)}.")
    return 0


def slim(site_dir: Path) -> int:
    from .slim import slim_site

    for name, new_name, before, after in slim_site(site_dir):
        print(f"Theme CSS {name} -> {new_name}: {before:,} -> {after:,} bytes")
    return 0


class _Deferred(types.ModuleType):
    """Stands in for a module until something uses one of its names."""

    def __getattr__(self, name: str):
        real = self.__dict__.get("_real")
        if real is None:
            if sys.modules.get(self.__name__) is self:
                del sys.modules[self.__name__]
            real = self.__dict__["_real"] = importlib.import_module(self.__name__)
        return getattr(real, name)


def lazy_import(name: str) -> None:
    """Load module `name` only when something first uses it. The macros
    plugin imports `requests` (about 0.1 s with what it pulls in) for a
    feature this guide never uses, including a page from another host:
    deferred, a build never pays for it."""
    if name not in sys.modules:
        sys.modules[name] = _Deferred(name)


def mkdocs_build(config_file: str, site_dir: Path):
    """MkDocs' own `build --strict --clean`, in this process, with its own
    messages and exit code. Returns (exit code, the Site the build used)."""
    from mkdocs.__main__ import cli

    from .site import Site

    lazy_import("requests")
    Site._current = None
    # No -q: with it MkDocs exits 0 even when strict mode found warnings.
    try:
        cli.main(["build", "--strict", "--clean", "--config-file", config_file,
                  "--site-dir", str(site_dir)], prog_name="mkdocs", standalone_mode=True)
        code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    built = Site._current[1] if Site._current is not None else None
    return code, built


def build(config_file: str = "mkdocs.yml", site_dir: str = "site") -> int:
    target = Path(site_dir).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    # Same parent folder, so the final rename is atomic on one file system.
    staging = Path(tempfile.mkdtemp(prefix=".site-new-", dir=target.parent))
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        code, built = mkdocs_build(config_file, staging)
        code = code or pdfs(config_file, staging, built) or slim(staging)
        if code != 0:
            print(f"Build failed: {site_dir}/ was left as it was.", file=sys.stderr)
            return code
        old = target.with_name(f".site-old-{os.getpid()}")
        if target.exists():
            target.rename(old)
        staging.rename(target)
        shutil.rmtree(old, ignore_errors=True)
        print(f"Built the site in {site_dir}/")
        return 0
    finally:
        shutil.rmtree(staging, ignore_errors=True)
