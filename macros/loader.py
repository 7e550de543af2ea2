"""Read docs/data/guide.yml into a checked Guide, or fail with plain messages.

Each problem becomes one line: `file:line: key.path: what is wrong. What to
do.` All problems in the file are reported together where the file can be
parsed at all. No traceback reaches an editor.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import typing
from pathlib import Path
from typing import Any

import yaml
from pydantic import VERSION as PYDANTIC_VERSION
from pydantic import BaseModel, ValidationError

from .guide import Guide
from .hints import closest, did_you_mean
from .model import GuideData
from .rules import cross_check, safety_rules

Path_ = tuple[Any, ...]  # a key path such as ("routines", 2, "steps", 0, "minutes")


class GuideDataError(Exception):
    """The data file has editor mistakes; str() is the message to show."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))




# --- YAML with line numbers -------------------------------------------------

class _Located:
    """Plain Python data from YAML, plus the line of every key path."""

    def __init__(self) -> None:
        self.lines: dict[Path_, int] = {}
        self.problems: list[tuple[int, Path_, str]] = []

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.build_scalar(key_node)
                line = key_node.start_mark.line + 1
                if key in out:
                    self.problems.append((line, path + (key,),
                        f"the key '{key}' appears twice here (first on line "
                        f"{self.lines[path + (key,)]}). Keep one of them."))
                    continue
                self.lines[path + (key,)] = line
                out[key] = self.build(value_node, path + (key,))
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        return self.build_scalar(node)

    @staticmethod
    def build_scalar(node: yaml.Node) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            line = node.start_mark.line + 1
            raise _Fatal(line, "a key must be plain text, not a list or mapping.")
        return _scalar_loader.construct_object(node, deep=True)


class _Fatal(Exception):
    def __init__(self, line: int, message: str):
        self.line, self.message = line, message


_scalar_loader = yaml.SafeLoader("")
# libyaml parses the file ten times faster than pure Python; both give line marks.
_FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_BYTES = 2_000_000  # the real file is about 0.06 MB
MAX_DEPTH = 20  # the real file nests 5 deep


