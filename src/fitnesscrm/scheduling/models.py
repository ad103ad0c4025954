"""Scheduling tables: where (locations, rooms), what (services), when (availability, appointments, series),
who (bookings) and the rules of the business.

All instants are UTC. Wall-clock values (working hours, a series' start time) are local to the business
time zone held in ``BookingRules``. On PostgreSQL, overlap is refused by the database itself: exclusion
constraints over ``tstzrange(starts_at, blocked_until)`` per trainer, per room and per client are created by
the migration (Alembic cannot express them), see ``migrations/versions/*_scheduling.py``. ``blocked_until``
is the end plus the service's buffer, so buffers are part of every overlap check.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime, time

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.db import Base, Timestamps, UUIDPrimaryKey, value_enum


class ServiceKind(enum.StrEnum):
    ONE_TO_ONE = "one_to_one"
    GROUP = "group"


class PenaltyPolicy(enum.StrEnum):
    """What a late cancellation or a no-show costs. Billing applies it; scheduling records it."""

    NONE = "none"  # recorded only
    FORFEIT_CREDIT = "forfeit_credit"  # the session counts as used
    FEE = "fee"  # a fee of ``*_fee_minor`` is due


class AppointmentStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class BookingStatus(enum.StrEnum):
    BOOKED = "booked"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"  # in time: no penalty
    LATE_CANCELLED = "late_cancelled"  # inside the cancellation window: policy applies
    ATTENDED = "attended"
    NO_SHOW = "no_show"
    # Booked by mistake and struck out by staff after the start: as if it never happened (no penalty, no
    # attendance, frees nothing). Kept, with who, when and why, for the record.
    VOIDED = "voided"


# Bookings that hold a seat (and so count against capacity and the client's own calendar).
SEAT_HOLDING = (BookingStatus.BOOKED, BookingStatus.ATTENDED)
# Bookings called off: by the client, or voided by staff (struck out, with the reason shown to the client);
# a booking in an appointment the studio cancelled counts as called off too.
CALLED_OFF_BOOKING = (BookingStatus.CANCELLED, BookingStatus.LATE_CANCELLED, BookingStatus.VOIDED)
# Bookings that still stand (coming up, or happened): what a client's Upcoming and Past lists show.
STANDING_BOOKING = (BookingStatus.BOOKED, BookingStatus.WAITLISTED, BookingStatus.ATTENDED, BookingStatus.NO_SHOW)


class ExceptionKind(enum.StrEnum):
    UNAVAILABLE = "unavailable"  # closed for the day or for a window of it
    AVAILABLE = "available"  # extra hours on that date


class BookingRules(Base):
    """The business's booking rules: one row (id = 1), created with defaults on first read. Fees are in the
    business currency (``core.business``)."""

    __tablename__ = "booking_rules"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, default=1)
    min_notice_minutes: Mapped[int] = mapped_column(default=120)
    max_advance_days: Mapped[int] = mapped_column(default=60)
    cancellation_window_hours: Mapped[int] = mapped_column(default=24)
    late_cancel_policy: Mapped[PenaltyPolicy] = mapped_column(
        value_enum(PenaltyPolicy), default=PenaltyPolicy.FORFEIT_CREDIT
    )
    late_cancel_fee_minor: Mapped[int] = mapped_column(default=0)
    no_show_policy: Mapped[PenaltyPolicy] = mapped_column(
        value_enum(PenaltyPolicy), default=PenaltyPolicy.FORFEIT_CREDIT
    )
    no_show_fee_minor: Mapped[int] = mapped_column(default=0)
    slot_interval_minutes: Mapped[int] = mapped_column(default=15)
    updated_at: Mapped[datetime | None]


class Location(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "locations"

    name: Mapped[str] = mapped_column(String(120))
    address: Mapped[str | None] = mapped_column(String(400))
    archived_at: Mapped[datetime | None]

    rooms: Mapped[list[Room]] = relationship(back_populates="location", order_by="Room.name")


class Room(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "rooms"
    __table_args__ = (UniqueConstraint("location_id", "name"),)

    location_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("locations.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    capacity: Mapped[int | None]
    archived_at: Mapped[datetime | None]

    location: Mapped[Location] = relationship(back_populates="rooms")


class Service(UUIDPrimaryKey, Timestamps, Base):
    """What can be booked: "PT session 60 min", "HIIT class 45 min"…"""

    __tablename__ = "services"
    __table_args__ = (
        CheckConstraint("duration_minutes BETWEEN 5 AND 720", name="duration_range"),
        CheckConstraint("buffer_minutes BETWEEN 0 AND 240", name="buffer_range"),
        CheckConstraint("default_capacity >= 1", name="capacity_positive"),
    )

    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str | None] = mapped_column(String(2000))
    kind: Mapped[ServiceKind] = mapped_column(value_enum(ServiceKind))
    duration_minutes: Mapped[int]
    buffer_minutes: Mapped[int] = mapped_column(default=0)
    default_capacity: Mapped[int] = mapped_column(default=1)
    colour: Mapped[str] = mapped_column(String(7), default="#228be6")
    # Clients may book it themselves in the portal (1:1 services from trainer availability).
    client_bookable: Mapped[bool] = mapped_column(default=True)
    archived_at: Mapped[datetime | None]


class WorkingHours(UUIDPrimaryKey, Base):
    """A weekly window in which a trainer works at a location (local wall-clock time)."""

    __tablename__ = "working_hours"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_range"),
        CheckConstraint("start_time < end_time", name="start_before_end"),
        Index("ix_working_hours_trainer_weekday", "trainer_id", "weekday"),
    )

    trainer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("trainers.id", ondelete="CASCADE"))
    location_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("locations.id", ondelete="CASCADE"))
    weekday: Mapped[int]  # Monday = 0, as in Python
    start_time: Mapped[time]
    end_time: Mapped[time]


class AvailabilityException(UUIDPrimaryKey, Timestamps, Base):
    """A one-off change on a date: closed (all day when no times) or extra hours."""

    __tablename__ = "availability_exceptions"
    __table_args__ = (
        CheckConstraint("(start_time IS NULL) = (end_time IS NULL)", name="times_together"),
        CheckConstraint("start_time IS NULL OR start_time < end_time", name="start_before_end"),
        CheckConstraint("kind = 'unavailable' OR start_time IS NOT NULL", name="available_needs_times"),
        Index("ix_availability_exceptions_trainer_on_date", "trainer_id", "on_date"),
    )

    trainer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("trainers.id", ondelete="CASCADE"))
    location_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("locations.id", ondelete="CASCADE"))
    on_date: Mapped[date]
    kind: Mapped[ExceptionKind] = mapped_column(value_enum(ExceptionKind))
    start_time: Mapped[time | None]
    end_time: Mapped[time | None]
    reason: Mapped[str | None] = mapped_column(String(200))


class TimeOff(UUIDPrimaryKey, Timestamps, Base):
    """A span of absence (holiday, illness): no slots are offered inside it."""

    __tablename__ = "time_off"
    __table_args__ = (
        CheckConstraint("starts_at < ends_at", name="start_before_end"),
        Index("ix_time_off_trainer_starts_at", "trainer_id", "starts_at"),
    )

    trainer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("trainers.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    reason: Mapped[str | None] = mapped_column(String(200))


class Series(UUIDPrimaryKey, Timestamps, Base):
    """A recurring appointment: an RRULE over local wall-clock time, materialised up to a horizon."""

    __tablename__ = "series"

    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("services.id"))
    trainer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("trainers.id"), index=True)
    location_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("locations.id"))
    room_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("rooms.id"))
    # 1:1 recurring sessions are booked for this client on every occurrence; null for classes.
    client_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("clients.id"))
    title: Mapped[str | None] = mapped_column(String(120))
    capacity: Mapped[int]
    timezone: Mapped[str] = mapped_column(String(64))
    rrule: Mapped[str] = mapped_column(String(500))  # RFC 5545 RRULE body, e.g. FREQ=WEEKLY;BYDAY=MO,TH;COUNT=24
    starts_on: Mapped[date]
    start_time: Mapped[time]  # local wall-clock start of every occurrence
    duration_minutes: Mapped[int]
    # Occurrences exist as appointments up to this local date; the periodic job extends it.
    materialised_until: Mapped[date]
    ended_on: Mapped[date | None]  # set when "this and following" splits the series
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class Appointment(UUIDPrimaryKey, Timestamps, Base):
    """Anything on a trainer's calendar: a 1:1 session (capacity 1) or a group class occurrence."""

    __tablename__ = "appointments"
    __table_args__ = (
        CheckConstraint("starts_at < ends_at", name="start_before_end"),
        CheckConstraint("ends_at <= blocked_until", name="buffer_after_end"),
        CheckConstraint("capacity >= 1", name="capacity_positive"),
        Index("ix_appointments_trainer_starts_at", "trainer_id", "starts_at"),
        Index("ix_appointments_starts_at", "starts_at"),
        # One occurrence per series and original start, so re-materialising never duplicates.
        UniqueConstraint("series_id", "original_start"),
    )

    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("services.id"), index=True)
    kind: Mapped[ServiceKind] = mapped_column(value_enum(ServiceKind))
    trainer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("trainers.id"))
    location_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("locations.id"))
    room_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("rooms.id"), index=True)
    title: Mapped[str | None] = mapped_column(String(120))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    blocked_until: Mapped[datetime]  # ends_at + buffer: the span no other appointment may overlap
    capacity: Mapped[int] = mapped_column(default=1)
    status: Mapped[AppointmentStatus] = mapped_column(
        value_enum(AppointmentStatus), default=AppointmentStatus.SCHEDULED
    )
    cancelled_at: Mapped[datetime | None]
    cancel_reason: Mapped[str | None] = mapped_column(String(500))
    notes: Mapped[str | None] = mapped_column(Text)
    series_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("series.id", ondelete="SET NULL"), index=True)
    original_start: Mapped[datetime | None]  # the occurrence's start as the series generated it
    # Edited on its own ("this occurrence"): later series-wide edits leave it alone.
    detached: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    bookings: Mapped[list[Booking]] = relationship(back_populates="appointment", order_by="Booking.created_at")


