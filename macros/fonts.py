"""The handout font, cut down for the handout builder's preview.

The builder's sheet (macros/builder.py) uses the handouts' font, two
weights of 14 kB each. Nearly every sheet needs only plain letters, digits
and a few punctuation marks, so the build also publishes each weight cut
down to those (BASIC), as WOFF2: about 6 kB each. browser.css declares the
cut-down faces with `unicode-range: BASIC`, after handout.css's full ones,
so a browser fetches the full face only for a sheet with another character
in it (a name with an accent, say). The PDFs keep the full font. The
rules are written here (`faces_css`), from the same BASIC, and go after
browser.css in the builder's sheets.

Cutting a font takes fontTools about half a second, so each result is kept
in .cache/fonts under a digest of the font, BASIC and fontTools' version.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "fonts"
BASIC = "U+0020-007E, U+00A0, U+00B7, U+2013-2014, U+2018-2019, U+201C-201D, U+2022, U+2026"


WEIGHTS = re.compile(r"-(\d{3})-normal$")


def faces_css(fonts: list[Path], family: str = "Atkinson Hyperlegible") -> str:
    """@font-face rules for the cut-down faces, limited to BASIC."""
    rules = []
    for font in fonts:
        weight = WEIGHTS.search(font.stem)
        if font.suffix != ".woff" or weight is None:
            continue
        rules.append(f'@font-face {{ font-family: "{family}"; '
                     f'src: url("fonts/{basic_name(font)}") format("woff2"); '
                     f"font-weight: {weight.group(1)}; unicode-range: {BASIC}; }}")
    return "\n".join(rules)


def basic_name(font: Path) -> str:
    return f"{font.stem}-basic.woff2"


def basic(font: Path, cache: Path | None = CACHE) -> bytes:
    """The font with only the BASIC characters, as WOFF2."""
    from importlib.metadata import version

    data = font.read_bytes()
    key = hashlib.sha256(b"\0".join([data, BASIC.encode(),
                                     version("fonttools").encode()])).hexdigest()
    kept = cache / f"{key}.woff2" if cache is not None else None
    if kept is not None and kept.is_file():
        return kept.read_bytes()
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]  # kerning and ligatures as in the PDFs
    loaded = subset.load_font(io.BytesIO(data), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=subset.parse_unicodes(BASIC.replace(" ", "")))
    subsetter.subset(loaded)
    out = io.BytesIO()
    subset.save_font(loaded, out, options)
    result = out.getvalue()
    if kept is not None:
        kept.parent.mkdir(parents=True, exist_ok=True)
        partial = kept.with_name(f".{kept.name}.{os.getpid()}")
        partial.write_bytes(result)
        partial.replace(kept)
    return result
