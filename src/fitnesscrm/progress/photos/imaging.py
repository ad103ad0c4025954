"""Photo processing with Pillow: the type comes from the bytes (never the name or the declared type), every
piece of metadata (EXIF with GPS, XMP, ICC, comments) is dropped by re-encoding the pixels alone as JPEG,
the EXIF orientation is applied first so the picture stays upright, and a small thumbnail is made."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from ...core.errors import DomainError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_PIXELS = 50_000_000  # 50 MP: beyond any phone camera, below decompression-bomb territory
FULL_MAX_EDGE = 2560  # stored size; enough for a side-by-side comparison on a large screen
THUMB_MAX_EDGE = 320
DECODE_ERRORS = (
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    Image.DecompressionBombError,
    Image.DecompressionBombWarning,
)


class UnsupportedImage(DomainError):
    status, title, type_slug = 415, "Unsupported media type", "unsupported-media-type"


class PayloadTooLarge(DomainError):
    status, title, type_slug = 413, "Payload too large", "payload-too-large"


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


def _pixels_only(image: Image.Image) -> Image.Image:
    """A new RGB image made from the pixel data alone: nothing in ``info`` (EXIF, XMP, ICC…) survives."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        image = flat
    elif image.mode != "RGB":
        image = image.convert("RGB")
    return Image.frombytes("RGB", image.size, image.tobytes())


def process(data: bytes) -> Processed:
    not_an_image = UnsupportedImage(
        "This file is not a photo we can read: upload a JPEG, PNG or WebP image (the content is checked, "
        "not the file name).",
        errors=[{"field": "file", "message": "Not a JPEG, PNG or WebP image."}],
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as probe:
                kind = probe.format
                if kind not in ACCEPTED_FORMATS:
                    raise UnsupportedImage(
                        f"{kind} images are not accepted: upload a JPEG, PNG or WebP photo.",
                        errors=[{"field": "file", "message": f"{kind} is not accepted."}],
                    )
                if probe.width * probe.height > MAX_PIXELS:
                    raise PayloadTooLarge(f"The photo has too many pixels (at most {MAX_PIXELS // 1_000_000} MP).")
                probe.verify()
            with Image.open(io.BytesIO(data)) as source:
                upright = ImageOps.exif_transpose(source)
                clean = _pixels_only(upright)
        except UnidentifiedImageError:
            raise not_an_image from None
        except DECODE_ERRORS:
            raise not_an_image from None
    clean.thumbnail((FULL_MAX_EDGE, FULL_MAX_EDGE), Image.Resampling.LANCZOS)
    thumb = clean.copy()
    thumb.thumbnail((THUMB_MAX_EDGE, THUMB_MAX_EDGE), Image.Resampling.LANCZOS)
    return Processed(full=_jpeg(clean, 85), thumbnail=_jpeg(thumb, 80), width=clean.width, height=clean.height)
