"""The backup figure the metrics scrape exports (``Domain.gauges``): absent until a backup reports, which is
what the "backups not reporting" alert looks for."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from ...domains import Gauge
from .models import BackupReport


def _last_backup_success() -> Any:
    return select(func.max(BackupReport.finished_at)).where(BackupReport.succeeded.is_(True)).scalar_subquery()


LAST_BACKUP_SUCCESS = "fitnesscrm_backup_last_success_timestamp_seconds"
GAUGES = (
    Gauge(
        LAST_BACKUP_SUCCESS,
        "When the newest successful backup finished (Unix time).",
        _last_backup_success,
        timestamp=True,
    ),
)
