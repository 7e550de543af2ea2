"""Command line for build chores: `python -m macros build [--site-dir site]`.

`build` runs a strict MkDocs build into a fresh folder beside the target and
only then swaps it in, so a failed build leaves the previous site as it was.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .build import build


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="strict build of the site, swapped in only on success")
    b.add_argument("--site-dir", default="site")
    b.add_argument("--config", default="mkdocs.yml")
    c = sub.add_parser("check", help="reading grade and unsupported claims of a built site")
    c.add_argument("--site-dir", default="site")
    h = sub.add_parser("handouts", help="write every handout PDF (A4 and Letter) into a folder")
    h.add_argument("--out", default="site/handouts")
    r = sub.add_parser("bench", help="build speed and site size, as medians")
    r.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    if args.command == "bench":
        from .bench import run

        return run(args.repeats)
    if args.command == "handouts":
        return write_handouts(Path(args.out))
    if args.command == "build":
        return build(args.config, args.site_dir)
    if args.command == "check":
        from .checks import report

        lines, problems = report(Path(args.site_dir))
        print("grade  words        page")
        print("\n".join(lines))
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    return 2


def write_handouts(out: Path) -> int:
    """The PDFs on their own, without building the site."""
    import yaml

    from .handouts import HandoutError, build_pdfs
    from .loader import GuideDataError, load_guide

    root = Path(__file__).resolve().parent.parent
    site_url = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
    try:
        guide = load_guide(root / "docs" / "data" / "guide.yml", "docs/data/guide.yml")
        stats = build_pdfs(guide, site_url, out, root / ".cache" / "handouts")
    except (GuideDataError, HandoutError) as err:
        print(err, file=sys.stderr)
        return 1
    print(f"{len(stats.rendered)} PDFs rendered, {len(stats.reused)} unchanged, in {out}/; "
          f"step pictures fit on {len(stats.with_pictures)}: "
          + (", ".join(stats.with_pictures) or "none"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
