"""`python -m macros build`: the site, with its PDFs, swapped in only on success.

1. A strict MkDocs build into a fresh folder beside the target.
2. The handout PDFs (`python -m macros pdfs`), reused from the cache when unchanged.
3. The theme's unused CSS dropped (`python -m macros slim`).
4. The new folder replaces the old site in one rename; a failure at any
   step leaves the old site as it was and no half-written folder behind.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.exceptions import PluginError


def config(config_file: str = "mkdocs.yml"):
    """mkdocs.yml as MkDocs reads it (!ENV, INHERIT and defaults included)."""
    return load_config(config_file)


def pdfs(config_file: str, site_dir: Path) -> int:
    """Every handout PDF, both sizes, into site_dir/handouts/."""
    from .handouts import HandoutError, build_pdfs
    from .site import load

    cfg = config(config_file)
    try:
        guide = load(cfg["docs_dir"])
        stats = build_pdfs(guide, cfg["site_url"] or "", site_dir / "handouts")
    except (PluginError, HandoutError) as err:
        print(err, file=sys.stderr)
        return 1
    print(f"Handout PDFs: {len(stats.rendered)} rendered, {len(stats.reused)} unchanged; "
          f"step pictures fit on {len(stats.with_pictures)}.")
    return 0


def slim(site_dir: Path) -> int:
    from .slim import slim_site

    for name, before, after in slim_site(site_dir):
        print(f"Theme CSS {name}: {before:,} -> {after:,} bytes")
    return 0


def build(config_file: str = "mkdocs.yml", site_dir: str = "site") -> int:
    target = Path(site_dir).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    # Same parent folder, so the final rename is atomic on one file system.
    staging = Path(tempfile.mkdtemp(prefix=".site-new-", dir=target.parent))
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    try:
        # No -q: with it MkDocs exits 0 even when strict mode found warnings.
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
             "--config-file", config_file, "--site-dir", str(staging)],
            env=env, check=False)
        code = result.returncode or pdfs(config_file, staging) or slim(staging)
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