def _refuse_hostile(text: str, shown: str) -> None:
    """Refuse what could make loading slow or memory-hungry, before building
    anything: aliases (a few lines can expand to billions of items) and very
    deep nesting. The guide needs neither. Scanning events is streaming and fast."""
    depth = 0
    for event in yaml.parse(text, Loader=_FAST):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise GuideDataError([f"{shown}:{line}: YAML anchors (&name) and aliases (*name) "
                                  "are not allowed in the data file. Write the text out in full."])
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise GuideDataError([f"{shown}:{line}: the data is nested more than {MAX_DEPTH} "
                                      "levels deep. Check the indentation here."])
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def read_yaml(path: Path, shown: str) -> tuple[Any, _Located]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise GuideDataError([f"{shown}: the data file is missing. Restore it from git "
                              "(git checkout -- docs/data/guide.yml)."]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise GuideDataError([f"{shown}:{line}: the file is not valid UTF-8 text "
                              f"(byte 0x{raw[err.start]:02x}). Save it as UTF-8."]) from None
    if not text.strip() or all(l.strip().startswith("#") or not l.strip()
                               for l in text.splitlines()):
        raise GuideDataError([f"{shown}:1: the file is empty. It must hold the lists "
                              "guide, handouts, sources, safety_notes, techniques and routines."])
    if len(raw) > MAX_BYTES:
        raise GuideDataError([f"{shown}: the file is {len(raw) / 1e6:.1f} MB; a data file over "
                              f"{MAX_BYTES // 1_000_000} MB is not a guide. Restore it from git "
                              "(git checkout -- docs/data/guide.yml) and make your edit again."])
    try:
        _refuse_hostile(text, shown)
        node = yaml.compose(text, Loader=_FAST)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 1
        what = " ".join(p for p in (err.context, err.problem) if p)
        raise GuideDataError([f"{shown}:{line}: YAML syntax error: {what}. Check the "
                              "indentation and quotes on this line and the one above."]) from None
    except yaml.YAMLError as err:
        raise GuideDataError([f"{shown}: YAML error: {err}"]) from None
    located = _Located()
    try:
        data = located.build(node, ())
    except _Fatal as err:
        raise GuideDataError([f"{shown}:{err.line}: {err.message}"]) from None
    except yaml.YAMLError as err:  # e.g. a bad timestamp in a scalar
        raise GuideDataError([f"{shown}: YAML error: {err}"]) from None
    return data, located


# --- messages ---------------------------------------------------------------

def key_path(data: Any, path: Path_) -> str:
    """routines[bedtime-legs].steps[2].minutes: list items named by id when they have one."""
    out, here = "", data
    for part in path:
        if isinstance(part, int):
            item = here[part] if isinstance(here, list) and part < len(here) else None
            ident = item.get("id") if isinstance(item, dict) else None
            out += f"[{ident}]" if isinstance(ident, str) else f"[{part + 1}]"
            here = item
        else:
            out += ("." if out else "") + str(part)
            here = here.get(part) if isinstance(here, dict) else None
    return out or "(top level)"


def line_of(located: _Located, path: Path_) -> int:
    for cut in range(len(path), -1, -1):
        if path[:cut] in located.lines:
            return located.lines[path[:cut]]
    return 1


def _record_type(annotation: Any) -> Any:
    """The model class inside list[X], Annotated[list[X], ...] or X | None."""
    while typing.get_origin(annotation) is not None:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        annotation = args[0]
    return annotation


def allowed_keys(loc: Path_) -> list[str]:
    """The keys a record may have, for the record that `loc` points into."""
    model: Any = GuideData
    for part in loc[:-1]:
        if isinstance(part, str):
            field = model.model_fields.get(part)
            if field is None:
                break
            inner = _record_type(field.annotation)
            if not (isinstance(inner, type) and issubclass(inner, BaseModel)):
                break
            model = inner
    return list(model.model_fields)


def _pydantic_message(err: dict[str, Any]) -> str:
    kind, ctx = err["type"], err.get("ctx") or {}
    field = err["loc"][-1] if err["loc"] else ""
    if kind == "missing":
        return f"the required key '{field}' is missing. Add it."
    if kind == "extra_forbidden":
        allowed = allowed_keys(tuple(err["loc"]))
        near = closest(str(field), allowed, n=1)
        hint = (f"Did you mean '{near[0]}'?" if near else
                "Allowed keys here: " + ", ".join(allowed) + ".")
        return f"'{field}' is not a key here. {hint}"
    if kind == "string_pattern_mismatch":
        if "https" in ctx.get("pattern", ""):
            return "expected a full https:// address with no spaces."
        return ("expected an id of lowercase letters, digits and single hyphens, "
                "like 'calf-squeeze'.")
    if kind == "literal_error":
        return f"'{err['input']}' is not allowed; expected {ctx.get('expected')}."
    if kind == "multiple_of":
        return "minutes must be whole or half minutes, like 1, 1.5 or 2."
    if kind in ("greater_than", "less_than_equal", "greater_than_equal", "less_than"):
        return f"{err['msg'].lower()} (got {err['input']!r})."
    if kind == "too_short":
        return "this list is empty; it needs at least one item."
    if kind.endswith("_type") or kind.endswith("_parsing"):
        got = type(err["input"]).__name__
        names = {"str": "text", "int": "a whole number", "float": "a number",
                 "bool": "true or false", "list": "a list", "dict": "a mapping",
                 "NoneType": "nothing", "date": "a date", "tuple": "a list"}
        want = err["msg"].removeprefix("Input should be ").lower()
        message = f"expected {want}, but found {names.get(got, got)}."
        if kind.startswith(("float", "int")) and isinstance(err["input"], str):
            message += f" Write it in digits, such as 1 or 0.5, not '{err['input']}'."
        return message
    return err["msg"] + "."


# The code a checked guide depends on: a change to any of them checks the
# data file again rather than reuse a guide checked by the old code.
_CHECKED_BY = ("model.py", "loader.py", "rules.py", "guide.py", "hints.py")
KEEP = 8  # checked guides kept in the cache


def _cache_key(path: Path) -> str | None:
    """A digest of everything load_guide's answer depends on: the data file's
    bytes, the code that checks it, pydantic's version and the pictures
    there are. None when the file cannot be read (load_guide says why)."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    digest = hashlib.sha256(raw)
    here = Path(__file__).resolve().parent
    for name in _CHECKED_BY:
        digest.update(hashlib.sha256((here / name).read_bytes()).digest())
    digest.update(PYDANTIC_VERSION.encode())
    images = path.resolve().parent.parent / "images"
    if images.is_dir():
        digest.update("\0".join(sorted(f.relative_to(images).as_posix()
                                         for f in images.rglob("*.svg"))).encode())
    return digest.hexdigest()


def load_guide(path: str | Path, shown: str | None = None, cache: Path | None = None) -> Guide:
    """Load, validate and cross-check the data file. Raises GuideDataError.

    With `cache` (a folder), a guide checked before from the same bytes by
    the same code is taken from there: the build reads and checks an
    unchanged data file only once (`make bench`). A file with problems is
    never kept, so its messages come every time."""
    path = Path(path)
    key = _cache_key(path) if cache is not None else None
    kept = cache / f"{key}.pickle" if cache is not None and key else None
    if kept is not None and kept.is_file():
        try:
            return pickle.loads(kept.read_bytes())
        except Exception:  # noqa: BLE001 (a damaged entry: check the file again)
            pass
    guide = _load_guide(path, shown or str(path))
    if kept is not None:
        kept.parent.mkdir(parents=True, exist_ok=True)
        partial = kept.with_name(f".{kept.name}.{os.getpid()}")
        partial.write_bytes(pickle.dumps(guide, protocol=pickle.HIGHEST_PROTOCOL))
        partial.replace(kept)
        # Keep the few newest: each edit in the preview makes another.
        older = sorted(cache.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in older[KEEP:]:
            old.unlink(missing_ok=True)
    return guide


def _load_guide(path: Path, shown: str) -> Guide:
    data, located = read_yaml(path, shown)
    problems: list[tuple[int, str]] = [
        (line, f"{shown}:{line}: {key_path(data, p)}: {msg}")
        for line, p, msg in located.problems
    ]
    if not isinstance(data, dict):
        raise GuideDataError([f"{shown}:1: the file must be a mapping with the keys "
                              "guide, handouts, sources, safety_notes, techniques and routines."])
    try:
        model = GuideData.model_validate(data)
    except ValidationError as err:
        seen: set[tuple[Any, ...]] = set()
        for e in err.errors(include_url=False):
            loc = tuple(e["loc"])
            if loc in seen:
                continue
            seen.add(loc)
            line = line_of(located, loc)
            problems.append((line, f"{shown}:{line}: {key_path(data, loc)}: "
                                   f"{_pydantic_message(e)}"))
        raise GuideDataError([m for _, m in sorted(problems, key=lambda x: x[0])]) from None
    for p, msg in [*cross_check(model, lambda p: line_of(located, p)),
                   *safety_rules(model), *missing_pictures(model, path)]:
        line = line_of(located, p)
        problems.append((line, f"{shown}:{line}: {key_path(data, p)}: {msg}"))
    if problems:
        raise GuideDataError([m for _, m in sorted(problems, key=lambda x: x[0])])
    return Guide(model)


def missing_pictures(model: GuideData, path: Path):
    """Each technique's picture must be a file under docs/images/ (the folder
    beside the data folder). A copy of the file on its own has no images to
    check, so the check needs that folder."""
    images = path.resolve().parent.parent / "images"
    if not images.is_dir():
        return
    have = sorted(f.relative_to(images).as_posix() for f in images.rglob("*.svg"))
    for i, t in enumerate(model.techniques):
        if t.picture.file not in have:
            yield (("techniques", i, "picture", "file"),
                   f"there is no picture docs/images/{t.picture.file}. Add the SVG there, "
                   "or fix the name. " + did_you_mean(t.picture.file, have, "Pictures"))
