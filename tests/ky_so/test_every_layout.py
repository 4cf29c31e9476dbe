"""The signature's place and the blanks on a draft of every example (Mẫu 1.1–1.8 and 1.10): the
title lines and the name found on the page are the model's own (ô 7a, 7b), and each draft has its
number and date blanks, on page 1 and on any page that repeats them (Mẫu 1.3's attached text, a
Phụ lục's "(Kèm theo …)"). A Biên bản (Mẫu 1.9) signs in columns under the text, Nơi nhận under
the Thư ký: a place per column, in reading order, and the number's blank only (no date line);
its signing is tested in test_bien_ban.py."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import vanban as vb
from vanban.ky_so.vi_tri import blanks, signature_place, signature_places
from vanban.models.mau_1_9 import BienBan
from vanban.models.van_ban import VanBan
from vanban.pdf import PdfConverter

from ..conftest import EXAMPLES

YAMLS = sorted(EXAMPLES.glob("*.yaml"))


@pytest.fixture(scope="module")
def drafts_of_every_example(
    converter: PdfConverter, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[VanBan, bytes]]:
    folder = tmp_path_factory.mktemp("every")
    made = {}
    for path in YAMLS:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        draft = vb.from_dict({k: v for k, v in data.items() if k not in ("so", "ngay")})
        docx = vb.render(draft).save(folder / f"{path.stem}.docx")
        made[path.stem] = (draft, converter.convert(docx).read_bytes())
    return made


def test_there_are_examples_of_every_layout() -> None:
    layouts = {vb.builtin_template(vb.load(path).loai).name for path in YAMLS}
    shipped = {path.name for path in vb.builtin_template("ke_hoach").parent.glob("mau_*.docx")}
    assert layouts == shipped - {"mau_1_3_kem_theo.docx"}  # Mẫu 1.3: a Quyết định's attachment


@pytest.mark.parametrize("path", YAMLS, ids=lambda path: Path(path).stem)
def test_place_and_blanks(
    drafts_of_every_example: dict[str, tuple[VanBan, bytes]], path: Path
) -> None:
    draft, pdf = drafts_of_every_example[path.stem]
    if isinstance(draft, BienBan):  # THƯ KÝ, CHỦ TỌA: a place per column (Mẫu 1.9)
        places = signature_places(pdf)
        assert [
            ([line.text.strip() for line in p.titles], p.name.text.strip()) for p in places
        ] == [(column["dong"], column["ho_ten"]) for column in draft.cot_chu_ky()]
        assert [blank.kind for blank in blanks(pdf)] == ["so"]  # no date line
        return
    place = signature_place(pdf)
    assert [line.text.strip() for line in place.titles] == draft.chu_ky.dong
    assert place.name.text.strip() == draft.chu_ky.ho_ten
    assert place.rect.height > 40
    kinds = [blank.kind for blank in blanks(pdf)]
    assert kinds[:4] == ["so", "ngay", "thang", "nam"]
    assert len(kinds) % 4 == 0 and kinds == ["so", "ngay", "thang", "nam"] * (len(kinds) // 4)
