"""Session, class, booking, attendance and activity routes: parse, call the service, serialise."""

from __future__ import annotations

import uuid
from typing import Any

from apiflask import APIBlueprint

from ... import web
from ...core.schemas import PageQuery
from ..models import Appointment, Booking, BookingStatus
from . import read_models, service
from .schemas import (
    ActivityList,
    AttendanceIn,
    BookingIn,
    BookingList,
    BookingOut,
    BookingQuery,
    CancelIn,
    ClassIn,
    ClassList,
    ClassOut,
    ClassQuery,
    ClassUpdate,
    RosterOut,
    SessionIn,
    SessionList,
    SessionOut,
    SessionQuery,
    SessionUpdate,
    VoidIn,
)

bp = APIBlueprint("appointments", __name__, url_prefix="/api/v1", tag="Scheduling")

PAGE_ERRORS = [400, 401, 422]
EDIT_ERRORS = [401, 403, 404, 409, 422, 428]


def _session(appointment: Appointment, status: int = 200) -> Any:
    [body] = read_models.sessions(web.db(), [appointment])
    return web.with_etag(body, appointment, status)


def _class(appointment: Appointment, status: int = 200) -> Any:
    [body] = read_models.classes(web.db(), web.actor(), [read_models.class_row(web.db(), appointment.id)])
    return web.with_etag(body, appointment, status)


def _booking(booking: Booking, status: int = 200) -> Any:
    [body] = read_models.bookings(web.db(), [read_models.booking_row(web.db(), booking.id)])
    return body, status


# --- 1:1 sessions --------------------------------------------------------------------------------


@bp.get("/sessions")
@bp.input(SessionQuery, location="query", arg_name="query")
@bp.output(SessionList)
@bp.doc(summary="1:1 sessions in my scope, soonest first", responses=PAGE_ERRORS)
def list_sessions(query: SessionQuery) -> Any:
    page = service.list_sessions(
        web.db(),
        actor=web.actor(),
        range_from=query.from_,
        range_to=query.to,
        trainer_id=query.trainer_id,
        client_id=query.client_id,
        status=query.status,
        limit=query.limit,
        cursor=query.cursor,
    )
    return web.list_response(page, read_models.sessions(web.db(), page.items))


@bp.post("/sessions")
@bp.input(SessionIn, arg_name="body")
@bp.output(SessionOut, status_code=201)
@bp.doc(
    summary="Book a 1:1 session (clients: themselves, into an offered slot)", responses=[401, 402, 403, 404, 409, 422]
)
@web.idempotent
def create_session(body: SessionIn) -> Any:
    appointment = service.book_one_to_one_session(web.db(), actor=web.actor(), **body.model_dump())
    return _session(appointment, 201)


@bp.get("/sessions/<uuid:session_id>")
@bp.output(SessionOut)
@bp.doc(summary="One session", responses=[401, 404])
def get_session(session_id: uuid.UUID) -> Any:
    return _session(service.get_session(web.db(), actor=web.actor(), appointment_id=session_id))


@bp.patch("/sessions/<uuid:session_id>")
@bp.input(SessionUpdate, arg_name="body")
@bp.output(SessionOut)
@bp.doc(summary="Reschedule a session or edit its notes (staff; send If-Match)", responses=EDIT_ERRORS)
def update_session(session_id: uuid.UUID, body: SessionUpdate) -> Any:
    appointment = service.get_session(web.db(), actor=web.actor(), appointment_id=session_id)
    web.check_version(appointment)
    appointment = service.update_session(
        web.db(), actor=web.actor(), appointment=appointment, **body.model_dump(exclude_unset=True)
    )
    return _session(appointment)


@bp.post("/sessions/<uuid:session_id>/cancel")
@bp.input(CancelIn, arg_name="body")
@bp.output(SessionOut)
@bp.doc(
    summary="Cancel a session (a client inside the cancellation window: late cancellation)",
    responses=[401, 403, 404, 409, 422],
)
def cancel_session(session_id: uuid.UUID, body: CancelIn) -> Any:
    appointment = service.get_session(web.db(), actor=web.actor(), appointment_id=session_id)
    appointment = service.cancel_session(
        web.db(), actor=web.actor(), appointment=appointment, reason=body.reason, waive_penalty=body.waive_penalty
    )
    return _session(appointment)


