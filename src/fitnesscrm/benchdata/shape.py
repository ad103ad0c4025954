"""How big a benchmark dataset is at a given scale, and the sign-in contract its accounts follow.

Scale 1 is the shape of the dataset the performance issue measured the reference implementation on
(10,000 clients, 200,000 appointments over two years, about a million logged sets); every count grows
linearly with the scale, which may be fractional (0.01 for tests).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

PASSWORD_ENV = "FITNESSCRM_BENCH_PASSWORD"  # noqa: S105 - the name of a variable
DEFAULT_PASSWORD = "bench-password-not-secret-42"  # noqa: S105 - a throwaway password for throwaway data
EMAIL_DOMAIN = "bench.example"
ADMIN_EMAIL = "admin-{n}@" + EMAIL_DOMAIN
TRAINER_EMAIL = "trainer-{n}@" + EMAIL_DOMAIN
CLIENT_EMAIL = "client-{n}@" + EMAIL_DOMAIN
ADMINS = 2

CLIENTS_PER_SCALE = 10_000
APPOINTMENTS_PER_SCALE = 200_000
# A trainer holds about 5.5 appointments a working day (six days a week, 13 one-hour slots a day): the
# trainer count follows from the appointment count, so nobody is ever double-booked.
TRAINERS_PER_SCALE = 50
TRAINERS_PER_LOCATION = 20
DAYS_BACK = 365  # the calendar spans two years centred on the day of seeding
DAYS_AHEAD = 364
# Clients who joined lately have less history than this asks for: ~1,050,000 logged sets at scale 1.
MEAN_SETS_PER_CLIENT = 115


def password() -> str:
    return os.environ.get(PASSWORD_ENV) or DEFAULT_PASSWORD


@dataclass(frozen=True)
class Shape:
    scale: float
    clients: int
    trainers: int
    appointments: int
    locations: int

    @classmethod
    def for_scale(cls, scale: float) -> Shape:
        if not 0 < scale <= 100:
            raise ValueError("the scale must be above 0 and at most 100")
        trainers = max(2, round(TRAINERS_PER_SCALE * scale))
        return cls(
            scale=scale,
            clients=max(20, round(CLIENTS_PER_SCALE * scale)),
            trainers=trainers,
            appointments=max(100, round(APPOINTMENTS_PER_SCALE * scale)),
            locations=max(1, math.ceil(trainers / TRAINERS_PER_LOCATION)),
        )
