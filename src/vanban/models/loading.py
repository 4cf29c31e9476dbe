"""Documents from plain data, YAML or JSON files, choosing the kind from the ``loai`` key."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from vanban.data_files import DataFileError, read_data
from vanban.errors import Problem, ValidationError
from vanban.loai import LoaiVanBan
from vanban.models.kinds import KINDS, not_modelled
from vanban.models.van_ban import VanBan

MODELLED: tuple[LoaiVanBan, ...] = tuple(KINDS)
"""The kinds vanban has a model for, in the order error messages list them."""


def kind_of(loai: str | LoaiVanBan) -> type[VanBan]:
    """The model class of a kind given by slug, name or abbreviation: ``kind_of("ke_hoach")``.

    An unknown value, or one of NĐ 30's 29 kinds that vanban does not model yet (the message
    names the layout it needs), raises :class:`ValueError` listing the modelled kinds (not all
    29: only those can be used).
    """
    modelled = ", ".join(k.value for k in MODELLED)
    try:
        if not isinstance(loai, str | LoaiVanBan):
            raise ValueError
        parsed = LoaiVanBan.parse(loai)
    except ValueError:
        raise ValueError(f"unknown document kind {loai!r}; modelled kinds: {modelled}") from None
    try:
        return KINDS[parsed]
    except KeyError:
        raise ValueError(f"{not_modelled(parsed)}; modelled kinds: {modelled}") from None


def from_dict(data: Mapping[str, Any], *, source: str = "data") -> VanBan:
    """Build the document a mapping describes; its ``loai`` key names the kind."""
    if not isinstance(data, Mapping):
        raise ValidationError(
            source, [Problem("", f"expected a mapping, got {type(data).__name__}")]
        )
    loai = data.get("loai")
    if loai is None:
        valid = ", ".join(k.value for k in MODELLED)
        raise ValidationError(source, [Problem("loai", f"missing — say which kind: {valid}")])
    try:
        cls = kind_of(loai)
    except ValueError as error:
        raise ValidationError(source, [Problem("loai", str(error))]) from None
    return cls.from_dict(data)


def load(path: str | Path) -> VanBan:
    """Read a document from a .yaml/.yml or .json file; errors name the file.

    A file that is not UTF-8, not YAML/JSON, or not a valid document raises
    :class:`vanban.ValidationError` naming the file (a date that does not exist, too: its field and
    value); a missing or unreadable file raises :class:`OSError`.
    """
    path = Path(path)
    try:
        data = read_data(path)
    except DataFileError as error:
        raise ValidationError(error.path, [Problem("", error.reason)]) from None
    try:
        return from_dict(data, source=str(path))
    except ValidationError as error:
        raise ValidationError(str(path), error.problems) from None
