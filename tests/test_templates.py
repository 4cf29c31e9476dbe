"""Templates as code: the committed templates are exactly what templates/build.py builds."""

from __future__ import annotations

import importlib.util
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

from vanban import builtin_template

from .conftest import ROOT


def load_builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "template_builder", ROOT / "templates" / "build.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["ke_hoach.docx", "bao_cao.docx"])
def test_committed_templates_match_the_builder(name: str, tmp_path: Path) -> None:
    builder = load_builder()
    builder.main(tmp_path)
    built = (tmp_path / name).read_bytes()
    shipped = builtin_template(name.removesuffix(".docx")).read_bytes()
    assert built == shipped, f"run `make templates`: src/vanban/templates/{name} is stale"


def test_builder_is_reproducible(tmp_path: Path) -> None:
    builder = load_builder()
    assert builder.build(kinh_gui=False) == builder.build(kinh_gui=False)
    data = builder.build(kinh_gui=True)
    (tmp_path / "t.docx").write_bytes(data)
    with zipfile.ZipFile(tmp_path / "t.docx") as archive:
        assert archive.testzip() is None
        core = archive.read("docProps/core.xml").decode()
    assert "python-docx" not in core
