"""The clients figure the metrics scrape exports (``Domain.gauges``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from ..domains import Gauge
from .models import Client, ClientStatus


def _active_clients() -> Any:
    return (
        select(func.count())
        .select_from(Client)
        .where(Client.status == ClientStatus.ACTIVE, Client.archived_at.is_(None))
        .scalar_subquery()
    )


ACTIVE_CLIENTS = "fitnesscrm_active_clients"
GAUGES = (Gauge(ACTIVE_CLIENTS, "Clients with status active (not archived).", _active_clients),)
