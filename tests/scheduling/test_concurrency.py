"""No double booking under concurrency, on the real PostgreSQL and on the embedded SQLite default.

Each thread has its own test client, so its own request, database session and connection; a barrier releases
them together. The database then has to decide: the appointment's row lock (on SQLite, the database's write lock
that the same locking read takes) serialises class seats, and on PostgreSQL the exclusion constraints refuse
overlapping appointments and bookings even when every check passed.
"""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from fitnesscrm.scheduling import conflicts
from fitnesscrm.scheduling.models import (
    Appointment,
    AppointmentStatus,
    Booking,
    BookingStatus,
    ServiceKind,
)

from ..factories import Factory
from .booking_support import (
    BOOKINGS,
    SESSIONS,
    Studio,
    add_class,
    add_session,
    at,
    bookings_of,
    iso,
    problem_type,
    studio,
    token_api,
)

THREADS = 8


@pytest.fixture
def world(factory: Any) -> Studio:
    return studio(factory)


@pytest.fixture
def racing_world(either_app: Any) -> Studio:
    """The studio on PostgreSQL, then on SQLite: the races below must end the same on both."""
    return studio(Factory(either_app))


def _race(calls: list[Any]) -> list[Any]:
    """Run every call at the same moment, each in its own thread; return their responses in order."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = calls[index]()
        except BaseException as exc:  # surfaced below: a thread's failure must fail the test
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


def _racers(world: Studio, count: int) -> list[Any]:
    people = [world.factory.client(trainer=world.trainer, account=True, first_name=f"Racer{n}") for n in range(count)]
    return [(person, token_api(world, person)) for person in people]


def test_parallel_requests_for_the_last_place_book_exactly_one(racing_world: Studio) -> None:
    world = racing_world
    early = [world.factory.client(trainer=world.trainer) for _ in range(2)]
    class_id = add_class(world, starts_at=at(3, 18), capacity=3, clients=tuple(early))
    racers = _racers(world, THREADS)
    responses = _race([lambda api=api: api.post(BOOKINGS, json={"appointment_id": str(class_id)}) for _, api in racers])
    assert [r.status_code for r in responses] == [201] * THREADS, [r.json for r in responses]
    outcome = Counter(r.json["status"] for r in responses)
    assert outcome == {"booked": 1, "waitlisted": THREADS - 1}
    positions = sorted(r.json["waitlist_position"] for r in responses if r.json["status"] == "waitlisted")
    assert positions == list(range(1, THREADS))
    stored = Counter(b.status for b in bookings_of(world, class_id))
    assert stored == {BookingStatus.BOOKED: 3, BookingStatus.WAITLISTED: THREADS - 1}


def test_parallel_requests_without_the_waitlist_get_one_place_and_409s(racing_world: Studio) -> None:
    world = racing_world
    class_id = add_class(world, starts_at=at(3, 18), capacity=1)
    racers = _racers(world, THREADS)
    body = {"appointment_id": str(class_id), "waitlist": False}
    responses = _race([lambda api=api: api.post(BOOKINGS, json=body) for _, api in racers])
    assert sorted(r.status_code for r in responses) == [201] + [409] * (THREADS - 1)
    assert [b.status for b in bookings_of(world, class_id)] == [BookingStatus.BOOKED]


def test_parallel_bookings_of_one_trainer_slot_create_exactly_one_session(racing_world: Studio) -> None:
    world = racing_world
    clients = [world.factory.client(trainer=world.trainer) for _ in range(THREADS)]
    apis = [token_api(world, world.trainer) for _ in range(THREADS)]
    start = iso(at(3, 10))

    def book(api: Any, client: Any) -> Any:
        return api.post(
            SESSIONS,
            json={
                "service_id": str(world.pt_id),
                "trainer_id": str(world.trainer.trainer_id),
                "client_id": str(client.client_id),
                "starts_at": start,
            },
        )

    pairs = zip(apis, clients, strict=True)
    responses = _race([lambda api=api, client=client: book(api, client) for api, client in pairs])
    codes = sorted(r.status_code for r in responses)
    assert codes == [201] + [409] * (THREADS - 1), [r.json for r in responses]
    assert all(problem_type(r) == "double-booking" for r in responses if r.status_code == 409)
    with world.database.session() as s:
        assert len(s.scalars(select(Appointment)).all()) == 1


def test_parallel_bookings_by_one_client_give_one_place_and_409s(racing_world: Studio) -> None:
    world = racing_world
    class_id = add_class(world, starts_at=at(3, 18), capacity=5)
    (_, api), *_ = _racers(world, 1)
    responses = _race([lambda: api.post(BOOKINGS, json={"appointment_id": str(class_id)}) for _ in range(THREADS)])
    assert sorted(r.status_code for r in responses) == [201] + [409] * (THREADS - 1), [r.json for r in responses]
    assert [b.status for b in bookings_of(world, class_id)] == [BookingStatus.BOOKED]


# --- the database constraint on its own ----------------------------------------------------------


def _raw_appointment(world: Studio, **fields: Any) -> Appointment:
    starts_at = fields.pop("starts_at", at(3, 10))
    status = fields.pop("status", AppointmentStatus.SCHEDULED)
    return Appointment(
        id=uuid.uuid4(),
        service_id=world.pt_id,
        kind=ServiceKind.ONE_TO_ONE,
        capacity=1,
        status=status,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
        blocked_until=starts_at + timedelta(minutes=75),
        **fields,
    )


@pytest.mark.parametrize(
    ("clash", "constraint"),
    [
        ("trainer", "ex_appointments_trainer_overlap"),
        ("room", "ex_appointments_room_overlap"),
    ],
)
def test_exclusion_constraint_refuses_overlapping_appointments_without_any_check(
    world: Studio, clash: str, constraint: str
) -> None:
    first = {"trainer_id": world.trainer.trainer_id, "room_id": world.room_id}
    second = (
        {"trainer_id": world.trainer.trainer_id}
        if clash == "trainer"
        else {"trainer_id": world.other_trainer.trainer_id, "room_id": world.room_id}
    )
    with world.database.session() as s:
        s.add(_raw_appointment(world, **first))
    # Starts inside the first one's buffer (11:00-11:15): only the blocked span overlaps.
    with world.database.session() as s:
        s.add(_raw_appointment(world, starts_at=at(3, 11, 5), **second))
        with pytest.raises(IntegrityError, match=constraint):
            s.flush()
        s.rollback()
    # A cancelled appointment no longer holds the time.
    with world.database.session() as s:
        s.add(_raw_appointment(world, starts_at=at(3, 11, 5), **{**second, "status": AppointmentStatus.CANCELLED}))


def test_exclusion_constraint_refuses_a_clients_overlapping_bookings_without_any_check(world: Studio) -> None:
    first = add_session(world, client=world.client, starts_at=at(3, 10))
    with world.database.session() as s:
        other = _raw_appointment(world, trainer_id=world.other_trainer.trainer_id, starts_at=at(3, 10, 30))
        s.add(other)
        other_id = other.id
    with world.database.session() as s:
        s.add(
            Booking(
                id=uuid.uuid4(),
                appointment_id=other_id,
                client_id=world.client.client_id,
                status=BookingStatus.BOOKED,
                starts_at=at(3, 10, 30),
                blocked_until=at(3, 11, 45),
            )
        )
        with pytest.raises(IntegrityError, match="ex_bookings_client_overlap"):
            s.flush()
        s.rollback()
    # Waitlisted places do not hold the client's time.
    with world.database.session() as s:
        s.add(
            Booking(
                id=uuid.uuid4(),
                appointment_id=other_id,
                client_id=world.client.client_id,
                status=BookingStatus.WAITLISTED,
                starts_at=at(3, 10, 30),
                blocked_until=at(3, 11, 45),
            )
        )
    assert first


def _waiting_on_a_lock(world: Studio) -> bool:
    with world.database.session() as s:
        return bool(
            s.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO appointments%'"
                )
            )
        )


def test_clashing_inserts_that_deadlock_are_a_double_booking_not_an_outage(world: Studio) -> None:
    """Two transactions each insert a time clashing with the other's uncommitted one: each waits for the other to
    check the exclusion constraint, and PostgreSQL cancels one (deadlock_detected). CI met this under load and
    answered 503 'database unavailable'; the loser of such a race gets the double-booking 409."""
    trainer = {"trainer_id": world.trainer.trainer_id}
    holder = world.database.sessionmaker()
    holder.add(_raw_appointment(world, starts_at=at(3, 10), **trainer))  # 10:00-11:00, held until 11:15
    holder.flush()
    outcome: dict[str, Any] = {}

    def racer() -> None:  # 11:00 clashes with the holder's buffer: waits for the holder's transaction
        session = world.database.sessionmaker()
        try:
            with conflicts.refuse_overlap(session):
                session.add(_raw_appointment(world, starts_at=at(3, 11), **trainer))
            outcome["result"] = "inserted"
        except conflicts.DoubleBooking as exc:
            outcome["result"] = exc
        finally:
            session.rollback()
            session.close()

    thread = threading.Thread(target=racer)
    thread.start()
    for _ in range(600):  # until the racer waits on the holder's row (a condition, not a pause to hope in)
        if _waiting_on_a_lock(world):
            break
        threading.Event().wait(0.1)
    try:
        holder.add(_raw_appointment(world, starts_at=at(3, 12), **trainer))  # clashes with the racer's 11:00-12:15
        holder.flush()  # waits on the racer: a cycle, and the racer, waiting longer, is cancelled
    finally:
        thread.join()
        holder.rollback()
        holder.close()
    assert isinstance(outcome["result"], conflicts.DoubleBooking), outcome
    assert outcome["result"].status == 409
