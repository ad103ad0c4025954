"""The business's own settings: its name, time zone, currency, locale and logo. One row (id = 1) that every
domain reads: scheduling places hours in the time zone, training dates a workout by it, billing will price in
the currency, messages will carry the name and logo. Admins change it through ``fitnesscrm.business``."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, Session, mapped_column

from .db import Base, single_row, utcnow
from .money import DEFAULT_LOCALE
from .storage import StoredFile

DEFAULT_NAME = "My fitness business"
DEFAULT_TIMEZONE = "Europe/London"
DEFAULT_CURRENCY = "EUR"


class BusinessSettings(Base):
    __tablename__ = "business_settings"
    __table_args__ = (
        CheckConstraint("id = 1", name="single_row"),
        CheckConstraint("two_factor_required_for IN ('nobody', 'admins', 'staff')", name="two_factor_required_for"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, default=1)
    name: Mapped[str] = mapped_column(String(120), default=DEFAULT_NAME)
    timezone: Mapped[str] = mapped_column(String(64), default=DEFAULT_TIMEZONE)
    currency: Mapped[str] = mapped_column(String(3), default=DEFAULT_CURRENCY)
    locale: Mapped[str] = mapped_column(String(35), default=DEFAULT_LOCALE)
    # The logo as stored (a PNG in the storage layer); its key changes with the content, so a URL built from it
    # can be cached for good.
    logo_key: Mapped[str | None] = mapped_column(StoredFile("image/png"))
    # Whose logins must use a second factor (accounts.two_factor reads and sets it): nobody, admins, or staff.
    two_factor_required_for: Mapped[str] = mapped_column(String(10), default="nobody", server_default="nobody")
    updated_at: Mapped[datetime | None]


def get_business(session: Session) -> BusinessSettings:
    """The settings row, created with defaults the first time anyone asks."""
    return single_row(session, BusinessSettings)


def business_zone(session: Session) -> ZoneInfo:
    return ZoneInfo(get_business(session).timezone)


def business_currency(session: Session) -> str:
    return get_business(session).currency


def business_today(session: Session) -> date:
    return utcnow().astimezone(business_zone(session)).date()


def local_to_utc(day: date, wall: time, zone: ZoneInfo) -> datetime:
    """A local wall-clock time on a date as a UTC instant.

    In the autumn overlap the first (summer-time) instant is taken; a time that does not exist in the spring
    gap is moved forward by the gap, as calendar apps do.
    """
    local = datetime.combine(day, wall, tzinfo=zone)
    as_utc = local.astimezone(ZoneInfo("UTC"))
    if as_utc.astimezone(zone).replace(tzinfo=None) != local.replace(tzinfo=None):  # inside the spring gap
        shifted = datetime.combine(day, wall) + timedelta(hours=1)
        as_utc = shifted.replace(tzinfo=zone).astimezone(ZoneInfo("UTC"))
    return as_utc
