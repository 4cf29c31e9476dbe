"""The register of a body's outgoing documents (skeleton: the contract; bodies follow)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date
from types import TracebackType
from typing import Self, TypeVar

from vanban.models.co_quan import CoQuan
from vanban.models.van_ban import VanBan
from vanban.register.row import RegisterRow
from vanban.register.series import SeriesRule

D = TypeVar("D", bound=VanBan)


class Register:
    """A body's register of outgoing documents (Sổ đăng ký văn bản đi)."""

    co_quan: CoQuan

    def __init__(self, where: str | os.PathLike[str]) -> None:
        raise NotImplementedError

    @classmethod
    def create(
        cls,
        where: str | os.PathLike[str],
        *,
        co_quan: CoQuan,
        series: Mapping[str, SeriesRule] | None = None,
    ) -> Register:
        raise NotImplementedError

    def issue(
        self,
        document: D,
        *,
        ngay: date | None = None,
        series: str | None = None,
        allow_earlier: bool = False,
        so_ban: int | None = None,
        reserved: int | None = None,
    ) -> D:
        raise NotImplementedError

    def reserve(
        self, *, series: str | None = None, ngay: date | None = None, ghi_chu: str = ""
    ) -> RegisterRow:
        raise NotImplementedError

    def cancel(
        self, so_ky_hieu: str, *, nam: int, ly_do: str, series: str | None = None
    ) -> RegisterRow:
        raise NotImplementedError

    def recall(self, so_ky_hieu: str, *, nam: int, ly_do: str) -> RegisterRow:
        raise NotImplementedError

    def find(self, so_ky_hieu: str, *, nam: int, series: str | None = None) -> RegisterRow | None:
        raise NotImplementedError

    def rows(self, nam: int, series: str | None = None) -> list[RegisterRow]:
        raise NotImplementedError

    def series_names(self) -> list[str]:
        raise NotImplementedError

    def series_rules(self) -> dict[str, SeriesRule]:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
