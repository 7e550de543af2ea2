"""`make check`: every check an editor's change must pass, one line per
problem, each naming the file and the line.

In order (`python -m macros check`, or one with `--only NAME`; the
pre-commit hooks in .pre-commit-config.yaml run each of CHECKS in turn):

  data      docs/data/guide.yml is valid (macros/loader.py)
  build     the strict build, PDFs included (macros/build.py)
  markdown  Markdown lint, set up for Material in .pymarkdown.yml
  grade     reading grade 6 or lower on every page
  claims    no unsupported claim or product name
  spelling  every word is English or in wordlist.txt

The last three read the built site. The tests use the same functions, so
an editor sees the same figures the tests judge.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

CHECKS = ("data", "build", "markdown", "grade", "claims", "spelling")
WORDLIST = "wordlist.txt"
DATA = "docs/data/guide.yml"
CHANGES = "CHANGELOG.md"  # the What changed page's notes

MAX_GRADE = 6.0

# Whole elements whose text is not running prose: tables, code, the
# reference list and footnotes, the review-date line, heading anchors.
_SKIP_TAGS = {"table", "pre", "code", "script", "style", "svg", "nav"}
_SKIP_CLASSES = {"footnote", "fn-sources", "fn-review", "headerlink", "md-source-file",
                 "fn-handout-actions", "fn-start"}
_VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
_BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "figcaption",
           "blockquote", "div", "td", "th"}


class _Prose(HTMLParser):
    """Collects the text of the article, one entry per block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, skipping)
        self.in_article = 0

    def skipping(self) -> bool:
        return any(skip for _, skip in self.stack)

    def flush(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            self.blocks.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        if tag == "article":
            self.in_article += 1
        skip = tag in _SKIP_TAGS or bool(classes & _SKIP_CLASSES) or tag == "sup"
        if tag in _BLOCKS:
            self.flush()
        self.stack.append((tag, skip))

    def handle_startendtag(self, tag, attrs):
        if tag not in _VOID:  # <div/> and the like still open and close
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in _VOID:  # never on the stack; must not close what is
            return
        if tag == "article":
            self.in_article -= 1
        while self.stack:
            open_tag, _ = self.stack.pop()
            if open_tag == tag:
                break
        if tag in _BLOCKS:
            self.flush()

    def handle_data(self, data):
        if self.in_article and not self.skipping():
            self.current.append(data)


def prose(html: str) -> str:
    """The page's running text. Blocks without end punctuation (headings,
    list items) end with a full stop, so they count as sentences of their own."""
    parser = _Prose()
    parser.feed(html)
    parser.flush()
    out = []
    for block in parser.blocks:
        block = block.replace("¶", "").strip()
        if not block:
            continue
        out.append(block if block[-1] in ".!?:" else block + ".")
    return " ".join(out)


def grade(text: str) -> float:
    import textstat  # pinned offline-capable version; see pyproject.toml

    return float(textstat.flesch_kincaid_grade(text))


# Claims the evidence does not support, and product names. A sentence may
# name a claim only to say it is not true ("Massage does not remove toxins"),
# or to report that others make it ("Some ads claim...").
BANNED = {
    "detox": r"\bdetox\w*",
    "toxins": r"\btoxin\w*",
    "boosting circulation": r"\b(boost|improv|increas|stimulat|promot|enhanc)\w* (your |the |blood )?(circulation|blood flow)",
    "curing": r"\bcur(e|es|ed|ing)\b",
    "organ-map diagnosis": r"\b(reflex(ology)? (zones?|points?) (for|linked to|connected to|that match)|(zones?|points?) (that )?(correspond|connect)\w* to (your |the )?(organs?|glands?))",
    "second heart": r"\bsecond heart\b",
    "energy flow": r"\benergy (flow|channels?|meridians?)\b|\bmeridian",
    "product names": r"\bkerassentials\b",
}
# Absolute statements about blood flow go past small lab studies either way:
# say what the studies found instead. No framing clears these.
ABSOLUTE = {
    "absolute blood-flow claim": r"\b(does not|doesn't|do not|don't|cannot|can't|will not|won't|never)\s+"
                                 r"(\w+\s+){0,2}(raise|increase|improve|boost|change|affect|move|push)\w*\s+"
                                 r"(\w+\s+){0,2}(blood flow|circulation)",
}
# A claim is cleared only when a negation or a report of someone else's
# claim governs it: in its own clause, within a few words before it.
_CLEARS = re.compile(r"\b(not|no|never|nor|isn't|doesn't|don't|cannot|can't|myths?|claims?|claimed|"
                     r"say|says|said)\b", re.I)
_WINDOW = 12  # words


def _cleared(sentence: str, start: int) -> bool:
    clause = re.split(r"[,;:(]", sentence[:start])[-1]
    return bool(_CLEARS.search(" ".join(clause.split()[-_WINDOW:])))


def claims(text: str) -> list[tuple[str, str]]:
    """(what, sentence) for each sentence that makes a banned claim."""
    found = []
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        for what, pattern in BANNED.items():
            # Every mention is judged on its own: "No one claims X, but it does X" fails.
            if any(what == "product names" or not _cleared(sentence, m.start())
                   for m in re.finditer(pattern, sentence, re.I)):
                found.append((what, sentence.strip()))
        for what, pattern in ABSOLUTE.items():
            if re.search(pattern, sentence, re.I):
                found.append((what, sentence.strip()))
    return found


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("index.html")
                  if "assets" not in p.parts and "handouts" not in p.parts)