class Booking(UUIDPrimaryKey, Timestamps, Base):
    """A client's place in an appointment: booked, waitlisted, cancelled, attended (or voided by staff).

    ``starts_at``/``blocked_until`` copy the appointment's span so the database can refuse a client's
    overlapping bookings; the service keeps them in step when an appointment moves.
    """

    __tablename__ = "bookings"
    __table_args__ = (
        # A client holds at most one live place (booked or waitlisted) per appointment.
        Index(
            "uq_bookings_live_client",
            "appointment_id",
            "client_id",
            unique=True,
            postgresql_where=text("status IN ('booked', 'waitlisted', 'attended')"),
            sqlite_where=text("status IN ('booked', 'waitlisted', 'attended')"),
        ),
        Index("ix_bookings_client_starts_at", "client_id", "starts_at"),
        # The reminder job's scan: booked places not yet reminded, by start.
        Index(
            "ix_bookings_reminder_due",
            "starts_at",
            postgresql_where=text("status = 'booked' AND reminded_at IS NULL"),
            sqlite_where=text("status = 'booked' AND reminded_at IS NULL"),
        ),
    )

    appointment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("appointments.id", ondelete="CASCADE"), index=True)
    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clients.id"))
    status: Mapped[BookingStatus] = mapped_column(value_enum(BookingStatus))
    starts_at: Mapped[datetime]
    blocked_until: Mapped[datetime]
    waitlisted_at: Mapped[datetime | None]  # waitlist order: earliest first
    promoted_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]
    checked_in_at: Mapped[datetime | None]
    attendance_marked_at: Mapped[datetime | None]
    reminded_at: Mapped[datetime | None]  # when the reminder-due event was emitted (once per booking)
    # The penalty that applied when it was late-cancelled or a no-show (copied from the rules then).
    penalty: Mapped[PenaltyPolicy | None] = mapped_column(value_enum(PenaltyPolicy))
    voided_at: Mapped[datetime | None]
    voided_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    void_reason: Mapped[str | None] = mapped_column(String(500))
    booked_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    appointment: Mapped[Appointment] = relationship(back_populates="bookings")


class CalendarFeed(UUIDPrimaryKey, Base):
    """A user's secret iCal subscription URL; only the token's hash is stored."""

    __tablename__ = "calendar_feeds"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]


__all__ = [
    "SEAT_HOLDING",
    "Appointment",
    "AppointmentStatus",
    "Booking",
    "BookingRules",
    "BookingStatus",
    "CalendarFeed",
    "ExceptionKind",
    "Location",
    "PenaltyPolicy",
    "Room",
    "Series",
    "Service",
    "ServiceKind",
    "TimeOff",
    "WorkingHours",
]
