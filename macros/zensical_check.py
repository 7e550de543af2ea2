"""`python -m macros zensical-check` (run by `make zensical-check`, not by `make test`).

Material for MkDocs reaches end of life on 2027-05-05; Zensical, its
successor, reads mkdocs.yml and runs `define_env` macros through its macros
extension. This tries a Zensical build of the same sources and says what
does not work yet, so the move can be planned from facts. It changes nothing
in the project: the config it writes is removed again, and the site goes to
.cache/zensical-site/.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import yaml
from mkdocs.utils.yaml import yaml_load

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / ".zensical-check.yml"
SITE = ".cache/zensical-site"


def zensical_config(source: Path) -> dict:
    """mkdocs.yml for Zensical: no MkDocs plugins or hooks; macros as its extension."""
    with source.open(encoding="utf-8") as f:
        config = yaml_load(f)
    dropped = {"plugins": config.pop("plugins", None), "hooks": config.pop("hooks", None)}
    config.pop("watch", None)
    config["strict"] = False  # report every problem instead of stopping at the first
    config["site_dir"] = SITE
    extensions = list(config.get("markdown_extensions") or [])
    extensions.append({"zensical.extensions.macros": {"module_name": "macros"}})
    config["markdown_extensions"] = extensions
    config["_dropped"] = {k: v for k, v in dropped.items() if v}
    return config


def expected_pages(docs: Path, handout_ids: list[str]) -> list[str]:
    """Every page the MkDocs build makes, as the folder it is written to."""
    pages = []
    for md in sorted(docs.rglob("*.md")):
        rel = md.relative_to(docs).with_suffix("").as_posix()
        pages.append("" if rel == "index" else rel.removesuffix("/index") + "/")
    return pages + [f"handouts/{h}/" for h in handout_ids]


def report(output: str, code: int, site: Path, expected: list[str]) -> list[str]:
    lines = [f"zensical build exit status: {code}"]
    warnings = [l.strip() for l in output.splitlines() if re.search(r"warning|error", l, re.I)]
    lines.append(f"warnings and errors it printed: {len(warnings)}")
    lines += [f"  {w}" for w in dict.fromkeys(warnings)][:20]
    missing = [p for p in expected if not (site / p / "index.html").exists()]
    lines.append(f"pages built: {len(expected) - len(missing)} of {len(expected)}")
    if missing:
        lines.append("  missing (MkDocs hooks make these; Zensical runs no hooks): "
                     + ", ".join(missing))
    unrendered, no_refs = [], []
    for page in sorted(site.rglob("index.html")):
        html = page.read_text(encoding="utf-8")
        rel = page.parent.relative_to(site).as_posix()
        if "{{" in html or "{%" in html:
            unrendered.append(rel)
        if re.search(r"\[\^[a-z0-9-]+\]", html):
            no_refs.append(rel)
    lines.append(f"pages with macro text left unrendered: {len(unrendered)}"
                 + (": " + ", ".join(unrendered) if unrendered else ""))
    lines.append(f"pages whose citations have no reference list: {len(no_refs)}"
                 + (" (on_post_page_macros does not run under Zensical): "
                    + ", ".join(no_refs) if no_refs else ""))
    pdfs = list(site.rglob("*.pdf"))
    lines.append(f"handout PDFs: {len(pdfs)} (made by `python -m macros pdfs --site-dir {SITE}`, "
                 "which needs no MkDocs build)")
    index = "search/search_index.json"
    lines.append(f"search index at {index} (where overrides/main.html holds the request): "
                 + ("yes" if (site / index).exists() else "no; Zensical writes "
                    + ", ".join(p.relative_to(site).as_posix() for p in site.glob("search*"))))
    return lines


def run(zensical: str) -> int:
    if not shutil.which(zensical) and not Path(zensical).exists():
        print(f"Zensical is not installed at {zensical}: run `make zensical-check`.")
        return 1
    from .site import Site

    config = zensical_config(ROOT / "mkdocs.yml")
    dropped = config.pop("_dropped")
    site = ROOT / SITE
    shutil.rmtree(site, ignore_errors=True)
    CONFIG.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT), NO_COLOR="1", TERM="dumb")
    try:
        result = subprocess.run([zensical, "build", "-f", str(CONFIG)], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=600)
    finally:
        CONFIG.unlink(missing_ok=True)
    output = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)
    handout_ids = list(Site(str(ROOT / "docs"), "").handouts)
    lines = ["Zensical check (not part of make test)",
             f"left out of the config, as Zensical does not run them: {', '.join(dropped)}",
             *report(output, result.returncode, site, expected_pages(ROOT / "docs", handout_ids))]
    print("\n".join(lines))
    return 0
