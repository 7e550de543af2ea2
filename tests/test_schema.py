"""Editor help as they type: the JSON Schema made from the data model is
committed, up to date, described field by field, and wired to the data file."""

from __future__ import annotations

import json

from macros import schema
from tests.conftest import DATA, ROOT


def test_committed_schema_matches_the_data_model():
    committed = schema.SCHEMA.read_text(encoding="utf-8")
    assert committed == schema.text(), (
        "docs/data/guide.schema.json is out of date: run `.venv/bin/python -m macros schema`")


def _properties(node, path=""):
    if isinstance(node, dict):
        for name, value in (node.get("properties") or {}).items():
            yield f"{path}.{name}", value
        for key, value in node.items():
            if key != "properties":
                yield from _properties(value, f"{path}/{key}")
    elif isinstance(node, list):
        for item in node:
            yield from _properties(item, path)


def test_every_field_has_a_description_editors_see():
    data = json.loads(schema.SCHEMA.read_text(encoding="utf-8"))
    missing = [path for path, value in _properties(data) if not value.get("description")]
    assert missing == []
    # Enumerated choices are listed, so an editor can pick one.
    level = data["$defs"]["SafetyNote"]["properties"]["level"]
    assert level["enum"] == ["caution", "ask-first", "do-not", "see-clinician", "urgent",
                             "emergency"]


def test_the_data_file_and_vs_code_point_at_the_schema():
    assert DATA.read_text(encoding="utf-8").splitlines()[0] == (
        "# yaml-language-server: $schema=guide.schema.json")
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == {"./docs/data/guide.schema.json": "docs/data/guide.yml"}
    assert (ROOT / "docs" / "data" / "guide.schema.json").exists()
