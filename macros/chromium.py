"""Launch a headless Chromium: for the browser tests and the benchmark.

Debian's /usr/bin/chromium is used when present (this project's machines
cannot download Playwright's own browser); elsewhere Playwright's bundled
browser is used. A browser that will not start is an error (in the tests, a
failure, not a skip).
"""

from __future__ import annotations

import os
import shutil

# Needed as root with no network: no sandbox, no GPU, no background traffic.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-dev-shm-usage"]


def executable() -> str | None:
    wanted = os.environ.get("FOOTNOTES_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    return wanted if os.path.exists(wanted) else None


def launch(playwright):
    path = executable()
    kwargs = {"executable_path": path} if path else {}
    try:
        return playwright.chromium.launch(headless=True, args=ARGS, **kwargs)
    except Exception as err:  # a failure, with what to do about it
        raise RuntimeError(
            "No browser for the browser tests. Install Debian's Chromium "
            "(sudo apt-get install chromium), or Playwright's own browser "
            "(.venv/bin/python -m playwright install chromium), or point "
            f"FOOTNOTES_CHROMIUM at a Chromium binary. ({err})") from None
