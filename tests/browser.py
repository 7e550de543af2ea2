"""The browser tests' Chromium (macros/chromium.py)."""

from macros.chromium import ARGS, executable, launch

__all__ = ["ARGS", "executable", "launch"]
