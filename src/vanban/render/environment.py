"""The Jinja environment vanban renders templates with: escaping on, strict about missing names.

A template variable the context lacks is not rendered as an empty string: every such use is recorded
and, once the whole template has been rendered, :class:`vanban.MissingVariablesError` names them all
at once (so a template author fixes every name in one round, not one per run).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any, NoReturn

from jinja2 import ChainableUndefined
from jinja2.utils import missing

from vanban.render.filters import FILTERS
from vanban.render.sandbox import LiteralTags, Sandbox
from vanban.render.shapes import mark_value

_missing: ContextVar[list[str] | None] = ContextVar("vanban_missing_variables", default=None)


class RecordingUndefined(ChainableUndefined):
    """An undefined value that records its name whenever the template uses it."""

    __slots__ = ()

    def _record(self) -> None:
        seen = _missing.get()
        if seen is not None:
            seen.append(self._describe())

    def _describe(self) -> str:
        name = self._undefined_name or "?"
        owner = self._undefined_obj
        if owner is missing or owner is None or isinstance(owner, ChainableUndefined):
            return name
        keys = sorted(owner) if isinstance(owner, dict) else []
        if keys:
            return f"{name} (in a mapping with keys {', '.join(map(str, keys))})"
        return f"{name} (attribute of {type(owner).__name__})"

    def __str__(self) -> str:
        self._record()
        return ""

    def __iter__(self) -> Iterator[Any]:
        self._record()
        return iter(())

    def __bool__(self) -> bool:
        self._record()
        return False

    def __len__(self) -> int:
        self._record()
        return 0

    def _fail_with_undefined_error(self, *args: Any, **kwargs: Any) -> NoReturn:
        self._record()
        super()._fail_with_undefined_error(*args, **kwargs)


def make_environment(
    *,
    filters: dict[str, Any] | None = None,
    globals: dict[str, Any] | None = None,
    autoescape: bool = True,
    marks: bool = False,
) -> Sandbox:
    """A fresh sandboxed environment (:class:`vanban.render.sandbox.Sandbox`): autoescape on,
    recording undefined, vanban's filters, then the caller's own ``filters`` and ``globals``.

    ``autoescape=False`` is for text that is not XML (core properties, which lxml escapes when it
    stores them); the sandbox's rules are the same. ``marks=True`` lets a render mark its values
    (:mod:`vanban.render.shapes`): renders that do not ask get every value as it is.
    """
    env = Sandbox(autoescape=autoescape, undefined=RecordingUndefined, extensions=[LiteralTags])
    if marks:
        env.finalize = mark_value
    env.filters.update(FILTERS)
    env.filters.update(filters or {})
    env.globals.update(globals or {})
    return env


class MissingRecorder:
    """Context manager that collects the undefined names used while it is active."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def __enter__(self) -> MissingRecorder:
        self._token = _missing.set(self.names)
        return self

    def __exit__(self, *exc: object) -> None:
        _missing.reset(self._token)

    def unique(self) -> list[str]:
        """The recorded names, each once, in order of first use."""
        return list(dict.fromkeys(self.names))
