"""Generated demo illustrations (Pillow): calm, high-contrast shapes, one per theme or practice."""

import hashlib
import io

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model

PALETTE = [
    ("#0b4f6c", "#e8f1f5"),
    ("#5b2a86", "#f1eaf7"),
    ("#1d5c3a", "#e9f4ee"),
    ("#8a3b12", "#faefe8"),
    ("#264653", "#eef5f6"),
    ("#6d2e46", "#f7ecf0"),
]


def _draw(seed, width=960, height=600):
    digest = hashlib.sha256(seed.encode()).digest()
    dark, light = PALETTE[digest[0] % len(PALETTE)]
    img = PILImage.new("RGB", (width, height), light)
    draw = ImageDraw.Draw(img)
    for i in range(5):
        x = digest[1 + i] / 255 * width
        y = digest[6 + i] / 255 * height
        r = 60 + digest[11 + i] / 255 * 160
        draw.ellipse((x - r, y - r, x + r, y + r), outline=dark, width=10)
    draw.rectangle((0, height - 24, width, height), fill=dark)
    buffer = io.BytesIO()
    img.save(buffer, format="PNG", optimize=True)
    buffer.seek(0)
    return buffer


def demo_image(title, seed):
    """The demo image called `title`, created once (idempotent)."""
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    image = Image(title=title)
    image.file = ImageFile(_draw(seed), name=f"demo-{hashlib.sha1(seed.encode()).hexdigest()[:12]}.png")
    image.save()
    return image
