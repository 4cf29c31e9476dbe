"""The font fontconfig gives, as LibreOffice and the electronic copy's box find theirs."""

from __future__ import annotations

import shutil

import pytest

from vanban.fonts import installed_font


@pytest.mark.skipif(shutil.which("fc-match") is None, reason="no fontconfig (fc-match) here")
def test_a_family_is_given_with_its_file() -> None:
    found = installed_font("Times New Roman")
    assert found is not None and found.family  # Times New Roman, or the substitute LibreOffice uses
    assert found.file is not None and found.file.is_file()


def test_without_fontconfig_nothing_is_claimed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    assert installed_font("Times New Roman") is None
