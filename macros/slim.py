"""Drop the theme's CSS rules that can never match this site.

Material ships one stylesheet for every feature it has: blogs, version
pickers, cookie consent, code blocks, content tabs and more. This guide
uses few of them, yet a first visit downloads them all. A selector is
dropped only when it names a class that appears nowhere: not in any
built page, and not in the theme's JavaScript, which adds classes as the
reader searches, scrolls or opens the menu. Classes inside :not(), :is()
and the like are ignored, so a selector is never dropped for a class it
only excludes. A slimmed stylesheet is renamed by its new content and the
pages' links follow it (content_name). Run on its own:
python -m macros.slim SITE_DIR
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from pathlib import Path

CACHE = Path(__file__).resolve().parent.parent / ".cache" / "slim"

CLASS = re.compile(r"\.(-?[_a-zA-Z][-_a-zA-Z0-9]*)")
GROUPING = ("media", "supports", "layer", "container")


# Classes the theme's script adds only for a feature this site may not turn
# on: (class prefix, the features of mkdocs.yml that use it). A class that
# no page has and whose features are all off is unused, even though the
# script names it. Pages carry the features on (Material's __config).
SCRIPT_FEATURES = (
    ("md-tooltip", ("content.tooltips",)),
    ("md-annotation", ("content.code.annotate",)),
    ("md-code__", ("content.code.copy", "content.code.select", "content.code.annotate")),
    ("md-version", ("version",)),  # versioning: `version` in __config
    ("md-tag", ("tags",)),  # the tags plugin: `tags` in __config
    ("md-status", ()),  # a page's status: only ever on a page
)
LUNR = "lunr"  # assets/javascripts/lunr/: the search's language support
_FEATURES = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.S)


def _features(config_json: str) -> set[str]:
    try:
        data = json.loads(config_json)
    except ValueError:
        return set()
    on = set(data.get("features") or [])
    return on | {key for key in ("version", "tags") if data.get(key)}


def used_tokens(site: Path) -> set[str]:
    """Every class in the built pages, and every word in the theme's scripts,
    less the classes of features that are off (SCRIPT_FEATURES)."""
    in_pages: set[str] = set()
    features: set[str] = set()
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for value in re.findall(r'class="([^"]*)"', text):
            in_pages.update(value.split())
        for found in _FEATURES.findall(text):
            features |= _features(found)
    in_scripts: set[str] = set()
    for script in site.rglob("*.js"):
        if LUNR in script.relative_to(site).parts[:3]:
            continue  # search's language files: they never touch the page
        in_scripts.update(re.findall(r"[-_a-zA-Z0-9]+", script.read_text(encoding="utf-8")))
    off = tuple(prefix for prefix, needs in SCRIPT_FEATURES if not features & set(needs))
    return in_pages | {t for t in in_scripts if not t.startswith(off)}


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
    import tinycss2  # only when a stylesheet is not in the cache

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


def _cached_slim(css: str, tokens: set[str], cache: Path | None) -> str:
    """slim_css, kept in `cache` under a digest of everything it depends on
    (this file, the stylesheet and the tokens), so an unchanged theme and
    pages cost no parsing on the next build."""
    if cache is None:
        return slim_css(css, tokens)
    digest = hashlib.sha256()
    for part in (Path(__file__).read_bytes(), css.encode(), "\0".join(sorted(tokens)).encode()):
        digest.update(hashlib.sha256(part).digest())
    kept = cache / f"{digest.hexdigest()}.css"
    if kept.is_file():
        return kept.read_text(encoding="utf-8")
    after = slim_css(css, tokens)
    cache.mkdir(parents=True, exist_ok=True)
    partial = kept.with_name(f".{kept.name}.{os.getpid()}")
    partial.write_text(after, encoding="utf-8")
    partial.replace(kept)
    return after


# Material names each stylesheet by its content: main.<8 hex digits>.min.css.
HASHED = re.compile(r"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{8})(?P<ext>\.min\.css)$")


def content_name(name: str, text: str) -> str:
    """The name a slimmed stylesheet takes: a name with a content hash in it
    (Material's) gets the hash of the new content, so a host that keeps such
    files for a year never serves a returning reader an old copy under it."""
    found = HASHED.match(name)
    if not found:
        return name
    digest = hashlib.sha256(text.encode()).hexdigest()[:8]
    return f"{found['stem']}.{digest}{found['ext']}"


def _point_pages_at(site: Path, renamed: dict[str, str]) -> None:
    """Every page's link to a renamed stylesheet, rewritten."""
    for page in site.rglob("*.html") if renamed else ():
        text = new = page.read_text(encoding="utf-8")
        for old_name, new_name in renamed.items():
            new = new.replace(f"assets/stylesheets/{old_name}", f"assets/stylesheets/{new_name}")
        if new != text:
            page.write_text(new, encoding="utf-8")


def slim_site(site: Path, cache: Path | None = CACHE) -> list[tuple[str, str, int, int]]:
    """Slim the theme's stylesheets in a built site, renamed by their new
    content (content_name) with every page's link to them: (old name, new
    name, bytes before, after). `cache=None` always parses."""
    tokens = used_tokens(site)
    report, renamed = [], {}
    for path in sorted((site / "assets" / "stylesheets").glob("*.css")):
        before = path.read_text(encoding="utf-8")
        after = _cached_slim(before, tokens, cache)
        # The source map described the full file; it would now mislead.
        path.with_name(path.name + ".map").unlink(missing_ok=True)
        target = path.with_name(content_name(path.name, after))
        target.write_text(after, encoding="utf-8")
        if target != path:
            path.unlink()
            renamed[path.name] = target.name
        report.append((path.name, target.name, len(before.encode()), len(after.encode())))
    _point_pages_at(site, renamed)
    return report


if __name__ == "__main__":
    for name, new_name, before, after in slim_site(Path(sys.argv[1] if len(sys.argv) > 1 else "site")):
        print(f"{name} -> {new_name}: {before:,} -> {after:,} bytes")
