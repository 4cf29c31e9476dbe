"""Dependencies point one way (design.md, Layout): the text helpers know nothing of documents;
typesetting (page sizes, metrics) only of text; the models nothing of rendering; rendering nothing
of batches, PDF or the command line. Read from the modules' imports, also those inside functions."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = ROOT / "src" / "vanban"

# For each layer, the vanban modules it may not import (any import, at any depth of the file).
FORBIDDEN = {
    "text": ("vanban.models", "vanban.render", "vanban.typeset", "vanban.batching", "vanban.cli"),
    "typeset": ("vanban.models", "vanban.render", "vanban.batching", "vanban.cli", "vanban.pdf"),
    "models": ("vanban.render", "vanban.batching", "vanban.cli", "vanban.pdf"),
    "render": ("vanban.batching", "vanban.cli", "vanban.pdf"),
    "register": ("vanban.batching", "vanban.cli"),
    "kiem_tra": ("vanban.batching", "vanban.cli", "vanban.pdf", "vanban.models.van_ban"),
}


def imported(path: Path) -> set[str]:
    """Every module name ``path`` imports, wherever in the file the import stands."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_point_one_way(layer: str) -> None:
    files = sorted((PACKAGE / layer).glob("*.py"))
    assert files, layer
    wrong = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in files
        for name in sorted(imported(path))
        if name.startswith(FORBIDDEN[layer])
    ]
    assert wrong == []


def test_the_check_sees_imports_inside_functions(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from vanban.render import layout\n", encoding="utf-8")
    assert "vanban.render" in imported(module)


# Inside the models: the shared components know no document; the base document (van_ban.py) knows
# no layout; a layout module (mau_*.py) knows no other layout. A reader finds a layout's rules in
# its own file, and a new layout is added without touching the others.
COMPONENTS = ("base", "can_cu", "chu_ky", "co_quan", "noi_dung", "noi_nhan", "so_ky_hieu")
LAYOUT_MODULES = sorted(path.stem for path in (PACKAGE / "models").glob("mau_*.py"))


def test_model_modules_point_one_way() -> None:
    assert "mau_1_4" in LAYOUT_MODULES
    models = PACKAGE / "models"
    wrong = []
    for name in COMPONENTS:
        for module in sorted(imported(models / f"{name}.py")):
            if module.startswith(("vanban.models.van_ban", "vanban.models.mau_")):
                wrong.append(f"{name}.py imports {module}")
    for module in sorted(imported(models / "van_ban.py")):
        if module.startswith(("vanban.models.mau_", "vanban.models.kinds")):
            wrong.append(f"van_ban.py imports {module}")
    for layout in LAYOUT_MODULES:
        for module in sorted(imported(models / f"{layout}.py")):
            other = module.removeprefix("vanban.models.").split(".")[0]
            if (other.startswith("mau_") and other != layout) or other == "kinds":
                wrong.append(f"{layout}.py imports {module}")
    assert wrong == []
