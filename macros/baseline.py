"""The baseline the benchmark compares our build with: the same pages, with
every macro already expanded, built by plain MkDocs and Material.

`expand(project, dest)` builds `project` once with a capture hook that runs
after the macros and writes each page's expanded Markdown, front matter
included, into a copy of the project. The generated pages (one per
handout) become ordinary files there. The copy's mkdocs.yml has the macros
plugin and our hooks removed; everything else (theme, overrides, Markdown
extensions, search, navigation) is as ours. Run on its own:

    python -m macros.baseline DEST    # then: mkdocs build -f DEST/mkdocs.yml
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

CAPTURE = '''\
"""Bench only: write each page's Markdown after the macros ran."""
from pathlib import Path

import yaml
from mkdocs.plugins import event_priority

OUT = Path({out!r})


@event_priority(-100)
def on_page_markdown(markdown, page, config, files):
    meta = dict(page.meta or {{}})
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000) if meta else ""
    dest = OUT / page.file.src_uri
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text((f"---\\n{{front}}---\\n\\n" if front else "") + markdown, encoding="utf-8")
    return markdown
'''


def _config(project: Path) -> dict:
    """mkdocs.yml as plain YAML (its !ENV tags read as their defaults)."""
    loader = type("Loader", (yaml.SafeLoader,), {})
    loader.add_constructor("!ENV", lambda ld, node: ld.construct_sequence(node)[-1])
    return yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=loader)


def expand(project: Path, dest: Path) -> Path:
    """A copy of `project` whose pages are plain Markdown and whose config
    has no macros plugin and no hooks. Returns dest."""
    pages = dest / "expanded"
    capture = dest / "capture_hook.py"
    dest.mkdir(parents=True, exist_ok=True)
    capture.write_text(CAPTURE.format(out=str(pages)), encoding="utf-8")
    config = _config(project)
    with_capture = dict(config, hooks=[str(project / h) for h in config.get("hooks", [])]
                        + [str(capture)])
    # Beside mkdocs.yml, since the macros module and hooks are found from there.
    capture_cfg = project / f".capture-{os.getpid()}.yml"
    capture_cfg.write_text(yaml.safe_dump(dict(with_capture, watch=[]), sort_keys=False),
                           encoding="utf-8")
    try:
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "--config-file",
                        str(capture_cfg), "--site-dir", str(dest / "capture-site")],
                       cwd=project, check=True, capture_output=True,
                       env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    finally:
        capture_cfg.unlink()
        shutil.rmtree(dest / "capture-site", ignore_errors=True)

    site = dest / "project"
    shutil.copytree(project / "docs", site / "docs",
                    ignore=shutil.ignore_patterns("__pycache__", "*.md"))
    shutil.copytree(pages, site / "docs", dirs_exist_ok=True)
    shutil.copytree(project / "overrides", site / "overrides")
    plain = {k: v for k, v in config.items() if k not in ("hooks", "watch")}
    plain["plugins"] = [p for p in config.get("plugins", [])
                        if not (p == "macros" or (isinstance(p, dict) and "macros" in p))]
    plain["strict"] = False  # links to the PDFs, which only our build makes
    (site / "mkdocs.yml").write_text(yaml.safe_dump(plain, sort_keys=False), encoding="utf-8")
    return site


if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    print(expand(root, Path(sys.argv[1]).resolve()))
