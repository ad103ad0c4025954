"""Imports every model so that SQLAlchemy's registry and Alembic see the whole schema."""

from .accounts.models import ApiToken, Invitation, LoginSession, PasswordResetToken, User
from .clients.models import Client, ClientTag, HealthRecord
from .core.audit import AuditEvent
from .core.db import Base
from .core.events import DomainEvent
from .core.idempotency import IdempotencyRecord
from .scheduling.models import (
    Appointment,
    AvailabilityException,
    Booking,
    BookingRules,
    CalendarFeed,
    Location,
    Room,
    Series,
    Service,
    TimeOff,
    WorkingHours,
)
from .staff.models import Trainer, TrainerAssignment

__all__ = [
    "ApiToken", "Appointment", "AuditEvent", "AvailabilityException", "Base", "Booking", "BookingRules",
    "CalendarFeed", "Client", "ClientTag", "DomainEvent", "HealthRecord", "IdempotencyRecord", "Invitation",
    "Location", "LoginSession", "PasswordResetToken", "Room", "Series", "Service", "TimeOff", "Trainer",
    "TrainerAssignment", "User", "WorkingHours",
]
