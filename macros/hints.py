"""The one "did you mean" helper, for every message that names a wrong id or name."""

from __future__ import annotations

import difflib


def closest(word: str, choices, n: int = 3) -> list[str]:
    """Up to n choices that look like `word`, closest first."""
    return difflib.get_close_matches(str(word), [str(c) for c in choices], n=n, cutoff=0.5)


def did_you_mean(word: str, choices, what: str = "Valid ids") -> str:
    """'Did you mean 'x' or 'y'?', or, when nothing is close, the choices themselves."""
    near = closest(word, choices)
    if near:
        return "Did you mean " + " or ".join(f"'{c}'" for c in near) + "?"
    return f"{what}: " + ", ".join(f"'{c}'" for c in sorted(choices)[:12]) + "."
