"""Made-up but camera-like images for the sample audit: photos, signatures, a logo."""

from __future__ import annotations

import io
import math
import random

from PIL import Image, ImageDraw


def make_photo(
    number: int, label: str, rng: random.Random, size: tuple[int, int] = (1600, 1200)
) -> bytes:
    """A camera-like JPEG: shaded background, shapes and grain, so it compresses like a photo."""
    base = tuple(rng.randrange(90, 200) for _ in range(3))
    image = Image.new("RGB", size, base)
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        r = rng.randrange(60, 320)
        colour = tuple(rng.randrange(30, 250) for _ in range(3))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    draw.rectangle((40, 40, 900, 130), fill=(255, 255, 255))
    draw.text((60, 70), f"Sample photo {number + 1}: {label}"[:80], fill=(0, 0, 0))
    grain = Image.effect_noise(size, 24).convert("RGB")
    image = Image.blend(image, grain, 0.12)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def signature_png(name: str, rng: random.Random) -> bytes:
    image = Image.new("RGBA", (600, 180), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    points = []
    for step in range(120):
        t = step / 119
        x = 30 + 540 * t
        y = 95 + 45 * math.sin(t * (8 + len(name) % 5) + rng.random() * 0.3) * (1 - t * 0.4)
        points.append((x, y))
    draw.line(points, fill=(20, 30, 90, 255), width=4, joint="curve")
    draw.line([(40, 150), (420, 146)], fill=(20, 30, 90, 255), width=2)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def logo_png(text: str = "SHA") -> bytes:
    """A plain emblem for the sample's made-up agency: a navy disc with its initials."""
    image = Image.new("RGBA", (240, 240), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, 232, 232), fill=(22, 44, 92, 255))
    draw.ellipse((26, 26, 214, 214), outline=(255, 255, 255, 255), width=5)
    draw.text((78, 104), text, fill=(255, 255, 255, 255), font_size=40)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()
