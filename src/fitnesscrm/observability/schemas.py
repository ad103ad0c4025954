from __future__ import annotations

from pydantic import BaseModel, Field


class BrowserErrorTrackingOut(BaseModel):
    dsn: str = Field(description="The browser DSN (public by design: it only lets a browser send reports).")
    release: str = Field(description="fitnesscrm@<version>[+<revision>], the same release the server reports.")
    environment: str
    tunnel: str = Field(description="Same-origin path the SDK posts its envelopes to (the CSP allows no other).")


class MetaOut(BaseModel):
    version: str | None = Field(description="Only for the metrics token or a caller on this machine.")
    environment: str | None = Field(description="Only for the metrics token or a caller on this machine.")
    sentry: BrowserErrorTrackingOut | None = Field(
        description="Present only when browser error tracking is configured; the web app loads no SDK otherwise."
    )


class EnvelopeForwarded(BaseModel):
    id: str | None = Field(None, description="The event id Sentry answered with, when it sent one.")
