"""Registers every table on ``Base``, so SQLAlchemy and Alembic see the whole schema: core's own tables, then the
tables of each installed domain (``Domain.models``)."""

from . import domains
from .core import audit, business, events, idempotency  # noqa: F401 - core's tables
from .core.db import Base

domains.import_models()

__all__ = ["Base"]