# --- group classes -------------------------------------------------------------------------------


@bp.get("/classes")
@bp.input(ClassQuery, location="query", arg_name="query")
@bp.output(ClassList)
@bp.doc(summary="Classes with free places and waitlist length (clients: their own place)", responses=PAGE_ERRORS)
@web.revalidated
def list_classes(query: ClassQuery) -> Any:
    page = service.list_classes(
        web.db(),
        actor=web.actor(),
        range_from=query.from_,
        range_to=query.to,
        trainer_id=query.trainer_id,
        service_id=query.service_id,
        status=query.status,
        limit=query.limit,
        cursor=query.cursor,
    )
    return web.list_response(page, read_models.classes(web.db(), web.actor(), page.items))


@bp.post("/classes")
@bp.input(ClassIn, arg_name="body")
@bp.output(ClassOut, status_code=201)
@bp.doc(summary="Schedule a class (staff, on a calendar they manage)", responses=[401, 403, 404, 409, 422])
def create_class(body: ClassIn) -> Any:
    return _class(service.create_class(web.db(), actor=web.actor(), **body.model_dump()), 201)


@bp.get("/classes/<uuid:class_id>")
@bp.output(ClassOut)
@bp.doc(summary="One class", responses=[401, 404])
def get_class(class_id: uuid.UUID) -> Any:
    return _class(service.get_class(web.db(), actor=web.actor(), appointment_id=class_id))


@bp.patch("/classes/<uuid:class_id>")
@bp.input(ClassUpdate, arg_name="body")
@bp.output(ClassOut)
@bp.doc(summary="Reschedule or edit a class (staff; send If-Match)", responses=EDIT_ERRORS)
def update_class(class_id: uuid.UUID, body: ClassUpdate) -> Any:
    appointment = service.managed_class(web.db(), actor=web.actor(), appointment_id=class_id)
    web.check_version(appointment)
    appointment = service.update_class(
        web.db(), actor=web.actor(), appointment=appointment, **body.model_dump(exclude_unset=True)
    )
    return _class(appointment)


@bp.post("/classes/<uuid:class_id>/cancel")
@bp.input(CancelIn, arg_name="body")
@bp.output(ClassOut)
@bp.doc(summary="Cancel a class and every place in it (staff)", responses=[401, 403, 404, 409, 422])
def cancel_class(class_id: uuid.UUID, body: CancelIn) -> Any:
    appointment = service.managed_class(web.db(), actor=web.actor(), appointment_id=class_id)
    return _class(service.cancel_class(web.db(), actor=web.actor(), appointment=appointment, reason=body.reason))


@bp.get("/classes/<uuid:class_id>/roster")
@bp.output(RosterOut)
@bp.doc(
    summary="Who is booked, attended and waiting (the class's trainer and admins)",
    description="Not paginated: one class's places (its capacity is at most 1,000) and its waiting list.",
    responses=[401, 403, 404],
)
def class_roster(class_id: uuid.UUID) -> Any:
    appointment = service.managed_class(web.db(), actor=web.actor(), appointment_id=class_id)
    return read_models.roster(web.db(), appointment)


# --- bookings ------------------------------------------------------------------------------------


@bp.get("/bookings")
@bp.input(BookingQuery, location="query", arg_name="query")
@bp.output(BookingList)
@bp.doc(summary="Bookings in my scope (clients: their own; trainers: in their appointments)", responses=PAGE_ERRORS)
def list_bookings(query: BookingQuery) -> Any:
    page = service.list_bookings(
        web.db(),
        actor=web.actor(),
        client_id=query.client_id,
        appointment_id=query.appointment_id,
        status=query.status,
        when=query.when,
        cancelled=query.cancelled,
        limit=query.limit,
        cursor=query.cursor,
    )
    return web.list_response(page, read_models.bookings(web.db(), page.items))


