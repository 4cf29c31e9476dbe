"""A register's settings from a data file, for ``vanban register init``.

The file (YAML or JSON) names the body and, if the head of the body decided separate series
(NĐ 30/2020, Điều 15.1.c), the series::

    co_quan:
      ten: Ủy ban nhân dân xã Gia Lương
      viet_tat: UBND
      dia_danh: Gia Lương
    series:                      # optional; default: "chung" for all kinds, "mat" apart
      chung: {ten: Sổ văn bản đi}
      quyet_dinh: {ten: Sổ quyết định, loai: [quyet_dinh]}
      mat: {ten: Sổ văn bản mật đi, mat: true}

A document's data file also serves: its ``co_quan`` is taken, the rest ignored.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

import pydantic

from vanban.data_files import DataFileError, read_data
from vanban.errors import Problem, RegisterError, ValidationError
from vanban.loai import LoaiVanBan
from vanban.models.co_quan import CoQuan
from vanban.register.series import SeriesRule

_RULE_FIELDS = {"ten": str, "loai": list, "mat": bool, "co_quan": str, "ban_sao": bool}


def load_config(
    path: str | os.PathLike[str],
) -> tuple[CoQuan, dict[str, SeriesRule] | None]:
    """The body and the series (None: the default ones) of the settings file at ``path``.

    Errors name the file and the field: :class:`vanban.ValidationError` for the body,
    :class:`RegisterError` for the series.
    """
    source = os.fspath(path)
    try:
        data = read_data(path)
    except DataFileError as error:
        raise ValidationError(error.path, [Problem("", error.reason)]) from None
    if not isinstance(data, Mapping) or "co_quan" not in data:
        raise ValidationError(
            source, [Problem("co_quan", "field required — the body whose register this is")]
        )
    problems: list[Problem] = []
    if "loai" not in data:  # a document gives its body only; settings have nothing else
        problems += [
            Problem(str(key), "unknown field — a register's settings are co_quan and series")
            for key in sorted(set(map(str, data)) - {"co_quan", "series"})
        ]
    try:
        co_quan = CoQuan.model_validate(data["co_quan"])
    except pydantic.ValidationError as error:
        problems[:0] = _under("co_quan", ValidationError.from_pydantic("CoQuan", error).problems)
    except ValidationError as error:
        problems[:0] = _under("co_quan", error.problems)
    if problems:
        raise ValidationError(source, problems)
    if "loai" in data:
        return co_quan, None
    series = data.get("series")
    if series is None:
        return co_quan, None
    if not isinstance(series, Mapping) or not series:
        raise RegisterError(
            f"{source}: series: a mapping of names to rules, e.g. quyet_dinh: {{ten: Sổ quyết "
            "định, loai: [quyet_dinh]}"
        )
    return co_quan, {str(name): _rule(source, str(name), rule) for name, rule in series.items()}


def _under(field: str, problems: Sequence[Problem]) -> list[Problem]:
    return [Problem(f"{field}.{p.path}" if p.path else field, p.message) for p in problems]


def _rule(source: str, name: str, data: Any) -> SeriesRule:
    where = f"{source}: series.{name}"
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise RegisterError(f"{where}: a mapping of {', '.join(_RULE_FIELDS)}")
    for key, value in data.items():
        kind = _RULE_FIELDS.get(str(key))
        if kind is None:
            raise RegisterError(
                f"{where}.{key}: unknown field — a series has {', '.join(_RULE_FIELDS)}"
            )
        if not isinstance(value, kind):
            raise RegisterError(f"{where}.{key}: {value!r} is not a {kind.__name__}")
    try:
        loai = frozenset(LoaiVanBan.parse(str(kind)) for kind in data.get("loai", []))
    except ValueError as error:
        raise RegisterError(f"{where}.loai: {error}") from None
    return SeriesRule(
        ten=data.get("ten", ""),
        loai=loai,
        mat=data.get("mat", False),
        co_quan=data.get("co_quan"),
        ban_sao=data.get("ban_sao", False),
    )
