"""The GitHub Actions workflow (.github/workflows/site.yml) parses, runs the
same make targets an editor runs, previews pull requests and deploys main."""

from __future__ import annotations

import re

import yaml

from tests.conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"


def load() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def runs(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in job["steps"])


def uses(job: dict) -> list[str]:
    return [step["uses"] for step in job["steps"] if "uses" in step]


def test_it_runs_on_pull_requests_and_on_pushes_to_main():
    on = load()["on"]
    assert "pull_request" in on
    assert on["push"]["branches"] == ["main"]


def test_pull_requests_run_make_test_and_upload_the_site_to_preview():
    job = load()["jobs"]["test"]
    assert job["if"] == "github.event_name == 'pull_request'"
    assert "make test" in runs(job) and "make build" in runs(job)
    upload = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "site/"


def test_main_builds_and_deploys_to_github_pages():
    job = load()["jobs"]["deploy"]
    assert job["if"] == "github.event_name != 'pull_request'"
    assert "make build" in runs(job)
    assert job["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    names = [u.split("@")[0] for u in uses(job)]
    assert names.index("actions/upload-pages-artifact") < names.index("actions/deploy-pages")
    pages = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert pages["with"]["path"] == "site/"


def test_every_make_target_it_calls_exists_and_python_is_3_11():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][a-z-]*):", makefile, re.M))
    data = load()
    for job in data["jobs"].values():
        for target in re.findall(r"\bmake ([a-z-]+)", runs(job)):
            assert target in targets, target
        setup = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-python@"))
        assert setup["with"]["python-version"] == "3.11"
        for action in uses(job):
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", action), action  # pinned to a release


def test_the_site_address_follows_the_repository_and_the_settings_exist():
    env = load()["env"]
    mkdocs = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for name in env:
        assert f"!ENV [{name}," in mkdocs, name
    assert "github.io" in env["FOOTNOTES_SITE_URL"]
