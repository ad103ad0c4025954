"""Demo calendar: eight weeks (four past, four ahead) of 1:1 sessions and classes with realistic attendance.

Everything goes through ``placement`` so the demo obeys the same rules as real use: no double booking,
class capacity and waitlists, domain events in the clients' timelines, penalties from the booking rules.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..clients.models import Client, ClientStatus
from ..core.actor import Actor
from ..staff.models import TrainerAssignment
from . import placement
from .conflicts import DoubleBooking
from .models import Appointment, BookingStatus, Room, Service, WorkingHours
from .rules import get_rules, local_to_utc

# (trainer e-mail name, service name, room name, weekdays, local start)
CLASS_PLAN = [
    ("maya", "Small-group strength 50 min", "Studio B", (0, 2), "18:00"),
    ("jonas", "Yoga flow 60 min", "Studio A", (2, 4), "10:00"),
    ("priya", "HIIT class 45 min", "Main floor", (1, 3), "07:00"),
    ("diego", "HIIT class 45 min", "Main floor", (5,), "10:00"),
]
WEEKS_BACK, WEEKS_AHEAD = 4, 4
SESSIONS_PER_DAY = 2


def seed_schedule(session: Session, *, trainers_by_name: dict[str, uuid.UUID], today: date) -> int:
    """Create the demo calendar; returns how many appointments were placed."""
    rng = random.Random(20261125)
    actor = Actor.system("seed")
    rules = get_rules(session)
    zone = ZoneInfo(rules.timezone)
    services = {s.name: s for s in session.scalars(select(Service))}
    rooms = {r.name: r for r in session.scalars(select(Room))}
    live = (ClientStatus.ACTIVE, ClientStatus.TRIAL)
    all_clients = list(session.scalars(select(Client.id).where(Client.status.in_(live)).order_by(Client.sort_name)))
    monday = today - timedelta(days=today.weekday()) - timedelta(weeks=WEEKS_BACK)
    days = [monday + timedelta(days=i) for i in range(7 * (WEEKS_BACK + WEEKS_AHEAD))]
    now = datetime.now(zone)
    placed: list[Appointment] = []

    for name, service_name, room_name, weekdays, start in CLASS_PLAN:
        trainer_id, service, room = trainers_by_name[name], services[service_name], rooms[room_name]
        for day in (d for d in days if d.weekday() in weekdays):
            starts_at = local_to_utc(day, time.fromisoformat(start), zone)
            try:
                appointment = placement.place_appointment(
                    session,
                    actor,
                    service=service,
                    trainer_id=trainer_id,
                    starts_at=starts_at,
                    location_id=room.location_id,
                    room_id=room.id,
                )
            except DoubleBooking:
                continue
            # Popular classes fill up; the future ones keep a few places (and sometimes a waitlist).
            wanted = rng.randint(service.default_capacity // 2, service.default_capacity + 2)
            for client_id in rng.sample(all_clients, min(wanted, len(all_clients))):
                try:
                    placement.add_seat(session, actor, appointment=appointment, client_id=client_id)
                except DoubleBooking:
                    continue
            placed.append(appointment)

    pt = services["PT session 60 min"]
    for trainer_id in trainers_by_name.values():
        clients = list(
            session.scalars(
                select(TrainerAssignment.client_id)
                .join(Client, Client.id == TrainerAssignment.client_id)
                .where(TrainerAssignment.trainer_id == trainer_id, Client.status.in_(live))
            )
        )
        windows = list(session.scalars(select(WorkingHours).where(WorkingHours.trainer_id == trainer_id)))
        if not clients:
            continue
        for day in days:
            for window in (w for w in windows if w.weekday == day.weekday()):
                hours = list(range(window.start_time.hour, window.end_time.hour - 1))
                for hour in rng.sample(hours, min(SESSIONS_PER_DAY, len(hours))):
                    starts_at = local_to_utc(day, time(hour), zone)
                    try:
                        placed.append(
                            placement.place_appointment(
                                session,
                                actor,
                                service=pt,
                                trainer_id=trainer_id,
                                starts_at=starts_at,
                                location_id=window.location_id,
                                client_ids=(rng.choice(clients),),
                            )
                        )
                    except DoubleBooking:
                        continue

    for appointment in placed:
        if appointment.ends_at > now:
            continue
        for booking in list(appointment.bookings):
            if booking.status is not BookingStatus.BOOKED:
                continue
            roll = rng.random()
            if roll < 0.85:
                placement.mark_attendance(session, actor, booking=booking, status=BookingStatus.ATTENDED, check_in=True)
            elif roll < 0.93:
                placement.mark_attendance(
                    session, actor, booking=booking, status=BookingStatus.NO_SHOW, penalty=rules.no_show_policy
                )
            else:
                placement.mark_attendance(
                    session,
                    actor,
                    booking=booking,
                    status=BookingStatus.LATE_CANCELLED,
                    penalty=rules.late_cancel_policy,
                )
    session.flush()
    return len(placed)
