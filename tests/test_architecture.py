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