@bp.post("/bookings")
@bp.input(BookingIn, arg_name="body")
@bp.output(BookingOut, status_code=201)
@bp.doc(
    summary="Book a place in a class (full: waitlisted with its position)", responses=[401, 402, 403, 404, 409, 422]
)
@web.idempotent
def create_booking(body: BookingIn) -> Any:
    booking = service.create_booking(
        web.db(),
        actor=web.actor(),
        appointment_id=body.appointment_id,
        client_id=body.client_id,
        waitlist=body.waitlist,
    )
    return _booking(booking, 201)


@bp.get("/bookings/<uuid:booking_id>")
@bp.output(BookingOut)
@bp.doc(summary="One booking", responses=[401, 404])
def get_booking(booking_id: uuid.UUID) -> Any:
    return _booking(service.get_booking(web.db(), actor=web.actor(), booking_id=booking_id))


@bp.post("/bookings/<uuid:booking_id>/cancel")
@bp.input(CancelIn, arg_name="body")
@bp.output(BookingOut)
@bp.doc(
    summary="Cancel a booking; the freed place goes to the earliest waitlisted client",
    responses=[401, 403, 404, 409, 422],
)
def cancel_booking(booking_id: uuid.UUID, body: CancelIn) -> Any:
    booking = service.get_booking(web.db(), actor=web.actor(), booking_id=booking_id)
    booking = service.cancel_booking(
        web.db(), actor=web.actor(), booking=booking, reason=body.reason, waive_penalty=body.waive_penalty
    )
    return _booking(booking)


@bp.post("/bookings/<uuid:booking_id>/check-in")
@bp.output(BookingOut)
@bp.doc(
    summary="Check a client in: attended, now; from check_in_opens_at, shortly before the start (staff)",
    responses=[401, 403, 404, 409],
)
def check_in(booking_id: uuid.UUID) -> Any:
    booking = service.staff_booking(web.db(), actor=web.actor(), booking_id=booking_id)
    return _booking(service.check_in(web.db(), actor=web.actor(), booking=booking))


@bp.post("/bookings/<uuid:booking_id>/attendance")
@bp.input(AttendanceIn, arg_name="body")
@bp.output(BookingOut)
@bp.doc(
    summary="Record or correct attendance from the start: attended, no-show, late-cancelled, or booked to take "
    "a mark back (staff; audited)",
    responses=[401, 403, 404, 409, 422],
)
def record_attendance(booking_id: uuid.UUID, body: AttendanceIn) -> Any:
    booking = service.staff_booking(web.db(), actor=web.actor(), booking_id=booking_id)
    booking = service.record_attendance(
        web.db(),
        actor=web.actor(),
        booking=booking,
        status=BookingStatus(body.status),
        waive_penalty=body.waive_penalty,
    )
    return _booking(booking)


@bp.post("/bookings/<uuid:booking_id>/void")
@bp.input(VoidIn, arg_name="body")
@bp.output(BookingOut)
@bp.doc(
    summary="Void a booking made by mistake, after its start, with a reason (staff; audited, no penalty)",
    responses=[401, 403, 404, 409, 422],
)
def void_booking(booking_id: uuid.UUID, body: VoidIn) -> Any:
    booking = service.staff_booking(web.db(), actor=web.actor(), booking_id=booking_id)
    return _booking(service.void_booking(web.db(), actor=web.actor(), booking=booking, reason=body.reason))


# --- activity ------------------------------------------------------------------------------------


@bp.get("/clients/<uuid:client_id>/activity")
@bp.input(PageQuery, location="query", arg_name="query")
@bp.output(ActivityList)
@bp.doc(
    summary="The client's timeline of booking events, newest first", tags=["Clients"], responses=[*PAGE_ERRORS, 404]
)
def client_activity(client_id: uuid.UUID, query: PageQuery) -> Any:
    page = service.list_activity(
        web.db(), actor=web.actor(), client_id=client_id, limit=query.limit, cursor=query.cursor
    )
    return web.list_response(page, page.items)
