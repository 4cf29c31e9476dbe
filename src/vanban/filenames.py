"""Safe, unique file names from a pattern over a row: "{so}-{ho_ten}.docx".

A name pattern is vanban's own small language, not ``str.format``: ``{field}`` puts a field's
plain value, ``{co_quan.ten}`` or ``{noi_nhan.0}`` a nested one (dotted keys and list positions,
nothing else), ``{_stt:05d}`` a whole number padded with zeros to at most 9 digits, and ``{{`` /
``}}`` a literal brace. There is no attribute access, no indexing by expression and no other format
spec, so a pattern can neither reach into Python objects nor build a huge string.

A name never holds a path separator, "..", a character Windows forbids (< > : " | ? *), a control
or invisible format character (bidi overrides, zero-width spaces), a trailing dot or space, or a
reserved device name (CON, NUL, COM1, COM¹, CONIN$ ...); it is at most :data:`MAX_BYTES` bytes of
UTF-8 before its extension; Vietnamese letters stay unless ASCII folding is asked for ("Đoàn Thanh
Bình" -> "Doan Thanh Binh").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from vanban.errors import VanBanError
from vanban.text.dau import bo_dau

_FORBIDDEN = re.compile(r'[<>:"|?*\x00-\x1f\x7f-\x9f]')
_SEPARATORS = re.compile(r"[/\\]")
# Device names Windows reserves with or without an extension, in any case, and also with spaces
# before the extension ("nul .txt"): "Naming Files, Paths, and Namespaces", learn.microsoft.com/
# windows/win32/fileio/naming-a-file (CON, PRN, AUX, NUL, COM0-9, COM¹²³, LPT0-9, LPT¹²³), and
# CreateFile, section "Consoles", learn.microsoft.com/windows/win32/api/fileapi/nf-fileapi-createfilea
# (CONIN$, CONOUT$). CLOCK$, a device name of older Windows, is avoided too: prefixing costs nothing.
_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$"}
    | {f"{port}{digit}" for port in ("COM", "LPT") for digit in "0123456789\u00b9\u00b2\u00b3"}
)
MAX_BYTES = 200
"""Longest stem (the name before its extension), in bytes of UTF-8; file systems allow 255."""
MAX_WIDTH = 9
"""Widest zero-padding a pattern may ask for: ``{_stt:09d}``."""


class PatternError(VanBanError, ValueError):
    """A name pattern that cannot be read, or that a row cannot fill; ``field`` names the field."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class _Field:
    path: tuple[str, ...]
    width: int  # 0: the value as it is; 1-9: a whole number padded with zeros

    @property
    def name(self) -> str:
        return ".".join(self.path)


_KEY = re.compile(r"(?!__)[^.{}:!\[\]\s](?:[^.{}:!\[\]]*[^.{}:!\[\]\s])?")
"""One key of a field's path: text without ". : ! [ ]", braces, surrounding spaces or a leading
"__" (Python's names, never data)."""


class NamePattern:
    """A parsed file-name pattern; :meth:`fill` makes a row's name.

    >>> NamePattern("{_stt:04d}-{ho_ten}.docx").fill({"_stt": 7, "ho_ten": "Bình"})
    '0007-Bình.docx'
    """

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._parts: list[str | _Field] = _parse(pattern)

    @property
    def fields(self) -> tuple[str, ...]:
        """The top-level field names the pattern uses, in order, each once."""
        names: dict[str, None] = {}
        for part in self._parts:
            if isinstance(part, _Field):
                names[part.path[0]] = None
        return tuple(names)

    def check(self, available: Collection[str], *, where: str) -> None:
        """Refuse, once, a pattern that uses a field ``available`` lacks (``where``: "the header")."""
        missing = [name for name in self.fields if name not in available]
        if missing:
            shown = ", ".join(sorted(str(a) for a in available)) or "none"
            raise PatternError(
                f"the name pattern {self.pattern!r} uses {', '.join(map(repr, missing))}, which "
                f"{where} lacks; its fields: {shown}"
            )

    def fill(self, row: Mapping[str, Any]) -> str:
        """The pattern filled from ``row``; a missing or non-plain value raises PatternError."""
        out: list[str] = []
        for part in self._parts:
            if isinstance(part, str):
                out.append(part)
                continue
            value = _lookup(row, part.path)
            if value is None or value == "":
                raise PatternError(
                    f"the name pattern {self.pattern!r} uses {part.name!r}, which the row lacks",
                    part.name,
                )
            out.append(_text(value, part, self.pattern)[: MAX_BYTES + 1])
        return "".join(out)

    def __repr__(self) -> str:
        return f"NamePattern({self.pattern!r})"


def fill(pattern: str, row: Mapping[str, Any]) -> str:
    """``pattern`` filled from ``row`` (see :class:`NamePattern`)."""
    return NamePattern(pattern).fill(row)


