"""The billing seam: may this client take a place in this service at this time?

Every booking path calls ``require_entitlement`` once, before a seat is taken. Billing will answer from
package credits and memberships (and consume a credit on ``booking.booked``); until then every client is
entitled, which is how a studio without billing in FitnessCRM works.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from ..core.errors import DomainError


class NotEntitled(DomainError):
    status, title, type_slug = 402, "No credit or membership", "not-entitled"


@dataclass(frozen=True)
class Entitlement:
    allowed: bool
    source: str  # e.g. "unmetered", later "package:<id>" or "membership:<id>"
    reason: str | None = None


def check(session: Session, *, client_id: uuid.UUID, service_id: uuid.UUID, starts_at: datetime) -> Entitlement:
    return Entitlement(allowed=True, source="unmetered")


def require_entitlement(
    session: Session, *, client_id: uuid.UUID, service_id: uuid.UUID, starts_at: datetime
) -> Entitlement:
    entitlement = check(session, client_id=client_id, service_id=service_id, starts_at=starts_at)
    if not entitlement.allowed:
        raise NotEntitled(entitlement.reason or "The client has no credit or membership covering this booking.")
    return entitlement
