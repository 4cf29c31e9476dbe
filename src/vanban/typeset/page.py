"""The page and type of the built-in templates, each value with the rule it follows.

All sizes come from NĐ 30/2020, Phụ lục I (phần I, mục I and II; the table of mục V). Where the decree
gives a range, vanban takes the size of the example column of that table (Phụ lục I, mục V), except
the issuing body, set at 13 (the top of its 12-13 range, as the agency lines of most commune
documents), and the margins, set at the low end of each range for the widest text area (the decree's
own Word file of Mẫu 1.4 uses 25/20/35/20 mm; both are within the rule). The decree's two samples
differ among themselves (the Word file of Mẫu 1.4 sets the motto and date line at 14), so no single
"sample value" exists. The template builder (templates/build.py) and the render layer (the rules'
lengths) both read these values, so they cannot drift apart.
"""

from __future__ import annotations

from typing import Final

FONT: Final = "Times New Roman"  # mục I.4: Times New Roman, Unicode (TCVN 6909:2001), black

# mục I.1-3: A4 portrait; margins top/bottom 20-25 mm, left 30-35 mm, right 15-20 mm.
PAGE_WIDTH_MM: Final = 210.0
PAGE_HEIGHT_MM: Final = 297.0
MARGIN_TOP_MM: Final = 20.0
MARGIN_BOTTOM_MM: Final = 20.0
MARGIN_LEFT_MM: Final = 30.0
MARGIN_RIGHT_MM: Final = 15.0
HEADER_DISTANCE_MM: Final = 10.0  # the page number sits inside the top margin (mục I.7)
TEXT_WIDTH_MM: Final = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM

# The header and signature grids are borderless two-column tables, as in Mẫu 1.4.
HEADER_LEFT_MM: Final = 63.0  # ô 2 / ô 3: issuing body, số ký hiệu
HEADER_RIGHT_MM: Final = TEXT_WIDTH_MM - HEADER_LEFT_MM  # ô 1 / ô 4: national title, date line
SIGN_LEFT_MM: Final = 75.0  # ô 9b: Nơi nhận
SIGN_RIGHT_MM: Final = TEXT_WIDTH_MM - SIGN_LEFT_MM  # ô 7a-7c: signature
CELL_MARGIN_MM: Final = 1.9  # Word's default left/right cell margin (0.19 cm)

# Sizes in points (mục II and the table of mục V).
SIZE_QUOC_HIEU: Final = 12.0  # 12-13, caps, bold (II.1.a)
SIZE_TIEU_NGU: Final = 13.0  # 13-14, bold, rule as long as the text under it (II.1.b)
SIZE_CO_QUAN: Final = 13.0  # 12-13, caps; the issuing body bold, rule 1/3-1/2 under it (II.2.b)
SIZE_SO_KY_HIEU: Final = 13.0  # 13 (II.3.c)
SIZE_DIA_DANH: Final = 13.0  # 13-14, italic (II.4.c)
SIZE_TEN_LOAI: Final = 14.0  # 13-14, caps, bold (II.5.b)
SIZE_TRICH_YEU: Final = 14.0  # 13-14, bold, rule 1/3-1/2 under it (II.5.b)
# Công văn: "V/v" + trích yếu under Số, 12-13, regular, centred, 6 pt below Số (II.5.b, ô 5b);
# 12 as the decree's own Word file of Mẫu 1.5 sets it.
SIZE_TRICH_YEU_CONG_VAN: Final = 12.0
V_V_SPACE_BEFORE_PT: Final = 6.0
# ô 13: address, e-mail, website, telephone, fax on page 1, 11-12, regular, under a solid rule
# across the text area (III.4); 11 as the Word file of Mẫu 1.5 sets it.
SIZE_LIEN_HE: Final = 11.0
SIZE_BODY: Final = 14.0  # 13-14 (II.6.e)
SIZE_BANG: Final = 13.0  # a table's cells: 13, the low end of the body's 13-14 (II.6.e)
# ô 10a, 10b, 11: độ mật, độ khẩn, phạm vi lưu hành, caps, bold, upright, 13-14, centred in a
# single-line rectangle 8 mm high (III.2.b, III.2.c); độ khẩn in bright red ink (III.2.b).
SIZE_DAU_CHI: Final = 13.0
DAU_CHI_HEIGHT_MM: Final = 8.0
DAU_CHI_PADDING_MM: Final = 3.0  # each side of a mark whose width the decree does not give
DAU_CHI_COLOR: Final = "FF0000"
SIZE_CHU_KY: Final = 14.0  # 13-14, caps bold titles, bold name (II.7.đ)
SIZE_NOI_NHAN_TITLE: Final = 12.0  # "Nơi nhận:" 12, bold italic (II.9.d)
SIZE_NOI_NHAN: Final = 11.0  # items 11 (II.9.d)
SIZE_PAGE_NUMBER: Final = 14.0  # 13-14, centred in the top margin, none on page 1 (I.7)
# Mẫu 1.10 (Phụ lục III): the confirmation box of the place of leave, under the signature on the
# left, 4004 twips (70.6 mm) wide, its lines italic at the sample's 11 pt (the Normal size of the
# decree's Word file), the name bold at 14 as the signer's.
XAC_NHAN_LEFT_MM: Final = 70.6
SIZE_XAC_NHAN: Final = 11.0

# Giấy giới thiệu: "<issuer> trân trọng giới thiệu:" stands apart from the rule above and the
# people below; the decree's Word file of Mẫu 1.8 puts an empty 14 pt line each side: 12 pt here.
GIOI_THIEU_SPACE_PT: Final = 12.0
BODY_FIRST_LINE_INDENT_CM: Final = 1.27  # 1 cm or 1.27 cm (II.6.e)
BODY_SPACE_AFTER_PT: Final = 6.0  # at least 6 pt between paragraphs (II.6.e)
BODY_LINE_SPACING: Final = 1.0  # single to 1.5 lines (II.6.e)

TIEU_NGU: Final = "Độc lập - Tự do - Hạnh phúc"
QUOC_HIEU: Final = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
KINH_GUI_INDENT_CM: Final = 3.0  # left edge of "Kính gửi:"; the "- " lines align under its colon
# Công điện: the recipients' "- " lines under "… điện:" start where the sample's do (Phụ lục III,
# Mẫu 1.6: a borderless table indented 1076 twips, its empty first column 2016, the cell margin
# 108; 3200 twips = 56.4 mm from the left edge of the text area).
NHAN_DIEN_INDENT_MM: Final = 3200 / 1440 * 25.4


def mm_to_pt(mm: float) -> float:
    """Millimetres to points."""
    return mm * 72 / 25.4
