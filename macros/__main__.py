"""Command line: `python -m macros COMMAND`. Each step runs on its own, without MkDocs
serving anything, so it can move with the project.

  build    strict build + PDFs + slim CSS, swapped into place only on success
  serve    live preview that always answers and never shows stale output
  pdfs     the handout PDFs into SITE/handouts/
  slim     drop the theme's CSS rules that no page can use
  check    everything `make check` checks (data, build, markdown, grade, claims,
           spelling), one line per problem with file:line; --only NAME for one
  bench    build, PDF and preview speed against a baseline, page weight,
           Lighthouse: bench/report.md
  zensical-check  try a Zensical build of the same sources; report what does not work yet
  schema   write docs/data/guide.schema.json from the data model
  review-report  pages and data due for review within 90 days, oldest first
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_ in [("build", "strict build, swapped in only on success"),
                        ("pdfs", "write every handout PDF (A4 and Letter) into SITE/handouts"),
                        ("slim", "drop the theme's unused CSS from a built site"),
                        ("check", "every check of `make check`, one line per problem")]:
        p = sub.add_parser(name, help=help_)
        p.add_argument("--site-dir", default="site")
        p.add_argument("--config", default="mkdocs.yml")
        if name == "check":
            from .checks import CHECKS

            p.add_argument("--only", choices=CHECKS, help="run this check alone")
            p.add_argument("--grades", action="store_true",
                           help="print each page's reading grade and words, and stop")
    s = sub.add_parser("serve", help="live preview at http://127.0.0.1:8000")
    s.add_argument("--config", default="mkdocs.yml")
    s.add_argument("--dev-addr", default="127.0.0.1:8000")
    r = sub.add_parser("bench", help="speed, size and Lighthouse, against a baseline")
    r.add_argument("--repeats", type=int, default=7, help="runs of each speed figure")
    r.add_argument("--lighthouse-runs", type=int, default=3)
    r.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse")
    sub.add_parser("review-report", help="what is due for review within 90 days")
    sub.add_parser("schema", help="write docs/data/guide.schema.json from the data model")
    z = sub.add_parser("zensical-check", help="try a Zensical build; report what fails")
    z.add_argument("--zensical", default=".venv-zensical/bin/zensical")
    args = parser.parse_args(argv)

    if args.command == "bench":
        from .bench import run

        return run(args.repeats, args.lighthouse_runs, args.no_lighthouse)
    if args.command == "review-report":
        from .review import run as review_report

        return review_report()
    if args.command == "schema":
        from .schema import write

        return write()
    if args.command == "zensical-check":
        from .zensical_check import run as zensical_check

        return zensical_check(args.zensical)
    if args.command == "serve":
        from .serve import serve

        return serve(args.config, args.dev_addr)
    from . import build as steps

    if args.command == "build":
        return steps.build(args.config, args.site_dir)
    if args.command == "pdfs":
        return steps.pdfs(args.config, Path(args.site_dir))
    if args.command == "slim":
        return steps.slim(Path(args.site_dir))
    if args.command == "check":
        from .checks import grades, run

        if args.grades:
            print("grade  words        page")
            print("\n".join(grades(Path(args.site_dir))))
            return 0
        return run(args.site_dir, args.only)
    return 2


if __name__ == "__main__":
    sys.exit(main())
