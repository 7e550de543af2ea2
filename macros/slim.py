"""Drop the theme's CSS rules that can never match this site.

Material ships one stylesheet for every feature it has: blogs, version
pickers, cookie consent, code blocks, content tabs and more. This guide
uses few of them, yet a first visit downloads them all. A selector is
dropped only when it names a class that appears nowhere: not in any
built page, and not in the theme's JavaScript, which adds classes as the
reader searches, scrolls or opens the menu. Classes inside :not(), :is()
and the like are ignored, so a selector is never dropped for a class it
only excludes. Run on its own: python -m macros.slim SITE_DIR
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import tinycss2

CLASS = re.compile(r"\.(-?[_a-zA-Z][-_a-zA-Z0-9]*)")
GROUPING = ("media", "supports", "layer", "container")


def used_tokens(site: Path) -> set[str]:
    """Every class in the built pages, and every word in the theme's scripts."""
    tokens: set[str] = set()
    for page in site.rglob("*.html"):
        for value in re.findall(r'class="([^"]*)"', page.read_text(encoding="utf-8")):
            tokens.update(value.split())
    for script in site.rglob("*.js"):
        tokens.update(re.findall(r"[-_a-zA-Z0-9]+", script.read_text(encoding="utf-8")))
    return tokens


def _outside_parens(selector: str) -> str:
    previous = None
    while previous != selector:
        previous, selector = selector, re.sub(r"\([^()]*\)", "", selector)
    return selector


def _split_selectors(prelude: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for ch in prelude:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    return parts + [current]


def _can_match(selector: str, tokens: set[str]) -> bool:
    return all(c in tokens for c in CLASS.findall(_outside_parens(selector)))


def slim_css(css: str, tokens: set[str]) -> str:
    """The stylesheet without the selectors (and rules) that cannot match."""

    def rules(items) -> list[str]:
        out = []
        for rule in items:
            if rule.type == "qualified-rule":
                kept = [s.strip() for s in _split_selectors(tinycss2.serialize(rule.prelude))
                        if _can_match(s, tokens)]
                if kept:
                    out.append(",".join(kept) + "{" + tinycss2.serialize(rule.content) + "}")
            elif rule.type == "at-rule" and rule.content is not None \
                    and rule.lower_at_keyword in GROUPING:
                inner = rules(tinycss2.parse_rule_list(rule.content, skip_whitespace=True,
                                                       skip_comments=True))
                if inner:
                    out.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}"
                               "{" + "".join(inner) + "}")
            elif rule.type == "at-rule":  # @font-face, @keyframes, @charset, ...
                out.append(tinycss2.serialize([rule]))
        return out

    return "".join(rules(tinycss2.parse_stylesheet(css, skip_whitespace=True,
                                                   skip_comments=True)))


def slim_site(site: Path) -> list[tuple[str, int, int]]:
    """Slim the theme's stylesheets in a built site: (file, bytes before, after)."""
    tokens = used_tokens(site)
    report = []
    for path in sorted((site / "assets" / "stylesheets").glob("*.css")):
        before = path.read_text(encoding="utf-8")
        after = slim_css(before, tokens)
        path.write_text(after, encoding="utf-8")
        # The source map described the full file; it would now mislead.
        path.with_name(path.name + ".map").unlink(missing_ok=True)
        report.append((path.name, len(before.encode()), len(after.encode())))
    return report


if __name__ == "__main__":
    for name, before, after in slim_site(Path(sys.argv[1] if len(sys.argv) > 1 else "site")):
        print(f"{name}: {before:,} -> {after:,} bytes")
