"""Decoding uploaded images safely with Pillow, for every domain that takes pictures (progress photos, the
business logo). The type comes from the bytes (never the name or the declared type), the pixel count is
checked before any pixel is decoded, and the EXIF orientation is applied so the picture stays upright.
Callers re-encode from the pixels alone, so no metadata (EXIF with GPS, XMP, ICC, comments) survives.

Memory is bounded, because a small file can decode to a large picture (a 143 KB PNG of 7000 x 7000 took a worker
from 197 to 890 MB): the pixel cap keeps one decode under about 100 MB, a JPEG is decoded straight at the reduced
scale the caller keeps (``max_edge``: its DCT scaling, 1/2 to 1/8) and anything else is shrunk before any copy is
made, and each process decodes one upload at a time, so a burst of uploads queues instead of multiplying that."""

from __future__ import annotations

import io
import threading
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


# One full-size decode per process at a time (a gunicorn worker's threads share it): what bounds a worker's memory
# under a burst of uploads. Decoding a phone photo takes a few hundred milliseconds; others wait that long.
_DECODING = threading.BoundedSemaphore(1)


class UnsupportedImage(DomainError):
    status, title, type_slug = 415, "Unsupported media type", "unsupported-media-type"


class PayloadTooLarge(DomainError):
    status, title, type_slug = 413, "Payload too large", "payload-too-large"


def decode(data: bytes, *, what: str, max_pixels: int, max_edge: int | None = None) -> Image.Image:
    """The upright image in ``data``, fully loaded, and with ``max_edge`` no larger than that on either side; 415
    for anything but a readable JPEG, PNG or WebP, 413 for more than ``max_pixels``. ``what`` names the upload in
    the messages ("photo", "logo")."""
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
            with _DECODING, Image.open(io.BytesIO(data)) as source:
                if max_edge is not None:
                    # Before load: a JPEG is then decoded at a reduced scale (draft), anything else reduced first.
                    source.thumbnail((max_edge, max_edge), Image.Resampling.LANCZOS)
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
