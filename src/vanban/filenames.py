"""Safe, unique file names from a pattern over a row: "{so}-{ho_ten}.docx".

A name never holds a path separator, "..", a character Windows forbids (< > : " | ? *), a control
character, a trailing dot or space, or a reserved device name (CON, NUL, COM1 ...); Vietnamese
letters stay unless ASCII folding is asked for ("Đoàn Thanh Bình" -> "Doan Thanh Binh").
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Mapping
from typing import Any

from vanban.text.dau import bo_dau

_FORBIDDEN = re.compile(r'[<>:"|?*\x00-\x1f\x7f]')
_SEPARATORS = re.compile(r"[/\\]")
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$", re.IGNORECASE)
MAX_BYTES = 200


def fill(pattern: str, row: Mapping[str, Any]) -> str:
    """``pattern`` filled from ``row``; a missing field raises ValueError naming it."""
    formatter = string.Formatter()
    try:
        return formatter.vformat(pattern, (), _Row(row))
    except KeyError as error:
        raise ValueError(
            f"the name pattern {pattern!r} uses {error.args[0]!r}, which the row lacks"
        ) from None
    except (ValueError, IndexError, AttributeError) as error:
        raise ValueError(f"the name pattern {pattern!r} cannot be filled: {error}") from None


class _Row(dict[str, Any]):
    def __init__(self, row: Mapping[str, Any]) -> None:
        super().__init__(row)

    def __missing__(self, key: str) -> Any:
        raise KeyError(key)


def safe_filename(name: str, *, ascii_only: bool = False, extension: str = ".docx") -> str:
    """A file name that is safe on every common file system; ``extension`` is added if missing."""
    name = unicodedata.normalize("NFC", name)
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
    if _RESERVED.match(stem):
        stem = "_" + stem
    encoded = stem.encode("utf-8")
    if len(encoded) > MAX_BYTES:
        stem = encoded[:MAX_BYTES].decode("utf-8", "ignore").rstrip(" .")
    return stem + extension


class UniqueNames:
    """Hands out names, adding " (2)", " (3)" ... to repeats (case-insensitively)."""

    def __init__(self) -> None:
        self._used: set[str] = set()

    def take(self, name: str) -> str:
        stem, dot, ext = name.rpartition(".")
        candidate, n = name, 1
        while candidate.casefold() in self._used:
            n += 1
            candidate = f"{stem} ({n}){dot}{ext}"
        self._used.add(candidate.casefold())
        return candidate
