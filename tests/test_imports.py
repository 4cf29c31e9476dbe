"""Cold start: ``import vanban`` and ``vanban render`` load only what a render needs.

Batches (process pools), the working-day calendar's holiday tables, spreadsheets, PDF and the
LibreOffice bridge are imported when first used (docs/performance.md, Cold start). Each check runs
in a fresh interpreter, so what other tests imported does not count.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import vanban as vb

from .conftest import KE_HOACH_YAML

HEAVY = (
    "holidays",
    "openpyxl",
    "pypdf",
    "vanban.pdf",
    "vanban.pdf_bridge",
    "vanban.batching",
    "concurrent.futures.process",
    "multiprocessing",
    "vanban.kiem_tra.rules",
    "vanban.kiem_tra.sua",
)


def loaded_after(code: str) -> list[str]:
    """The modules of :data:`HEAVY` a fresh interpreter holds after running ``code``."""
    probe = (
        f"{code}\nimport json, sys\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], check=True, capture_output=True, text=True
    )
    loaded: list[str] = json.loads(result.stdout.strip().splitlines()[-1])
    return loaded


def test_import_vanban_loads_nothing_a_render_does_not_need() -> None:
    assert loaded_after("import vanban") == []


def test_vanban_render_loads_nothing_it_does_not_need(tmp_path: Path) -> None:
    out = tmp_path / "x.docx"
    code = (
        "from vanban.cli import main\n"
        f"assert main(['render', {str(KE_HOACH_YAML)!r}, '-o', {str(out)!r}]) == 0"
    )
    assert loaded_after(code) == []
    assert out.stat().st_size > 0


def test_the_probe_sees_a_heavy_import() -> None:
    assert loaded_after("import vanban; vanban.batch") == [
        "vanban.batching",
        "concurrent.futures.process",
        "multiprocessing",
    ]
    assert "holidays" in loaded_after("import vanban; vanban.LichLamViec()")
    assert loaded_after("import vanban.kiem_tra; vanban.kiem_tra.check") == [
        "vanban.kiem_tra.rules"
    ]


def test_lazy_names_are_the_modules_own() -> None:
    from vanban import batching, lich

    assert vb.batch is batching.batch
    assert vb.BatchReport is batching.BatchReport
    assert vb.LichLamViec is lich.LichLamViec
    assert vb.tet is lich.tet
    assert set(vb.__all__) <= set(dir(vb))
    for name in vb.__all__:
        assert getattr(vb, name) is not None
    with pytest.raises(AttributeError, match="module 'vanban' has no attribute 'bacth'"):
        vb.bacth  # noqa: B018