def page_text(page: Path) -> str:
    """A built page's prose, parsed once per run: grade, claims and spelling
    all read it."""
    return _page_text(str(page), page.stat().st_mtime_ns)


@functools.lru_cache(maxsize=None)
def _page_text(path: str, mtime_ns: int) -> str:
    return prose(Path(path).read_text(encoding="utf-8"))


def grades(site: Path) -> list[str]:
    """Each page's reading grade and length (`python -m macros check --grades`)."""
    lines = []
    for page in pages(site):
        text = page_text(page)
        lines.append(f"{grade(text):5.1f}  {len(text.split()):5d} words  "
                     f"{page.relative_to(site).as_posix()}")
    return lines


# --- make check: each check as a list of located problems -------------------

@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


# A located line in the build's output, after MkDocs' "WARNING -  " if any.
_LOCATED = re.compile(r"^(?:(?:WARNING|ERROR)\s+-\s+)?(\S+?):(\d+): (.*)$")


def check_data(root: Path, site: Path) -> list[Problem]:
    from .loader import GuideDataError, load_guide

    try:
        load_guide(root / DATA, DATA)
    except GuideDataError as err:
        return [_parse(line) for line in err.problems]
    return []


def _parse(line: str) -> Problem:
    m = _LOCATED.match(line.strip())
    return Problem(m[1], int(m[2]), m[3]) if m else Problem(DATA, 1, line.strip())


