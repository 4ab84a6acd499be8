"""Draw the two Teams app icons (run once; the PNGs are committed, so Pillow is not a runtime need).

    .venv/bin/python -m manifest.icons

- color.png: 192x192, the bridge in white on the accent colour (full bleed; Teams rounds the corners).
- outline.png: 32x32, the same bridge in white on a transparent background (Teams tints it).
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
ACCENT = "#2B579A"
COLOR_SIZE = 192
OUTLINE_SIZE = 32
_SUPERSAMPLE = 8  # draw large, scale down: smooth edges without an anti-aliasing library


def _draw_bridge(draw: ImageDraw.ImageDraw, size: int, *, margin: float, stroke: float) -> None:
    """A suspension bridge: two towers, the cable arch between them and the deck below."""
    white = (255, 255, 255, 255)
    left, right = size * margin, size * (1 - margin)
    width = right - left
    deck_y = size * 0.66
    top_y = size * 0.26
    line = max(1, round(size * stroke))
    tower_x = (left + width * 0.22, left + width * 0.78)
    # Deck.
    draw.rounded_rectangle((left, deck_y, right, deck_y + line), radius=line / 2, fill=white)
    # Towers.
    for x in tower_x:
        draw.rounded_rectangle((x - line / 2, top_y, x + line / 2, size * 0.82), radius=line / 2, fill=white)
    # Main cable: hangs between the tower tops (the lower half of an ellipse).
    sag = size * 0.2
    draw.arc((tower_x[0], top_y - sag, tower_x[1], top_y + sag), start=0, end=180, fill=white, width=line)
    # Side cables down to the banks.
    draw.line((tower_x[0], top_y, left, deck_y), fill=white, width=line)
    draw.line((tower_x[1], top_y, right, deck_y), fill=white, width=line)
    # Hangers from the cable to the deck.
    centre, radius = (tower_x[0] + tower_x[1]) / 2, (tower_x[1] - tower_x[0]) / 2
    hanger = max(1, line // 2)
    for offset in (-0.5, 0.0, 0.5):
        x = centre + radius * offset
        cable_y = top_y + sag * math.sqrt(1 - offset**2)
        draw.line((x, cable_y, x, deck_y), fill=white, width=hanger)


def color_icon() -> Image.Image:
    big = COLOR_SIZE * _SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, big, big), fill=ACCENT)  # full bleed: Teams rounds the corners itself
    _draw_bridge(draw, big, margin=0.2, stroke=0.04)  # inside the 120x120 safe area
    return image.resize((COLOR_SIZE, COLOR_SIZE), Image.Resampling.LANCZOS).convert("RGB")


def outline_icon() -> Image.Image:
    big = OUTLINE_SIZE * _SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    _draw_bridge(ImageDraw.Draw(image), big, margin=0.04, stroke=0.085)
    small = image.resize((OUTLINE_SIZE, OUTLINE_SIZE), Image.Resampling.LANCZOS)
    # Teams wants pure white with transparency: keep only the alpha of the drawing.
    alpha = small.getchannel("A")
    white = Image.new("RGBA", small.size, (255, 255, 255, 0))
    white.putalpha(alpha)
    return white


def main() -> None:
    color_icon().save(HERE / "color.png", optimize=True)
    outline_icon().save(HERE / "outline.png", optimize=True)


if __name__ == "__main__":
    main()
