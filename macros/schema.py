"""The JSON Schema of docs/data/guide.yml, made from the data model.

Editors' tools read it (the data file's first line points YAML tools at it;
.vscode/settings.json does the same for VS Code), so completion and inline
errors appear as they type. Write it with `python -m macros schema`; a test
fails when the committed copy is out of date.
"""

from __future__ import annotations

import json
from pathlib import Path

from .model import GuideData

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "docs" / "data" / "guide.schema.json"


def schema() -> dict:
    out = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Footnotes guide data (docs/data/guide.yml)",
    }
    out.update(GuideData.model_json_schema(mode="validation"))
    out["title"] = "Footnotes guide data (docs/data/guide.yml)"
    return out


def text() -> str:
    return json.dumps(schema(), indent=2, ensure_ascii=False) + "\n"


def write(path: Path = SCHEMA) -> int:
    path.write_text(text(), encoding="utf-8")
    print(f"Wrote {path.relative_to(ROOT)}")
    return 0
