"""The business's booking rules."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from ..core.db import single_row
from .models import BookingRules

# Clients arrive early: the front desk may check them in this long before the start. Attended and no-show
# are facts only once the session has started.
CHECK_IN_OPENS_BEFORE = timedelta(minutes=30)


def get_rules(session: Session) -> BookingRules:
    """The single rules row, created with defaults the first time anyone asks."""
    return single_row(session, BookingRules)


def check_in_opens_at(starts_at: datetime) -> datetime:
    return starts_at - CHECK_IN_OPENS_BEFORE
