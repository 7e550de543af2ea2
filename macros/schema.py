"""The JSON Schema of docs/data/guide.yml, made from the data model.

Editors' tools read it (the data file's first line points YAML tools at it;
.vscode/settings.json does the same for VS Code), so completion and inline
errors appear as they type. Write it with `python -m macros schema`; a test
fails when the committed copy is out of date.
"""

from __future__ import annotations

import ast
import inspect
import json
from pathlib import Path

from . import model
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
    docs = field_docs()
    for name, definition in [(GuideData.__name__, out), *out.get("$defs", {}).items()]:
        for field, prop in definition.get("properties", {}).items():
            doc = docs.get(name, {}).get(field)
            if doc and "description" not in prop:
                prop["description"] = doc
                # pydantic sorts each schema's keys; keep that order.
                definition["properties"][field] = dict(sorted(prop.items()))
    return out


def field_docs() -> dict[str, dict[str, str]]:
    """The docstring under each field of each model in macros/model.py:
    {class: {field: text}}. Read from the source here, not by pydantic
    (use_attribute_docstrings) as every build imports the model: that cost
    about 45 ms a build, for text only this schema shows."""
    tree = ast.parse(Path(model.__file__).read_text(encoding="utf-8"))
    out: dict[str, dict[str, str]] = {}
    for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
        body = cls.body
        for field, after in zip(body, body[1:]):
            if (isinstance(field, ast.AnnAssign) and isinstance(field.target, ast.Name)
                    and isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)
                    and isinstance(after.value.value, str)):
                out.setdefault(cls.name, {})[field.target.id] = inspect.cleandoc(after.value.value)
    return out


def text() -> str:
    return json.dumps(schema(), indent=2, ensure_ascii=False) + "\n"


def write(path: Path = SCHEMA) -> int:
    path.write_text(text(), encoding="utf-8")
    print(f"Wrote {path.relative_to(ROOT)}")
    return 0
