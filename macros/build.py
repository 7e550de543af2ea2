"""Build the site into a temporary folder and swap it in only on success."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def build(config: str = "mkdocs.yml", site_dir: str = "site") -> int:
    target = Path(site_dir).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    # Same parent folder, so the final rename is atomic on one file system.
    staging = Path(tempfile.mkdtemp(prefix=".site-new-", dir=target.parent))
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    try:
        # No -q: with it MkDocs exits 0 even when strict mode found warnings.
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
             "--config-file", config, "--site-dir", str(staging)],
            env=env, check=False)
        if result.returncode != 0:
            print(f"Build failed: {site_dir}/ was left as it was.", file=sys.stderr)
            return result.returncode
        old = target.with_name(f".site-old-{os.getpid()}")
        if target.exists():
            target.rename(old)
        staging.rename(target)
        shutil.rmtree(old, ignore_errors=True)
        print(f"Built the site in {site_dir}/")
        return 0
    finally:
        shutil.rmtree(staging, ignore_errors=True)
