"""Security headers for static hosts that read a `_headers` file (Netlify,
Cloudflare Pages, and others): a content security policy that allows the
site itself and nothing else, and no referrer sent to other sites.

The theme writes a few small scripts into each page (Material's storage
helpers and colour-scheme switch, and our own in overrides/main.html), and
Markdown writes `style="text-align: right;"` on right-aligned table cells.
Rather than allow any inline script, the policy lists the hash of each one
found in the built pages, so it is right for every build.
"""

from __future__ import annotations

import base64
import hashlib
import html as html_lib
import re
from pathlib import Path

_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)
_STYLE_ATTR = re.compile(r'style="([^"]*)"')  # an attribute: after a space (_style_attrs)
_STYLE_ELEMENT = re.compile(r"<style[^>]*>(.*?)</style>", re.S)
_HANDLER = re.compile(r"\son[a-z]+=\"", re.I)


class HeadersError(Exception):
    pass


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def _is_executed(attrs: str) -> bool:
    if re.search(r"\bsrc=", attrs):
        return False
    kind = re.search(r'\btype="([^"]+)"', attrs)
    return kind is None or kind.group(1) in ("text/javascript", "module")


def _style_attrs(html: str) -> set[str]:
    """Each style="..." attribute's value. (A regex that starts with \\s is
    tried at every character; one that starts with the literal is five
    times faster over the whole site.)"""
    return {html_lib.unescape(m.group(1)) for m in _STYLE_ATTR.finditer(html)
            if m.start() and html[m.start() - 1].isspace()}


def policy(site_dir: Path) -> str:
    scripts, styles, sheets = set(), set(), set()
    for page in sorted(site_dir.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        if _HANDLER.search(html):
            raise HeadersError(f"{page.relative_to(site_dir)} has an inline event handler "
                               "(on...=\"\"), which the security policy blocks. Use a "
                               "script in overrides/main.html instead.")
        scripts |= {m["body"] for m in _INLINE_SCRIPT.finditer(html) if _is_executed(m["attrs"])}
        styles |= _style_attrs(html)
        # The handout builder's sheets keep the handout's stylesheet inline, as the PDFs do.
        sheets |= set(_STYLE_ELEMENT.findall(html))
    script_src = " ".join(["'self'", *sorted(_hash(s) for s in scripts)])
    style_src = " ".join(["'self'", *(["'unsafe-hashes'"] if styles else []),
                          *sorted(_hash(s) for s in styles | sheets)])
    return "; ".join([
        "default-src 'none'",
        f"script-src {script_src}",
        f"style-src {style_src}",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        # The handout builder previews its sheet in a frame from this site.
        "frame-src 'self'",
        "frame-ancestors 'self'",
    ])


def write(site_dir: Path) -> Path:
    """Write site_dir/_headers for every path of the site."""
    out = site_dir / "_headers"
    out.write_text("\n".join([
        "# Made by the build (macros/headers.py) for hosts that read _headers.",
        "/*",
        f"  Content-Security-Policy: {policy(site_dir)}",
        "  Referrer-Policy: no-referrer",
        "  X-Content-Type-Options: nosniff",
        "  Permissions-Policy: camera=(), microphone=(), geolocation=(), payment=(), usb=()",
        "",
    ]), encoding="utf-8")
    return out


def parse(path: Path) -> dict[str, str]:
    """The headers a `_headers` file sets for every path (`/*`)."""
    headers, current = {}, None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line.startswith((" ", "\t")):
            current = line.strip()
            continue
        if current == "/*":
            name, _, value = line.strip().partition(":")
            headers[name.strip()] = value.strip()
    return headers
