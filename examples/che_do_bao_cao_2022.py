"""Part III of the reference plan (chế độ báo cáo), computed from NĐ 09/2019's windows instead of typed.

    python examples/che_do_bao_cao_2022.py

The four lines are exactly those of examples/ke_hoach_cchc_2022.yaml, part III.3 (a test checks it),
followed by each period's deadline: "trước ngày 16 của tháng cuối kỳ báo cáo", the 15th, moved to
the next working day when it falls on a day off (Bộ luật Dân sự 2015, Điều 148.5).
"""

import vanban as vb

lich = vb.LichLamViec()
PERIODS = [
    (vb.KyBaoCao.quy(1, 2022), None),
    (vb.KyBaoCao.sau_thang(1, 2022), None),
    (vb.KyBaoCao.quy(3, 2022), None),
    (vb.KyBaoCao.nam(2022), "tổng hợp năm 2022"),
]


def chot_so_lieu(ky: vb.KyBaoCao, ten: str | None = None) -> str:
    """One line of part III.3: "Báo cáo Quý I/2022: Thời gian chốt số liệu tính từ ngày ..."."""
    return f"Báo cáo {ten or ky.ten_ngan}: Thời gian chốt số liệu tính {ky.khoang}."


if __name__ == "__main__":
    for ky, ten in PERIODS:
        print(chot_so_lieu(ky, ten))
    print()
    for ky, _ in PERIODS:
        han = ky.han_gui(15, lich=lich)
        print(f"{ky.ten_ngan}: hạn gửi {vb.ngay_ngan(han, chu_ngay=True)} ({vb.thu(han)})")
