"""Which class models each of NĐ 30's 29 document kinds, and why the others are not modelled yet.

The layout (Mẫu of Phụ lục III) is the unit of vanban's models and templates; the kind is data
(:class:`vanban.LoaiVanBan`, with its sample layouts in ``LoaiVanBan.mau``). A kind is modelled
when the module of its layout is: ``models/mau_1_1.py``, ``mau_1_2.py`` (1.2 and 1.3),
``mau_1_4.py``, ``mau_1_5.py``, ``mau_1_6.py``, ``mau_1_7.py``, ``mau_1_8.py``, ``mau_1_9.py``, ``mau_1_10.py``.
"""

from __future__ import annotations

from vanban.loai import LoaiVanBan
from vanban.models.mau_1_1 import NghiQuyet
from vanban.models.mau_1_2 import QuyetDinh
from vanban.models.mau_1_4 import KINDS_MAU_1_4
from vanban.models.mau_1_5 import KINDS_MAU_1_5
from vanban.models.mau_1_6 import KINDS_MAU_1_6
from vanban.models.mau_1_7 import KINDS_MAU_1_7
from vanban.models.mau_1_8 import KINDS_MAU_1_8
from vanban.models.mau_1_9 import KINDS_MAU_1_9
from vanban.models.mau_1_10 import KINDS_MAU_1_10
from vanban.models.van_ban import VanBan

_CLASSES: tuple[type[VanBan], ...] = (
    NghiQuyet,
    QuyetDinh,
    *KINDS_MAU_1_4,
    *KINDS_MAU_1_5,
    *KINDS_MAU_1_6,
    *KINDS_MAU_1_7,
    *KINDS_MAU_1_8,
    *KINDS_MAU_1_9,
    *KINDS_MAU_1_10,
)
_MODELS: dict[LoaiVanBan, type[VanBan]] = {cls.LOAI: cls for cls in _CLASSES}

KINDS: dict[LoaiVanBan, type[VanBan]] = {
    loai: _MODELS[loai] for loai in LoaiVanBan if loai in _MODELS
}
"""The document kinds vanban models, by kind, in the order of NĐ 30/2020, Điều 7."""


def mau_name(loai: LoaiVanBan) -> str:
    """The sample layouts of a kind as the decree names them: "Mẫu 1.2, 1.3"; "" when none."""
    return f"Mẫu {', '.join(loai.mau)}" if loai.mau else ""


def not_modelled(loai: LoaiVanBan) -> str:
    """Why vanban has no model for ``loai`` (one of NĐ 30's kinds): the layout it needs.

    >>> not_modelled(LoaiVanBan.HOP_DONG)
    "'hop_dong' (Hợp đồng) has no sample layout in NĐ 30/2020, Phụ lục III, and vanban does not model it yet"
    """
    if not loai.mau:
        return (
            f"{loai.value!r} ({loai.ten}) has no sample layout in NĐ 30/2020, Phụ lục III, and "
            "vanban does not model it yet"
        )
    return (
        f"{loai.value!r} ({loai.ten}) is laid out on {mau_name(loai)} of NĐ 30/2020, Phụ lục III, "
        "which vanban does not model yet"
    )
