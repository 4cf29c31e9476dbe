"""The signature and seal images of the tests, drawn with Pillow: a blue scribble and a red ring,
each on a transparent background (NĐ 30/2020, Phụ lục I, mục II.7.d, II.8.a)."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

BLUE = (0, 0, 200, 255)
RED = (220, 0, 0, 255)


def signature_png(width: int = 600, height: int = 240) -> bytes:
    """A blue stroke across the image, transparent elsewhere."""
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    points = [
        (x, int(height / 2 + (height / 3) * ((x // 40) % 2 * 2 - 1)))
        for x in range(20, width - 19, 40)
    ]
    draw.line(points, fill=BLUE, width=12)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def seal_png(side: int = 400) -> bytes:
    """A red ring with a red star-less centre disc, transparent outside the ring."""
    image = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((4, 4, side - 4, side - 4), outline=RED, width=16)
    draw.ellipse((side // 3, side // 3, 2 * side // 3, 2 * side // 3), fill=RED)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
