"""Demo studio: booking rules, locations, services, the trainers' hours, and eight weeks (four past, four
ahead) of 1:1 sessions and classes with realistic attendance.

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
from ..core.business import business_today, get_business, local_to_utc
from ..core.demo import DEMO_DOMAIN
from ..core.storage import Storage
from ..staff.models import Trainer, TrainerAssignment
from . import placement
from .availability import service as availability_service
from .conflicts import DoubleBooking
from .models import Appointment, BookingStatus, Location, Room, Service, WorkingHours
from .rules import get_rules
from .setup import service as setup_service

BOOKING_RULES = {
    "min_notice_minutes": 120,
    "max_advance_days": 60,
    "cancellation_window_hours": 24,
    "late_cancel_policy": "forfeit_credit",
    "late_cancel_fee_minor": 0,
    "no_show_policy": "fee",
    "no_show_fee_minor": 1500,
    "slot_interval_minutes": 15,
}
# (name, address, [(room, capacity)])
LOCATIONS = [
    ("Riverside Studio", "12 Wharf Road, London N1 7GR", [("Studio A", 16), ("Studio B", 12), ("PT Suite", 2)]),
    ("Camden Box", "48 Kentish Town Road, London NW1 9PU", [("Main floor", 20), ("Boxing ring", 8)]),
]
# (name, kind, duration, buffer, capacity, colour)
SERVICES = [
    ("PT session 60 min", "one_to_one", 60, 15, None, "#228be6"),
    ("Assessment 30 min", "one_to_one", 30, 0, None, "#15aabf"),
    ("HIIT class 45 min", "group", 45, 15, 12, "#fa5252"),
    ("Yoga flow 60 min", "group", 60, 15, 16, "#40c057"),
    ("Small-group strength 50 min", "group", 50, 10, 6, "#fd7e14"),
]
# trainer e-mail name → [(location index, weekdays, start, end)]; Monday = 0
WORKING_HOURS: dict[str, list[tuple[int, tuple[int, ...], str, str]]] = {
    "maya": [(0, (0, 1, 2, 3, 4), "07:00", "12:00"), (0, (0, 2), "16:00", "20:00")],
    "jonas": [(0, (1, 2, 3, 4, 5), "09:00", "17:00")],
    "priya": [(1, (0, 1, 2, 3, 4), "06:30", "10:30"), (1, (1, 3), "17:00", "21:00")],
    "diego": [(1, (0, 1, 2, 3), "12:00", "20:00"), (1, (5,), "09:00", "13:00")],
}
# The demo business's trainers are name@DEMO_DOMAIN: a real trainer called Maya gets no demo hours.
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
    zone = ZoneInfo(get_business(session).timezone)
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


def _seed_setup(session: Session) -> bool:
    """Booking rules, locations with rooms, services and weekly hours; False when they are already there."""
    if session.scalar(select(Location.id).where(Location.name == LOCATIONS[0][0]).limit(1)):
        return False
    actor = Actor.system("seed")
    setup_service.update_booking_rules(session, actor=actor, if_match="*", **BOOKING_RULES)
    locations = [
        setup_service.create_location(
            session,
            actor=actor,
            name=name,
            address=address,
            rooms=[{"name": room, "capacity": capacity} for room, capacity in rooms],
        )
        for name, address, rooms in LOCATIONS
    ]
    for name, kind, duration, buffer, capacity, colour in SERVICES:
        setup_service.create_service(
            session,
            actor=actor,
            name=name,
            kind=kind,
            duration_minutes=duration,
            buffer_minutes=buffer,
            default_capacity=capacity,
            colour=colour,
        )
    trainers = {
        t.email.split("@")[0]: t
        for t in session.scalars(
            select(Trainer).where(Trainer.email.in_([f"{name}@{DEMO_DOMAIN}" for name in WORKING_HOURS]))
        )
    }
    for name, blocks in WORKING_HOURS.items():
        if name not in trainers:  # removed from an older demo
            continue
        windows = [
            {
                "location_id": locations[where].id,
                "weekday": day,
                "start_time": time.fromisoformat(start),
                "end_time": time.fromisoformat(end),
            }
            for where, days, start, end in blocks
            for day in days
        ]
        availability_service.replace_working_hours(
            session, actor=actor, trainer_id=trainers[name].id, windows=windows, if_match="*"
        )
    session.flush()
    # Eight weeks of sessions and classes around today; only on this first pass, so re-running changes nothing.
    trainers_by_name = {name: trainer.id for name, trainer in trainers.items()}
    seed_schedule(session, trainers_by_name=trainers_by_name, today=business_today(session))
    session.flush()
    return True


def seed(session: Session, *, storage: Storage | None = None) -> str | None:
    """The demo studio: booking rules, locations with rooms, services, the trainers' hours and eight weeks of
    sessions and classes; None when they are already there."""
    if not _seed_setup(session):
        return None
    return f"{len(LOCATIONS)} locations and {len(SERVICES)} services"
