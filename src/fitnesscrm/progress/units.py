"""Units: every quantity is stored in one canonical unit and converted on the way in and out, never mixed.

mass kg (kg, lb, st) · length cm (cm, in) · percent % · heart rate bpm · count (plain number) ·
duration s (s, min). A user's ``unit_system`` (metric | imperial) picks the unit values are shown in.
"""

from __future__ import annotations

import math
from typing import Literal

from sqlalchemy.orm import Session

from ..accounts import service as accounts_service
from ..core.actor import Actor
from ..core.errors import ValidationFailed
from .models import Quantity

UnitSystem = Literal["metric", "imperial"]

LB_IN_KG = 0.45359237  # exact by definition
ST_IN_KG = 14 * LB_IN_KG
INCH_IN_CM = 2.54

# unit → factor to the canonical unit, per quantity
UNITS: dict[Quantity, dict[str, float]] = {
    Quantity.MASS: {"kg": 1.0, "lb": LB_IN_KG, "st": ST_IN_KG},
    Quantity.LENGTH: {"cm": 1.0, "in": INCH_IN_CM},
    Quantity.PERCENT: {"%": 1.0},
    Quantity.HEART_RATE: {"bpm": 1.0},
    Quantity.COUNT: {"count": 1.0},
    Quantity.DURATION: {"s": 1.0, "min": 60.0},
}
CANONICAL: dict[Quantity, str] = {q: next(iter(units)) for q, units in UNITS.items()}
DISPLAY: dict[UnitSystem, dict[Quantity, str]] = {
    "metric": dict(CANONICAL),
    "imperial": {**CANONICAL, Quantity.MASS: "lb", Quantity.LENGTH: "in"},
}
# Plausible canonical ranges: a typo (850 kg, 12 % heart rate) is refused rather than charted.
LIMITS: dict[Quantity, tuple[float, float]] = {
    Quantity.MASS: (0.0, 1000.0),
    Quantity.LENGTH: (0.0, 500.0),
    Quantity.PERCENT: (0.0, 100.0),
    Quantity.HEART_RATE: (20.0, 300.0),
    Quantity.COUNT: (0.0, 1e9),
    Quantity.DURATION: (0.0, 7 * 24 * 3600.0),
}


def units_for(quantity: Quantity) -> list[str]:
    return list(UNITS[quantity])


def display_unit(quantity: Quantity, system: str) -> str:
    return DISPLAY["imperial" if system == "imperial" else "metric"][quantity]


def check_unit(quantity: Quantity, unit: str, *, field: str = "unit") -> str:
    if unit not in UNITS[quantity]:
        raise ValidationFailed(field, f"Use one of {', '.join(UNITS[quantity])} for a {quantity.value} value.")
    return unit


def to_canonical(quantity: Quantity, value: float, unit: str, *, field: str = "value") -> float:
    check_unit(quantity, unit)
    if not math.isfinite(value):
        raise ValidationFailed(field, "The value must be a finite number.")
    canonical = value * UNITS[quantity][unit]
    low, high = LIMITS[quantity]
    if not low <= canonical <= high:
        shown_high = high / UNITS[quantity][unit]
        raise ValidationFailed(field, f"The value must be between {low:g} and {shown_high:g} {unit}.")
    return canonical


def factor(quantity: Quantity, unit: str) -> float:
    """How many canonical units one ``unit`` is."""
    return UNITS[quantity][check_unit(quantity, unit)]


def from_canonical(quantity: Quantity, value: float, unit: str) -> float:
    return value / factor(quantity, unit)


def convert(quantity: Quantity, value: float, from_unit: str, to_unit: str) -> float:
    return from_canonical(quantity, value * UNITS[quantity][check_unit(quantity, from_unit)], to_unit)


def shown(value: float, digits: int = 2) -> float:
    """Rounded for display; stored values keep full precision."""
    return round(value, digits)


def encode(value: float) -> str:
    """Canonical values are stored (encrypted) as decimal strings with micro-unit precision."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in {"", "-0"} else text


def unit_system(session: Session, actor: Actor, known: str | None = None) -> UnitSystem:
    """The caller's units; ``known`` is the value already in hand (the request's cached sign-in), saving a read."""
    if actor.user_id is None:  # CLI and jobs
        return "metric"
    system = known if known is not None else accounts_service.get_user(session, actor=actor).unit_system
    return "imperial" if system == "imperial" else "metric"
