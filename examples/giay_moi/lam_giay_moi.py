"""One Giấy mời per guest: the shared invitation (chung.yaml) and the guest list (khach_moi.csv).

    python examples/giay_moi/lam_giay_moi.py [OUT_DIR]      # default: out/giay_moi

Each row of khach_moi.csv names one guest (column ``kinh_moi.0``: the one guest of ``kinh_moi``);
the rest comes from chung.yaml, which the batch lays each row over (``chung=``; on the command line
``vanban batch … --chung chung.yaml``). The numbering is the batch's: ``numbering="batch"`` gives
the whole batch one number and date from the register (out/giay_moi/so-dang-ky.db), each
invitation being a copy of one document sent to many (NĐ 30/2020, Điều 15.1 numbers documents, not
copies; Điều 17.1.a: the register's Số lượng bản is the number of copies made). An office that numbers each invitation would pass ``numbering="row"``.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import yaml

import vanban as vb

HERE = Path(__file__).resolve().parent
NGAY = date(2022, 12, 20)  # the issue date the register writes on every copy


def main(out_dir: Path) -> vb.BatchReport:
    """Render the invitations into ``out_dir``, numbered in the register there; print the summary."""
    out_dir.mkdir(parents=True, exist_ok=True)
    chung = yaml.safe_load((HERE / "chung.yaml").read_text(encoding="utf-8"))
    database = out_dir / "so-dang-ky.db"
    if database.exists():  # a later run takes the register's next number
        register = vb.Register(database)
    else:
        register = vb.Register.create(database, co_quan=vb.CoQuan(**chung["co_quan"]))
    with register:
        report = vb.batch(
            "giay_moi",
            HERE / "khach_moi.csv",
            out_dir / "giay_moi",
            chung=chung,
            kind="giay_moi",
            name="{_stt:03d}-{kinh_moi.0}.docx",
            register=register,
            numbering="batch",
            ngay=NGAY,
            workers=1,
        )
    print(report.summary())
    print("numbers:", ", ".join(str(number) for number in report.numbers))
    return report


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("out/giay_moi"))
