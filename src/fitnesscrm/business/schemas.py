from __future__ import annotations

from datetime import datetime

from apiflask.fields import UploadFile
from pydantic import BaseModel, Field

from ..core.schemas import StrictIn

LOGO_MAX_BYTES = 2 * 1024 * 1024


class BusinessIn(StrictIn):
    """All the settings (PUT replaces them). The logo has its own endpoint."""

    name: str = Field(min_length=1, max_length=120, description="Shown in the app, on e-mails and invoices.")
    timezone: str = Field(min_length=1, max_length=64, description="IANA time zone, e.g. Europe/London.")
    currency: str = Field(
        pattern=r"^[A-Z]{3}$", description="ISO 4217 code of prices and fees (see the Currency schema)."
    )
    locale: str = Field(
        min_length=2, max_length=35, description="BCP 47 tag for numbers, money and dates, e.g. en-GB, de-DE."
    )


class BusinessOut(BaseModel):
    name: str
    timezone: str
    currency: str
    currency_exponent: int = Field(description="Decimals of the currency: money is sent in its minor units.")
    locale: str
    logo_url: str | None = Field(description="The logo (PNG), or null when none was uploaded.")
    updated_at: datetime | None = Field(description="Null until an admin first saves the settings.")


class LogoUploadIn(StrictIn):
    file: UploadFile = Field(
        description=f"A JPEG, PNG or WebP image up to {LOGO_MAX_BYTES // 1_048_576} MB; stored as a PNG of at "
        "most 512 by 512 pixels, transparency kept, metadata dropped."
    )


class LogoQuery(BaseModel):
    v: str | None = Field(None, max_length=64, description="The version in `logo_url`; any value serves the logo.")