def check_build(root: Path, site: Path) -> list[Problem]:
    """The strict build, exactly as `make build` runs it, into `site`."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, "-m", "macros", "build", "--site-dir", str(site)],
                            cwd=root, env=env, capture_output=True, text=True)
    if result.returncode == 0:
        return []
    out = (result.stdout + result.stderr).splitlines()
    found = [Problem(m[1], int(m[2]), m[3]) for m in map(_LOCATED.match, out) if m]
    # A failure with no located line is still shown whole, never hidden.
    return found or [Problem("mkdocs.yml", 1, "the build failed: "
                             + " ".join(line for line in out if "INFO" not in line))]


def check_markdown(root: Path, site: Path) -> list[Problem]:
    from pymarkdown.api import PyMarkdownApi

    result = (PyMarkdownApi().configuration_file_path(str(root / ".pymarkdown.yml"))
              .scan_path(str(root / "docs"), recurse_if_directory=True))
    return [Problem(Path(f.scan_file).resolve().relative_to(root.resolve()).as_posix(),
                    f.line_number,
                    f"{f.rule_id} {f.rule_description}"
                    + (f" {f.extra_error_information}" if f.extra_error_information else "")
                    + " (Markdown lint; the rules are in .pymarkdown.yml)")
            for f in result.scan_failures]


def _source(root: Path, page: Path, site: Path) -> str:
    """docs/x.md for site/x/index.html (docs/index.md for the home page)."""
    rel = page.parent.relative_to(site).as_posix()
    return f"docs/{rel}.md" if rel != "." else "docs/index.md"


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9]+", text.lower())


def locate(root: Path, files: list[str], fragment: str) -> tuple[str, int]:
    """The file and line where a sentence of the built page was written: its
    first words, found in the page's Markdown or else in the data file,
    with markup and macro calls between them skipped."""
    words = _words(fragment)
    for count in (6, 4, 2):
        if len(words) < count and count > 2:
            continue  # a short fragment (one word) is looked for whole
        wanted = words[:count]
        for name in files:
            try:
                lines = (root / name).read_text(encoding="utf-8").splitlines()
            except OSError:
                continue
            stream = [(w, n) for n, line in enumerate(lines, 1) for w in _words(line)]
            for i in range(len(stream) - len(wanted) + 1):
                if [w for w, _ in stream[i:i + len(wanted)]] == wanted:
                    return name, stream[i][1]
    return files[0], 1


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


def check_grade(root: Path, site: Path) -> list[Problem]:
    problems = []
    for page in pages(site):
        text = page_text(page)
        g = grade(text)
        if g > MAX_GRADE:
            longest = max(_sentences(text), key=lambda s: len(s.split()))
            file, line = locate(root, [_source(root, page, site), DATA, CHANGES], longest)
            problems.append(Problem(file, line, (
                f"reading grade {g:.1f} is above {MAX_GRADE:g} for the whole page. Its "
                f"longest sentence starts here ({len(longest.split())} words): "
                f"\"{' '.join(longest.split()[:8])} ...\". Use shorter sentences and words.")))
    return problems


def check_claims(root: Path, site: Path) -> list[Problem]:
    problems = []
    for page in pages(site):
        for what, sentence in claims(page_text(page)):
            file, line = locate(root, [_source(root, page, site), DATA, CHANGES], sentence)
            problems.append(Problem(file, line, (
                f"unsupported claim ({what}): \"{sentence}\". Say what the studies found, "
                "or say that the claim is not true.")))
    return problems


def wordlist(root: Path) -> set[str]:
    words = set()
    for line in (root / WORDLIST).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip().lower()
        if line:
            words.add(line)
    return words


def check_spelling(root: Path, site: Path) -> list[Problem]:
    """Every word a reader sees on a page, against an English dictionary
    (pyspellchecker's, which ships with the package) and wordlist.txt."""
    from spellchecker import SpellChecker

    checker = SpellChecker(language="en")
    checker.word_frequency.load_words(wordlist(root))
    problems, seen = [], set()
    for page in pages(site):
        text = page_text(page).replace("\u2019", "'")
        text = re.sub(r"\S+://\S+|\b[\w-]+(\.[\w-]+)+/\S*", " ", text)  # addresses
        words = re.findall(r"[A-Za-z]+(?:'[A-Za-z]+)?", text)
        for word in sorted(checker.unknown(w for w in words if len(w) > 1)):
            source = _source(root, page, site)
            file, line = locate(root, [source, DATA, CHANGES], word)
            if (file, word) in seen:
                continue
            seen.add((file, word))
            near = checker.correction(word)
            hint = f" Did you mean '{near}'?" if near and near != word else ""
            problems.append(Problem(file, line, (
                f"'{word}' is not in the dictionary.{hint} Fix the spelling, or add the word "
                f"to {WORDLIST} if it is right.")))
    return problems


RUNNERS = {"data": check_data, "build": check_build, "markdown": check_markdown,
           "grade": check_grade, "claims": check_claims, "spelling": check_spelling}


def run(site_dir: str = "site", only: str | None = None, root: Path | None = None) -> int:
    """Print one line per problem, file:line first; 1 if there were any."""
    root = (root or Path.cwd()).resolve()
    site = (root / site_dir).resolve()
    names = [only] if only else list(CHECKS)
    total = 0
    for name in names:
        problems = []
        if name in ("grade", "claims", "spelling") and not (site / "index.html").exists():
            problems = check_build(root, site)  # these read the built site
        if not problems:
            problems = RUNNERS[name](root, site)
        for problem in problems:
            print(problem)
        total += len(problems)
        if problems and (name in ("data", "build") or not (site / "index.html").exists()):
            print(f"make check: stopped after '{name}': the later checks need a good build.")
            return 1
    done = ", ".join(names)
    print(f"make check: {total} problem{'' if total == 1 else 's'} ({done}).", file=sys.stderr)
    return 1 if total else 0
