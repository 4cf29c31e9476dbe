"""The README's example: a short Kế hoạch built in Python and rendered with the built-in template.

The commune and signer are those of the reference plan (examples/ke_hoach_cchc_2022.yaml), in 2022;
the plan itself is an illustration.

python examples/quick_start.py out/quick_start.docx
"""

import sys
from datetime import date

import vanban as vb

ubnd = vb.CoQuan(
    ten="Ủy ban nhân dân xã Gia Lương",
    ten_dong=["Ủy ban nhân dân", "xã Gia Lương"],
    viet_tat="UBND",
    dia_danh="Gia Lương",
)
kh = vb.KeHoach(
    co_quan=ubnd,
    so=52,
    ngay=date(2022, 2, 10),
    trich_yeu="Tuyên truyền cải cách hành chính năm 2022",
    noi_dung=[
        vb.Muc("Mục đích, yêu cầu", [vb.Khoan("Mục đích", [vb.Y("Nâng cao nhận thức về CCHC.")])]),
        vb.Muc("Tổ chức thực hiện", ["Công chức Văn phòng - Thống kê theo dõi, báo cáo."]),
    ],
    noi_nhan=[
        vb.NoiNhan("Lãnh đạo UBND xã"),
        vb.NoiNhan("Phòng Văn hóa - Xã hội", muc_dich="để thực hiện"),
    ],
    luu="VP",
    chu_ky=vb.ChuKy.thay_mat("Ủy ban nhân dân", chuc_vu="Chủ tịch", ho_ten="Đoàn Thanh Bình"),
)
print(kh.so_ky_hieu_in, "|", kh.ngay_thang_in)  # 52/KH-UBND | ngày 10 tháng 02 năm 2022
path = vb.render(kh).save(sys.argv[1] if len(sys.argv) > 1 else "quick_start.docx")
print("wrote", path)
