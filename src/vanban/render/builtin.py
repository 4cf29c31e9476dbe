"""vanban's built-in templates, shipped inside the package (src/vanban/templates).

There is one template per sample layout (Mẫu) of NĐ 30/2020, Phụ lục III, named after it:
``mau_1_4.docx`` serves the 17 kinds of Mẫu 1.4. A kind finds its template through its layouts
(``LoaiVanBan.mau``).
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from vanban.errors import TemplateError
from vanban.loai import LoaiVanBan

LAYOUT_NAME = re.compile(r"mau_\d+(?:_\d+)?(?:_kem_theo)?")
"""A layout's template name: "mau_1_4", "mau_1_10", and "mau_1_3_kem_theo" (Mẫu 1.3's attached
text as a file of its own); nothing else names a file (no path)."""


def layout_name(mau: str) -> str:
    """The template name of a sample layout: ``layout_name("1.4") == "mau_1_4"``."""
    return "mau_" + mau.replace(".", "_")


SHARED_TEMPLATES = {"1.1": "1.2", "1.3": "1.2"}
"""Layouts served by another's template: Mẫu 1.1 (Nghị quyết) and 1.3 (Quyết định with an
attached text) by ``mau_1_2.docx``; the samples differ only in a keyword and the attached text,
which the template places from the context."""


def _path(name: str) -> Path:
    return Path(str(resources.files("vanban") / "templates" / f"{name}.docx"))


def builtin_template(loai: LoaiVanBan | str) -> Path:
    """The path of vanban's built-in template for a kind or a layout.

    ``builtin_template("to_trinh")``, ``builtin_template("ke_hoach")`` and
    ``builtin_template("mau_1_4")`` are all ``.../templates/mau_1_4.docx``: the kinds of one
    layout share its template. A kind or layout vanban has no template for raises
    :class:`vanban.TemplateError` naming the layout; an unknown name, :class:`ValueError`.
    """
    if isinstance(loai, str) and LAYOUT_NAME.fullmatch(loai):
        if _path(loai).is_file():
            return _path(loai)
        raise TemplateError(f"vanban has no built-in template for layout {loai!r} yet")
    kind = LoaiVanBan.parse(loai)
    for mau in kind.mau:
        path = _path(layout_name(SHARED_TEMPLATES.get(mau, mau)))
        if path.is_file():
            return path
    if not kind.mau:
        raise TemplateError(
            f"vanban has no built-in template for {kind.ten} ({kind.value}): NĐ 30/2020, "
            "Phụ lục III has no sample layout for it"
        )
    raise TemplateError(
        f"vanban has no built-in template for {kind.ten} ({kind.value}) yet: it needs Mẫu "
        f"{', '.join(kind.mau)} of NĐ 30/2020, Phụ lục III"
    )