def _parse(pattern: str) -> list[str | _Field]:
    parts: list[str | _Field] = []
    literal: list[str] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char in "{}" and pattern[i : i + 2] in ("{{", "}}"):
            literal.append(char)
            i += 2
            continue
        if char == "}":
            raise PatternError(f"the name pattern {pattern!r} has a '}}' without its '{{'")
        if char != "{":
            literal.append(char)
            i += 1
            continue
        end = pattern.find("}", i)
        if end < 0:
            raise PatternError(f"the name pattern {pattern!r} has a '{{' without its '}}'")
        if literal:
            parts.append("".join(literal))
            literal = []
        parts.append(_field(pattern[i + 1 : end], pattern))
        i = end + 1
    if literal:
        parts.append("".join(literal))
    return parts


def _field(text: str, pattern: str) -> _Field:
    name, colon, spec = text.partition(":")
    path = tuple(name.split("."))
    if not all(_KEY.fullmatch(key) for key in path) or path[0].isdigit():
        raise PatternError(
            f"the name pattern {pattern!r} has {{{text}}}: a field is a name, or dotted names and "
            "list positions ({co_quan.ten}, {noi_nhan.0}); nothing else"
        )
    width = 0
    if colon:
        match = re.fullmatch(r"0([1-9])d", spec)
        if match is None:
            raise PatternError(
                f"the name pattern {pattern!r} has {{{text}}}: the only format is zero-padding a "
                f"whole number to at most {MAX_WIDTH} digits, as in {{{name}:05d}}"
            )
        width = int(match.group(1))
    return _Field(path, width)


def _lookup(row: Mapping[str, Any], path: Sequence[str]) -> Any:
    value: Any = row
    for key in path:
        if isinstance(value, Mapping):
            value = value.get(key)
        elif isinstance(value, list | tuple) and key.isdigit() and int(key) < len(value):
            value = value[int(key)]
        else:
            return None
        if value is None:
            return None
    return value


def _text(value: Any, field: _Field, pattern: str) -> str:
    if field.width:
        number = _whole(value)
        if number is None:
            raise PatternError(
                f"the name pattern {pattern!r} pads {field.name!r} with zeros, but its value "
                f"{_short(value)} is not a whole number",
                field.name,
            )
        return f"{number:0{field.width}d}"
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal | date):
        raise PatternError(
            f"the name pattern {pattern!r} uses {field.name!r}, whose value {_short(value)} is not "
            "plain text, a number or a date",
            field.name,
        )
    return value.isoformat() if isinstance(value, date) else str(value)


def _whole(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value.strip()[:40])  # a CSV cell "7"; long enough for any real number
    return None


def _short(value: Any) -> str:
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _visible(char: str) -> bool:
    """False for invisible format characters (Unicode category Cf): bidi controls U+202A-202E,
    U+2066-2069, U+200E/U+200F, U+061C; zero-width U+200B-200D, U+2060, U+FEFF; soft hyphen."""
    return unicodedata.category(char) != "Cf"


def safe_filename(name: str, *, ascii_only: bool = False, extension: str = ".docx") -> str:
    """A file name that is safe on every common file system; ``extension`` is added if missing."""
    name = unicodedata.normalize("NFC", name)
    name = "".join(char for char in name if _visible(char))
    if ascii_only:
        name = bo_dau(name).replace("đ", "d").replace("Đ", "D")
        name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    name = _SEPARATORS.sub("-", name)
    name = _FORBIDDEN.sub("_", name)
    name = " ".join(name.split())
    stem = name[: -len(extension)] if name.lower().endswith(extension) else name
    stem = stem.strip(" .") or "_"
    while ".." in stem:
        stem = stem.replace("..", ".")
    encoded = stem.encode("utf-8")
    if len(encoded) > MAX_BYTES:
        stem = encoded[:MAX_BYTES].decode("utf-8", "ignore").rstrip(" .") or "_"
    if stem.partition(".")[0].rstrip(" ").upper() in _RESERVED:
        stem = "_" + stem
    return stem + extension


class UniqueNames:
    """Hands out names, adding " (2)", " (3)" ... to repeats (case-insensitively).

    Linear in the number of names: each base name keeps the next number to try, so 30 000
    identical names cost 30 000 steps, not 450 million.
    """

    def __init__(self) -> None:
        self._used: set[str] = set()
        self._next: dict[str, int] = {}

    def take(self, name: str) -> str:
        """``name``, or its first free numbered form; never handed out twice."""
        key = name.casefold()
        if key not in self._used:
            self._used.add(key)
            return name
        stem, dot, ext = name.rpartition(".")
        if not dot:
            stem, ext = name, ""
        n = self._next.get(key, 2)
        candidate = f"{stem} ({n}){dot}{ext}"
        while candidate.casefold() in self._used:
            n += 1
            candidate = f"{stem} ({n}){dot}{ext}"
        self._next[key] = n + 1
        self._used.add(candidate.casefold())
        return candidate

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.casefold() in self._used
