"""`make check` and the pre-commit hooks: the same checks, in the same
order, one line per problem with file:line."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from macros import checks
from macros.bench import copy_project
from macros.handouts import cache_dir
from tests.conftest import ROOT

LOCATED = re.compile(r"^(docs/\S+?):(\d+): (.+)$")


def hooks() -> list[dict]:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [repo] = config["repos"]
    assert repo["repo"] == "local"
    return repo["hooks"]


def test_the_hooks_run_make_checks_steps_in_its_order():
    assert [h["id"] for h in hooks()] == list(checks.CHECKS)
    for h in hooks():
        assert h["entry"] == f".venv/bin/python -m macros check --only {h['id']}"
        assert h["pass_filenames"] is False
        assert re.match(h["files"], "docs/data/guide.yml") and re.match(h["files"], "docs/about.md")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^check: .*\n\t\$\(BIN\)/python -m macros check --site-dir site$",
                     makefile, re.M)
    assert re.search(r"^hooks: .*\n\t\$\(BIN\)/pre-commit install$", makefile, re.M)


def _project(tmp_path: Path) -> Path:
    project = copy_project(tmp_path / "project")
    for name in (".pymarkdown.yml", "wordlist.txt", ".pre-commit-config.yaml"):
        shutil.copy(ROOT / name, project / name)
    return project


def _env() -> dict:
    return dict(os.environ, NO_MKDOCS_2_WARNING="1", FOOTNOTES_PDF_CACHE=str(cache_dir()))


def test_make_check_prints_one_located_line_per_problem(tmp_path):
    project = _project(tmp_path)
    page = project / "docs" / "about.md"
    text = page.read_text(encoding="utf-8")
    # Three slips the build lets through: a misspelling, a banned claim, a
    # list marker with two spaces.
    text = text.replace("\n## ", "\nA foot soak helps you detox, we beleive.\n\n-  One item\n\n## ", 1)
    page.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    claim = lines.index("A foot soak helps you detox, we beleive.") + 1
    item = lines.index("-  One item") + 1
    result = subprocess.run([sys.executable, "-m", "macros", "check"], cwd=project, env=_env(),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    found = [LOCATED.match(line) for line in result.stdout.splitlines()]
    assert all(found), result.stdout
    got = {(m[1], int(m[2]), m[3].split(" ")[0]) for m in found}
    assert got == {("docs/about.md", item, "MD030"), ("docs/about.md", claim, "unsupported"),
                   ("docs/about.md", claim, "'beleive'")}, result.stdout
    assert "Did you mean 'believe'?" in result.stdout
    assert "make check: 3 problems" in result.stderr


def test_the_real_guide_passes_every_check(site):
    for name in ("markdown", "grade", "claims", "spelling"):
        assert checks.RUNNERS[name](ROOT, site) == [], name


def test_a_data_mistake_stops_the_commit_with_its_line(tmp_path):
    """pre-commit itself, in a git repository, as `make hooks` sets it up."""
    project = _project(tmp_path)
    (project / ".venv").symlink_to(ROOT / ".venv")
    data = project / "docs" / "data" / "guide.yml"
    text = data.read_text(encoding="utf-8").replace("        minutes: 1\n", "        minutes: one\n", 1)
    data.write_text(text, encoding="utf-8")
    line = text.splitlines().index("        minutes: one") + 1
    env = dict(_env(), PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), GIT_AUTHOR_NAME="t",
               GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org")
    for cmd in (["git", "init", "-q"], ["git", "add", "-A"]):
        subprocess.run(cmd, cwd=project, check=True, env=env)
    result = subprocess.run([str(ROOT / ".venv" / "bin" / "pre-commit"), "run", "--all-files"],
                            cwd=project, env=env, capture_output=True, text=True, timeout=300)
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert f"docs/data/guide.yml:{line}: routines[self-foot-10].steps[1].minutes" in out
    assert "Write it in digits" in out and "Traceback" not in out
    # fail_fast: the build and the checks after it did not run on a broken file.
    # fail_fast: the build and the checks after it do not run on a broken file.
    assert "strict build" not in out
