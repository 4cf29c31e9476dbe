"""vanban's built-in templates, shipped inside the package (src/vanban/templates)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from vanban.errors import TemplateError
from vanban.loai import LoaiVanBan


def builtin_template(loai: LoaiVanBan | str) -> Path:
    """The path of vanban's built-in template for a kind: ``builtin_template("ke_hoach")``."""
    kind = LoaiVanBan.parse(loai)
    path = Path(str(resources.files("vanban") / "templates" / f"{kind.value}.docx"))
    if not path.is_file():
        raise TemplateError(f"vanban has no built-in template for {kind.ten} ({kind.value}) yet")
    return path
