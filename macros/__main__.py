"""Command line for build chores: `python -m macros build [--site-dir site]`.

`build` runs a strict MkDocs build into a fresh folder beside the target and
only then swaps it in, so a failed build leaves the previous site as it was.
"""

from __future__ import annotations

import argparse
import sys

from .build import build


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="strict build of the site, swapped in only on success")
    b.add_argument("--site-dir", default="site")
    b.add_argument("--config", default="mkdocs.yml")
    c = sub.add_parser("check", help="reading grade and unsupported claims of a built site")
    c.add_argument("--site-dir", default="site")
    args = parser.parse_args(argv)
    if args.command == "build":
        return build(args.config, args.site_dir)
    if args.command == "check":
        from pathlib import Path

        from .checks import report

        lines, problems = report(Path(args.site_dir))
        print("grade  words        page")
        print("\n".join(lines))
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
