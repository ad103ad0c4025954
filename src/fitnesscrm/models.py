"""Imports every model so that SQLAlchemy's registry and Alembic see the whole schema."""

from .accounts.models import ApiToken, Invitation, LoginSession, PasswordResetToken, User
from .clients.models import Client, ClientTag, HealthRecord
from .core.audit import AuditEvent
from .core.db import Base
from .core.events import DomainEvent
from .core.idempotency import IdempotencyRecord
from .ops.status.models import BackupReport, Incident, IncidentUpdate
from .progress.models import Goal, Measurement, MetricDefinition, ProgressPhoto
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
from .training.models import (
    Exercise,
    PersonalRecord,
    Program,
    ProgramAssignment,
    ProgramDay,
    SetLog,
    WorkoutLog,
    WorkoutTemplate,
)

__all__ = [
    "ApiToken",
    "Appointment",
    "AuditEvent",
    "AvailabilityException",
    "BackupReport",
    "Base",
    "Booking",
    "BookingRules",
    "CalendarFeed",
    "Client",
    "ClientTag",
    "DomainEvent",
    "Exercise",
    "Goal",
    "HealthRecord",
    "IdempotencyRecord",
    "Incident",
    "IncidentUpdate",
    "Invitation",
    "Location",
    "LoginSession",
    "Measurement",
    "MetricDefinition",
    "PasswordResetToken",
    "PersonalRecord",
    "Program",
    "ProgramAssignment",
    "ProgramDay",
    "ProgressPhoto",
    "Room",
    "Series",
    "Service",
    "SetLog",
    "TimeOff",
    "Trainer",
    "TrainerAssignment",
    "User",
    "WorkingHours",
    "WorkoutLog",
    "WorkoutTemplate",
]
