"""The văn thư's year: the demo's documents of the commune numbered at issue, and the register book.

    python examples/so_dang_ky_2022.py [OUT_DIR]

The four documents of Ủy ban nhân dân xã Gia Lương among the examples (the plan, the decision,
the quarterly report and the Tờ trình) are taken as drafts, without their typed numbers and dates,
and issued in the order of their dates into a fresh register: each takes the next number of the
year's series (01 on 1 January, NĐ 30/2020, Điều 15.1) and its line in the Sổ đăng ký văn bản đi
(Điều 16; Phụ lục IV). One number is reserved for a document that is then not issued, and
cancelled: it stays in the book, marked. Each numbered document is rendered, and the book is
printed as .docx and .xlsx (Điều 16.2.b: a register kept in software is printed and bound);
`make demo` turns the .docx into PDF with the rest.
"""

import sys
from datetime import date
from pathlib import Path

import yaml

import vanban as vb
from vanban.filenames import safe_filename
from vanban.register.book import export_register

EXAMPLES = Path(__file__).parent
DRAFTS = [  # (data file, issue date): the dates the examples carry, in order
    ("ke_hoach_cchc_2022.yaml", date(2022, 1, 29)),
    ("quyet_dinh_phe_duyet_ke_hoach.yaml", date(2022, 2, 10)),
    ("bao_cao_cchc_quy_1_2022.yaml", date(2022, 3, 15)),
    ("to_trinh_kinh_phi_cchc_2022.yaml", date(2022, 4, 5)),
]


def draft(name: str) -> vb.VanBan:
    """The example as a draft: its number and date left out, for the register to give."""
    data = yaml.safe_load((EXAMPLES / name).read_text(encoding="utf-8"))
    return vb.from_dict({key: value for key, value in data.items() if key not in ("so", "ngay")})


def main(out: Path) -> list[Path]:
    """Issue the year's documents into ``out``/so-dang-ky-2022.db and write what they make."""
    out.mkdir(parents=True, exist_ok=True)
    database = out / "so-dang-ky-2022.db"
    for old in out.glob("so-dang-ky-2022.db*"):  # this script's own output of an earlier run
        old.unlink()
    written: list[Path] = []
    first = draft(DRAFTS[0][0])
    with vb.Register.create(database, co_quan=first.co_quan) as so:
        for name, ngay in DRAFTS:
            if name.startswith("bao_cao"):  # a number held for a Thông báo never issued
                held = so.reserve(ngay=date(2022, 3, 1), ghi_chu="thông báo lịch tiếp công dân")
                so.cancel(held.so_ky_hieu, nam=2022, ly_do="không ban hành")
            issued = so.issue(draft(name), ngay=ngay)
            # 01/KH-UBND -> out/so-dang-ky-01-KH-UBND.docx
            target = out / f"so-dang-ky-{safe_filename(issued.ten_so_ky_hieu)}"
            written.append(vb.render(issued).save(target))
        for suffix in (".docx", ".xlsx"):
            book = out / f"so-dang-ky-van-ban-di-2022{suffix}"
            written.append(export_register(so, 2022, book, overwrite=True))
    return written


if __name__ == "__main__":
    for path in main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("out")):
        print(path)
