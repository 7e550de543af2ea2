"""Plain messages for macro mistakes in pages, instead of tracebacks.

mkdocs-macros logs any error that leaves a page's render with a Python
traceback and stops the build. So editor mistakes never leave it:

- a macro called wrongly (bad id, bad argument) is caught by `guarded`;
- a name or setting that does not exist is caught by `recording_undefined`,
  the Jinja environment's `undefined` type (Jinja's own hook for this);
- a syntax error is found by parsing the page before the plugin renders it.

Each is recorded with the page and line, and `Site.raise_problems` fails
the build with one plain message once every page has been read.
"""

from __future__ import annotations

import sys
from typing import Callable

import jinja2

from .guide import UnknownId
from .hints import did_you_mean

Report = Callable[[int | None, str], None]  # (template line, message)


class MacroError(Exception):
    """A macro was called wrongly; `call` shows how it was written."""

    def __init__(self, call: str, problem: str, hint: str = ""):
        self.call, self.problem, self.hint = call, problem, hint
        super().__init__(f"{call}: {problem}{(' ' + hint) if hint else ''}")


def template_line() -> int | None:
    """The line of the page template running now (Jinja maps the frame of its
    compiled code back to the template's line)."""
    frame = sys._getframe(1)
    while frame is not None:
        template = frame.f_globals.get("__jinja_template__")
        if template is not None:
            return template.get_corresponding_lineno(frame.f_lineno)
        frame = frame.f_back
    return None


def _call(name: str, args, kwargs) -> str:
    shown = [repr(a) for a in args] + [f"{k}={v!r}" for k, v in kwargs.items()]
    return f"{name}({', '.join(shown)})"


def guarded(name: str, func, report: Report, before=None):
    """The macro, reporting an editor's mistake (and returning "") instead of
    raising. `before`, if given, runs first on each call."""

    def call(*args, **kwargs):
        if before is not None:
            before()
        try:
            return func(*args, **kwargs)
        except MacroError as err:
            report(template_line(), str(err))
        except UnknownId as err:
            report(template_line(), f"{_call(name, args, kwargs)}: {err} Use an id listed "
                                    f"under '{err.section}:' in docs/data/guide.yml.")
        except TypeError as err:
            if err.__traceback__ is not None and err.__traceback__.tb_next is not None:
                raise  # raised inside the macro: a bug in macros/, not in the page
            report(template_line(), f"{_call(name, args, kwargs)}: wrong arguments ({err}). "
                                    "See CONTRIBUTING.md for how to call each macro.")
        return ""

    call.__name__ = name
    call.__doc__ = func.__doc__
    return call


def recording_undefined(report: Report, macro_names: list[str]) -> type[jinja2.Undefined]:
    """An `undefined` type that reports what the editor wrote, once, and
    renders as nothing, so the build goes on to find the next mistake."""

    def fail(self, *args, **kwargs):
        if self._reported:  # Jinja may touch one undefined name several times
            return ""
        self._reported = True
        if self._undefined_obj is jinja2.utils.missing:
            name = self._undefined_name
            message = (f"'{name}' is not a macro or variable. "
                       + did_you_mean(name, macro_names, "The macros are")
                       + " To show {{ or {% as plain text, wrap it in {% raw %}...{% endraw %}.")
        else:
            owner = type(self._undefined_obj).__name__
            if owner == "MkDocsConfig":
                owner = "config"
            message = (f"'{owner}.{self._undefined_name}' does not exist: {owner} has no "
                       f"'{self._undefined_name}'. Check the spelling.")
        report(template_line(), message)
        return ""

    class RecordingUndefined(jinja2.Undefined):
        __slots__ = ("_reported",)
        __str__ = __call__ = __getitem__ = fail  # type: ignore[assignment]

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._reported = False

        def __getattr__(self, name):
            if name.startswith(("_", "jinja_")):  # Jinja's own probes, not the editor's
                raise AttributeError(name)
            return fail(self)

        def __iter__(self):
            fail(self)
            return iter(())

        def __bool__(self):
            fail(self)
            return False

    return RecordingUndefined


def syntax_problem(err: jinja2.TemplateSyntaxError) -> str:
    return (f"macro syntax error: {err.message}. Check the {{{{ }}}} and {{% %}} tags on "
            "this line; to show braces as plain text, wrap them in {% raw %}...{% endraw %}.")
