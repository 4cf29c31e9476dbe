"""``vanban sign``, ``vanban issue`` and ``vanban verify`` on a rendered Công văn draft."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vanban.cli import main

from .conftest import BODY, CONG_VAN, PASSWORD, SIGNER_NAME, Chain
from .images import seal_png, signature_png


def test_sign_issue_verify(
    drafts: dict[str, bytes],
    chain: Chain,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    draft = tmp_path / "cv.pdf"
    draft.write_bytes(drafts[CONG_VAN])
    (tmp_path / "ky.png").write_bytes(signature_png())
    (tmp_path / "dau.png").write_bytes(seal_png())
    monkeypatch.setenv("KEY_PASSWORD", PASSWORD.decode())
    key = ["--password-env", "KEY_PASSWORD", "--key"]
    signed, issued = tmp_path / "cv-ky.pdf", tmp_path / "cv-ban-hanh.pdf"
    assert main(["sign", str(draft), "-o", str(signed), *key, str(chain.signer.p12),
                 "--image", str(tmp_path / "ky.png")]) == 0  # fmt: skip
    assert main(["issue", str(signed), "-o", str(issued), *key, str(chain.body.p12),
                 "--so", "3722", "--date", "2022-06-10", "--seal", str(tmp_path / "dau.png"),
                 "--diameter", "36"]) == 0  # fmt: skip
    capsys.readouterr()

    assert main(["verify", str(issued), "--trust", str(chain.root_pem)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"1. vb_chu_ky: {SIGNER_NAME}, {BODY}\n   signed: 20")
    assert "   changed after: FORM_FILLING (allowed)\n   => OK\n2. vb_dau: " + BODY + "\n" in out
    assert "+07:00" in out  # Vietnam's offset, ISO 8601

    assert main(["verify", str(issued), "--json"]) == 1  # no trusted root given
    rows = json.loads(capsys.readouterr().out)
    assert [(r["field"], r["trusted"], r["ok"]) for r in rows] == [
        ("vb_chu_ky", False, False),
        ("vb_dau", False, False),
    ]

    assert main(["verify", str(draft)]) == 1
    assert capsys.readouterr().out == f"{draft}: no signature\n"


def test_bad_input_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = tmp_path / "not.pdf"
    text.write_text("hello")
    assert main(["verify", str(text)]) == 2
    assert capsys.readouterr().err.startswith(f"vanban: {text}: not a readable PDF")
    assert main(["sign", str(text), "-o", str(text), "--key", str(text)]) == 2
    assert "not a PKCS#12 key" in capsys.readouterr().err


def test_a_file_that_is_not_a_pdf_is_named(
    chain: Chain,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = tmp_path / "not.pdf"
    text.write_text("hello")
    monkeypatch.setenv("KEY_PASSWORD", PASSWORD.decode())
    key = ["--key", str(chain.signer.p12), "--password-env", "KEY_PASSWORD"]
    for command in (["sign", str(text), "-o", str(tmp_path / "a.pdf"), *key],
                    ["issue", str(text), "-o", str(tmp_path / "b.pdf"), *key]):  # fmt: skip
        assert main(command) == 2
        assert capsys.readouterr().err.startswith("vanban: not a readable PDF")
    assert not (tmp_path / "a.pdf").exists() and not (tmp_path / "b.pdf").exists()
