"""Each page's Jinja template, compiled once and kept between builds.

mkdocs-macros compiles every page with `Environment.from_string` on every
build, and we compiled it a first time before that, to report a syntax
error with its line. Here a page is compiled once, by us: the compiled
code is kept in .cache/jinja (Jinja's own bytecode cache, the one the
theme's templates use), found again by the page's name and checked against
its source, so an edited page is compiled afresh. The plugin's
`from_string` is then handed the template already made for that source.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

CACHE = Path(__file__).resolve().parent.parent / ".cache" / "jinja"


def _fingerprint(environment: jinja2.Environment) -> str:
    """What changes the compiled code besides the source."""
    return "\0".join(str(x) for x in (
        environment.block_start_string, environment.block_end_string,
        environment.variable_start_string, environment.variable_end_string,
        environment.comment_start_string, environment.comment_end_string,
        environment.line_statement_prefix, environment.line_comment_prefix,
        environment.trim_blocks, environment.lstrip_blocks, environment.keep_trailing_newline,
        environment.optimized, environment.autoescape, sorted(environment.extensions)))


def compile_page(environment: jinja2.Environment, name: str, source: str,
                 cache: Path | None = CACHE) -> jinja2.Template:
    """The page's template; raises jinja2.TemplateSyntaxError for a slip."""
    code = bucket = bcc = None
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        bcc = jinja2.FileSystemBytecodeCache(str(cache), "page-%s.cache")
        bucket = bcc.get_bucket(environment, f"{name}\0{_fingerprint(environment)}", None,
                                source)
        code = bucket.code
    if code is None:
        code = environment.compile(source, name)
        if bcc is not None and bucket is not None:
            bucket.code = code
            bcc.set_bucket(bucket)
    return environment.template_class.from_code(environment, code,
                                                environment.make_globals(None), None)


def hand_over(environment: jinja2.Environment, source: str, template: jinja2.Template) -> None:
    """Make the plugin's next `from_string(source)` return `template`."""
    ready = environment.__dict__.get("_fn_ready")
    if ready is None:
        ready = environment._fn_ready = {}
        original = environment.from_string

        def from_string(text, globals=None, template_class=None):  # noqa: A002 (Jinja's name)
            made = ready.pop(text, None) if globals is None and template_class is None else None
            return made if made is not None else original(text, globals, template_class)

        environment.from_string = from_string
    ready[source] = template
