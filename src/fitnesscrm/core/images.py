"""Decoding uploaded images safely with Pillow, for every domain that takes pictures (progress photos, the
business logo). The type comes from the bytes (never the name or the declared type), the pixel count is
checked before any pixel is decoded, and the EXIF orientation is applied so the picture stays upright.
Callers re-encode from the pixels alone, so no metadata (EXIF with GPS, XMP, ICC, comments) survives."""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import DomainError

ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
DECODE_ERRORS = (
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    UnidentifiedImageError,
    Image.DecompressionBombError,
    Image.DecompressionBombWarning,
)


class UnsupportedImage(DomainError):
    status, title, type_slug = 415, "Unsupported media type", "unsupported-media-type"


class PayloadTooLarge(DomainError):
    status, title, type_slug = 413, "Payload too large", "payload-too-large"


def decode(data: bytes, *, what: str, max_pixels: int) -> Image.Image:
    """The upright image in ``data``, fully loaded; 415 for anything but a readable JPEG, PNG or WebP, 413 for
    more than ``max_pixels``. ``what`` names the upload in the messages ("photo", "logo")."""
    not_an_image = UnsupportedImage(
        f"This file is not an image we can read: upload a JPEG, PNG or WebP {what} (the content is checked, "
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
                        f"{kind} images are not accepted: upload a JPEG, PNG or WebP {what}.",
                        errors=[{"field": "file", "message": f"{kind} is not accepted."}],
                    )
                if probe.width * probe.height > max_pixels:
                    raise PayloadTooLarge(f"The {what} has too many pixels (at most {max_pixels / 1_000_000:g} MP).")
                probe.verify()
            with Image.open(io.BytesIO(data)) as source:
                upright = ImageOps.exif_transpose(source)
                upright.load()
                return upright
        except DECODE_ERRORS:
            raise not_an_image from None


def pixels_only(image: Image.Image, mode: str) -> Image.Image:
    """A new image of ``mode`` ("RGB" or "RGBA") made from the pixel data alone: nothing in ``info`` survives.
    For RGB, transparency is flattened onto white."""
    if mode == "RGB" and (image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info)):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        image = flat
    elif image.mode != mode:
        image = image.convert(mode)
    return Image.frombytes(mode, image.size, image.tobytes())
