"""Kỹ thuật trình bày (NĐ 30/2020, Điều 9; Phụ lục I, Phần I): the page, the type sizes and the
widths of text in Times New Roman. Pure data and arithmetic: the models (where a name breaks over
header lines), the template builder and the render layer (the rules' lengths) all read them here,
so the three cannot drift apart. Depends on nothing else of vanban but the text helpers.
"""
