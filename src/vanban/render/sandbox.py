"""The sandbox every template renders in: a template may place and format values, never reach Python.

A .docx template can come from anyone (a web app's users upload their own), and Jinja without a
sandbox lets a template walk from any object to the interpreter
(``{{ cycler.__init__.__globals__.os.popen('id').read() }}``). :class:`Sandbox` is Jinja's
:class:`~jinja2.sandbox.ImmutableSandboxedEnvironment` made stricter:

- no attribute whose name starts with ``_`` (dunders, ``_private`` and name-mangled ones such as
  ``self._TemplateReference__context``);
- no attribute at all of modules, classes, functions, methods, frames, code objects, tracebacks,
  generators or coroutines: a template reads data, not the objects that make it;
- no method that changes a list, dict, set or deque (the immutable sandbox), and no callable marked
  unsafe (:func:`jinja2.sandbox.unsafe`);
- ``str.format`` and ``str.format_map`` run through Jinja's sandboxed formatter, so
  ``"{0.__class__}".format(x)`` meets the same rules;
- ``*`` builds at most a million items from a string or list, and ``**`` takes an exponent of at
  most 1000 (``range`` gives at most 100 000 items, as in Jinja's sandbox).

A refused access raises :class:`jinja2.sandbox.SecurityError` at once (not an undefined value that
would be reported as a missing variable); :class:`vanban.render.template.Template` turns it into
:class:`vanban.UnsafeTemplateError` naming the part and the expression.

The environment also applies docxtpl's escapes for literal tags (``{_{ }_} {_% %_}`` give
``{{ }} {% %}``) to the template's own text only, at compile time (:class:`LiteralTags`), so the
same characters in data come out exactly as given.
"""

from __future__ import annotations

import types
from collections.abc import Iterator
from typing import Any, NoReturn

from jinja2.exceptions import SecurityError
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from jinja2.runtime import LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment

_OPAQUE: tuple[type, ...] = (
    type,
    types.ModuleType,
    types.FunctionType,
    types.BuiltinFunctionType,
    types.MethodType,
    types.MethodWrapperType,
    types.WrapperDescriptorType,
    types.MethodDescriptorType,
    types.ClassMethodDescriptorType,
    types.GetSetDescriptorType,
    types.MemberDescriptorType,
    types.CodeType,
    types.FrameType,
    types.TracebackType,
    types.GeneratorType,
    types.CoroutineType,
    types.AsyncGeneratorType,
    property,
    classmethod,
    staticmethod,
)
"""Kinds of object whose attributes a template may not read at all."""

_DICT_ATTRIBUTES = frozenset(dir(dict))
LOOP_ATTRIBUTES = frozenset(
    {"index", "index0", "revindex", "revindex0", "first", "last", "length", "depth", "depth0"}
    | {"previtem", "nextitem"}
)
"""The values of a ``{% for %}`` loop's ``loop`` (jinja2.runtime.LoopContext) a template reads;
the sandbox allows each of them, so :meth:`Sandbox.getattr` gives them without asking."""

LITERAL_TAGS = {"{_{": "{{", "}_}": "}}", "{_%": "{%", "%_}": "%}"}
"""docxtpl's escapes for writing a literal tag in a template, and what each gives."""


MAX_REPEAT = 1_000_000
"""Most items (characters) ``*`` may build from a string or list in a template."""
MAX_EXPONENT = 1000
"""Largest integer exponent ``**`` takes in a template (a bigger one can take minutes)."""


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, stricter: see the module's docstring for the rules."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """``*`` and ``**``, refusing the one-expression memory and time bombs
        (``'x' * 10**10``, ``2 ** 100000``); loops and other filters are bounded by the caller's
        own time and memory limits (docs/security.md)."""
        if operator == "*":
            for sequence, times in ((left, right), (right, left)):
                if (
                    isinstance(sequence, str | list | tuple)
                    and isinstance(times, int)
                    and len(sequence) * times > MAX_REPEAT
                ):
                    raise SecurityError(
                        f"'*' would build {len(sequence) * times} items, over {MAX_REPEAT}"
                    )
        elif (
            isinstance(left, int)
            and isinstance(right, int)
            and abs(right) > MAX_EXPONENT
            and abs(left) > 1
        ):
            raise SecurityError(f"'**' with the exponent {right}, over {MAX_EXPONENT}")
        return super().call_binop(context, operator, left, right)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Whether a template may read ``obj.attr``: never a ``_`` name, never of an opaque object."""
        if attr.startswith("_") or isinstance(obj, _OPAQUE):
            return False
        return bool(super().is_safe_attribute(obj, attr, value))

    def getattr(self, obj: Any, attribute: str) -> Any:
        """``obj.attribute``: a mapping's key of any name is data; a refused name is refused
        whether or not the attribute exists (never reported as a missing variable)."""
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            # The common case, a key of a plain dict (a document's context is one): the same
            # answer as below, without raising and catching an AttributeError first.
            try:
                return obj[attribute]
            except KeyError:
                pass
        elif type(obj) is LoopContext and attribute in LOOP_ATTRIBUTES:
            return getattr(obj, attribute)  # ``loop.last``: allowed, as below, without the checks
        if attribute.startswith("_") or isinstance(obj, _OPAQUE):
            return self._key_or_refuse(obj, attribute)
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        """``obj[argument]``, with the rules of :meth:`getattr` for a name it falls back to."""
        if isinstance(argument, str) and (argument.startswith("_") or isinstance(obj, _OPAQUE)):
            return self._key_or_refuse(obj, argument)
        return super().getitem(obj, argument)

    def _key_or_refuse(self, obj: Any, name: str) -> Any:
        if not isinstance(obj, _OPAQUE):
            try:
                return obj[name]
            except (TypeError, LookupError):
                pass
        self.unsafe_undefined(obj, name)

    def unsafe_undefined(self, obj: Any, attribute: str) -> NoReturn:
        """Refuse at once: an undefined value would pass for a missing variable."""
        raise SecurityError(
            f"access to attribute {attribute!r} of a {type(obj).__name__!r} object is refused"
        )


class LiteralTags(Extension):
    """Turn ``{_{ }_} {_% %_}`` in the template's text (not in tags, not in data) into
    ``{{ }} {% %}``, as docxtpl does after rendering, but before any value is placed."""

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        """The template's tokens, with the escapes in its literal text undone."""
        for token in stream:
            if token.type == "data" and "_" in token.value:
                value = token.value
                for escaped, tag in LITERAL_TAGS.items():
                    value = value.replace(escaped, tag)
                token = Token(token.lineno, token.type, value)
            yield token
