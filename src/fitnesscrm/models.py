"""Imports every model so that SQLAlchemy's registry and Alembic see the whole schema."""

from .accounts.models import ApiToken, Invitation, LoginSession, PasswordResetToken, User
from .clients.models import Client, ClientTag, HealthRecord
from .core.audit import AuditEvent
from .core.db import Base
from .staff.models import Trainer, TrainerAssignment

__all__ = [
    "ApiToken", "AuditEvent", "Base", "Client", "ClientTag", "HealthRecord", "Invitation", "LoginSession",
    "PasswordResetToken", "Trainer", "TrainerAssignment", "User",
]
