"""The demo seed's scheduling setup: rules, locations with rooms, services and weekly hours; idempotent."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, func, select

from fitnesscrm import demo
from fitnesscrm.core.actor import Actor
from fitnesscrm.core.audit import AuditEvent
from fitnesscrm.core.business import get_business
from fitnesscrm.core.db import utcnow
from fitnesscrm.models import Base
from fitnesscrm.scheduling.availability import service as availability_service
from fitnesscrm.scheduling.models import Appointment, Booking, BookingRules, Location, Room, Service, WorkingHours
from fitnesscrm.staff.models import Trainer

from ..factories import Factory


def _seed(factory: Factory) -> str:
    with factory.database.session() as s:
        return demo.seed(s)


def _row_counts(factory: Factory) -> dict[str, int]:
    with factory.database.session() as s:
        return {
            table.name: s.scalar(select(func.count()).select_from(table)) or 0 for table in Base.metadata.sorted_tables
        }


def test_the_demo_has_a_bookable_studio(factory: Factory) -> None:
    assert "2 locations and 5 services" in _seed(factory)
    with factory.database.session() as s:
        rules = s.get(BookingRules, 1)
        assert rules is not None
        assert rules.no_show_fee_minor == 1500
        business = get_business(s)
        assert (business.name, business.timezone, business.currency) == ("Riverside Fitness", "Europe/London", "GBP")
        assert sorted(s.scalars(select(Location.name))) == ["Camden Box", "Riverside Studio"]
        assert s.scalar(select(func.count()).select_from(Room)) == 5
        services = {svc.name: svc for svc in s.scalars(select(Service))}
        assert set(services) == {
            "PT session 60 min",
            "Assessment 30 min",
            "HIIT class 45 min",
            "Yoga flow 60 min",
            "Small-group strength 50 min",
        }
        pt = services["PT session 60 min"]
        assert (pt.kind, pt.duration_minutes, pt.buffer_minutes, pt.default_capacity) == ("one_to_one", 60, 15, 1)
        assert [
            services[n].default_capacity
            for n in ("HIIT class 45 min", "Yoga flow 60 min", "Small-group strength 50 min")
        ] == [12, 16, 6]
        with_hours = set(s.scalars(select(WorkingHours.trainer_id).distinct()))
        assert with_hours == set(s.scalars(select(Trainer.id)))
        assert len(with_hours) == 4
        # The hours really turn into slots for the PT session over the coming fortnight.
        now = utcnow()
        offered = availability_service.list_slots(
            s, actor=Actor.system(), service_id=pt.id, range_from=now, range_to=now + timedelta(days=14)
        )
        assert len({slot.trainer_id for slot in offered.items}) == 4


def test_seeding_twice_changes_nothing(factory: Factory) -> None:
    _seed(factory)
    before = _row_counts(factory)
    assert "nothing changed" in _seed(factory)
    assert _row_counts(factory) == before


def test_an_older_demo_gains_the_scheduling_setup_once(factory: Factory) -> None:
    _seed(factory)
    with factory.database.session() as s:  # as a demo seeded before scheduling existed
        for model in (Booking, Appointment, WorkingHours, Room, Location, Service, BookingRules):
            s.execute(delete(model))
    assert "added 2 locations and 5 services" in _seed(factory)
    after = _row_counts(factory)
    assert (after["locations"], after["services"]) == (2, 5)
    assert "nothing changed" in _seed(factory)
    assert _row_counts(factory) == after
    with factory.database.session() as s:
        actions = set(s.scalars(select(AuditEvent.action)))
    assert {"booking_rules.update", "location.create", "service.create", "working_hours.replace"} <= actions
