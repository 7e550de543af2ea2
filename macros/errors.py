"""Plain messages for macro mistakes in pages, instead of tracebacks.

mkdocs-macros catches any error raised while a page renders, logs it with a
Python traceback and calls exit(), which would also stop `mkdocs serve`.
So no error may leave the Jinja render: the page template class records it
here, with the page and line, and `BuildErrors.raise_if_any` raises one
plain BuildError when the build ends. MkDocs prints that as a single message
and, when serving, keeps the last good preview running.
"""

from __future__ import annotations

import difflib
import os
import traceback
from dataclasses import dataclass, field

import jinja2
from mkdocs.exceptions import PluginError

from .guide import UnknownId


class MacroError(Exception):
    """A macro was called wrongly; `call` shows how it was written."""

    def __init__(self, call: str, problem: str, hint: str = ""):
        self.call, self.problem, self.hint = call, problem, hint
        super().__init__(f"{call}: {problem}{(' ' + hint) if hint else ''}")


@dataclass
class BuildErrors:
    docs_dir: str
    names: list[str] = field(default_factory=list)  # macros an editor can call
    messages: list[str] = field(default_factory=list)

    def where(self, page, line: int | None) -> str:
        path = os.path.join(os.path.basename(self.docs_dir.rstrip("/")), page.file.src_path)
        return f"{path}:{line}" if line else path

    def body_offset(self, page) -> int:
        """Lines of front matter that MkDocs removed before the macros ran."""
        raw = page.file.content_string
        if not raw.startswith("---"):
            return 0
        end = raw.find("\n---", 3)
        return raw[: end + 4].count("\n") + 1 if end != -1 else 0

    def template_line(self, err: BaseException, page) -> int | None:
        line = getattr(err, "lineno", None)
        for frame in traceback.extract_tb(err.__traceback__):
            if frame.filename == "<template>":
                line = frame.lineno
        return line + self.body_offset(page) if line else None

    def add(self, page, line: int | None, message: str) -> None:
        self.messages.append(f"{self.where(page, line)}: {message}")

    def record(self, err: BaseException, page) -> None:
        at = self.where(page, self.template_line(err, page))
        self.messages.append(f"{at}: {self.explain(err)}")

    def explain(self, err: BaseException) -> str:
        if isinstance(err, MacroError):
            return str(err)
        if isinstance(err, jinja2.UndefinedError):
            name = str(err.message).split("'")[1] if "'" in str(err.message) else ""
            near = difflib.get_close_matches(name, self.names, n=2, cutoff=0.5)
            hint = (f" Did you mean {' or '.join(near)}?" if near else
                    f" The macros are: {', '.join(sorted(self.names))}.")
            return (f"'{name}' is not a macro or variable ({err.message}).{hint} "
                    "To show {{ or {% as plain text, wrap it in {% raw %}...{% endraw %}.")
        if isinstance(err, jinja2.TemplateSyntaxError):
            return (f"macro syntax error: {err.message}. Check the {{{{ }}}} and {{% %}} "
                    "tags on this line; to show braces as plain text, wrap them in "
                    "{% raw %}...{% endraw %}.")
        if isinstance(err, TypeError):
            return (f"a macro was called with the wrong arguments ({err}). "
                    "See CONTRIBUTING.md for how to call each macro.")
        return (f"{type(err).__name__}: {err}. This looks like a bug in macros/, "
                "not in the page; please report it.")

    def raise_if_any(self) -> None:
        if self.messages:
            count = len(self.messages)
            head = f"{count} problem{'s' if count > 1 else ''} in the pages:"
            raise PluginError("\n".join([head, *self.messages]))


def guard_templates(jinja_env: jinja2.Environment, errors: BuildErrors, get_page) -> None:
    """Make every page template record its errors instead of raising them."""
    if getattr(jinja_env.template_class, "footnotes_guarded", False):
        return

    class RecordingTemplate(jinja_env.template_class):  # type: ignore[misc, valid-type]
        footnotes_guarded = True

        def render(self, *args, **kwargs):  # noqa: D401
            try:
                return super().render(*args, **kwargs)
            except Exception as err:  # recorded, raised plainly at the end
                errors.record(err, get_page())
                return ""

    jinja_env.template_class = RecordingTemplate


def wrap_macro(name: str, func):
    """Turn an unknown id into a MacroError that shows the call as written."""

    def call(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except UnknownId as err:
            shown = ", ".join([repr(a) for a in args] +
                              [f"{k}={v!r}" for k, v in kwargs.items()])
            raise MacroError(f"{name}({shown})", str(err),
                             f"Use an id listed under '{err.section}:' in "
                             "docs/data/guide.yml.") from None

    call.__name__ = name
    call.__doc__ = func.__doc__
    return call
