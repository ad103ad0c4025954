"""Progress photos: decoded through ``core.images``, re-encoded from the pixels alone as JPEG (so no metadata
survives), at a bounded size, with a small thumbnail."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image

from ...core.images import PayloadTooLarge, UnsupportedImage, decode, pixels_only

__all__ = ["MAX_PIXELS", "PayloadTooLarge", "Processed", "UnsupportedImage", "process"]

MAX_PIXELS = 24_000_000  # 24 MP: a phone camera's full resolution (most take 12), about 100 MB decoded at most
FULL_MAX_EDGE = 2560  # stored size; enough for a side-by-side comparison on a large screen
THUMB_MAX_EDGE = 320


@dataclass(frozen=True)
class Processed:
    full: bytes
    thumbnail: bytes
    width: int
    height: int


def _jpeg(image: Image.Image, quality: int) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return out.getvalue()


def process(data: bytes) -> Processed:
    clean = pixels_only(decode(data, what="photo", max_pixels=MAX_PIXELS, max_edge=FULL_MAX_EDGE), "RGB")
    thumb = clean.copy()
    thumb.thumbnail((THUMB_MAX_EDGE, THUMB_MAX_EDGE), Image.Resampling.LANCZOS)
    return Processed(full=_jpeg(clean, 85), thumbnail=_jpeg(thumb, 80), width=clean.width, height=clean.height)
