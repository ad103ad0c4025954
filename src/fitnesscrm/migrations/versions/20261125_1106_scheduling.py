"""Scheduling: locations, services, availability, series, appointments, bookings; domain events; idempotency keys.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 11:06:45.294260
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "booking_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("min_notice_minutes", sa.Integer(), nullable=False),
        sa.Column("max_advance_days", sa.Integer(), nullable=False),
        sa.Column("cancellation_window_hours", sa.Integer(), nullable=False),
        sa.Column(
            "late_cancel_policy",
            sa.Enum("none", "forfeit_credit", "fee", name="penaltypolicy", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("late_cancel_fee_minor", sa.Integer(), nullable=False),
        sa.Column(
            "no_show_policy",
            sa.Enum("none", "forfeit_credit", "fee", name="penaltypolicy", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("no_show_fee_minor", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("slot_interval_minutes", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("id = 1", name=op.f("ck_booking_rules_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booking_rules")),
    )
    op.create_table(
        "domain_events",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("subject_type", sa.String(length=40), nullable=False),
        sa.Column("subject_id", sa.String(length=64), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=True),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_domain_events")),
    )
    op.create_index("ix_domain_events_client_occurred", "domain_events", ["client_id", "occurred_at"], unique=False)
    op.create_index("ix_domain_events_undelivered", "domain_events", ["delivered_at", "occurred_at"], unique=False)
    op.create_table(
        "idempotency_keys",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("owner", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("response_body", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idempotency_keys")),
        sa.UniqueConstraint("owner", "key", name=op.f("uq_idempotency_keys_owner_key")),
    )
    op.create_index(op.f("ix_idempotency_keys_created_at"), "idempotency_keys", ["created_at"], unique=False)
    op.create_table(
        "locations",
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("address", sa.String(length=400), nullable=True),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_locations")),
    )
    op.create_table(
        "services",
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("description", sa.String(length=2000), nullable=True),
        sa.Column(
            "kind", sa.Enum("one_to_one", "group", name="servicekind", native_enum=False, length=20), nullable=False
        ),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("buffer_minutes", sa.Integer(), nullable=False),
        sa.Column("default_capacity", sa.Integer(), nullable=False),
        sa.Column("colour", sa.String(length=7), nullable=False),
        sa.Column("client_bookable", sa.Boolean(), nullable=False),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("buffer_minutes BETWEEN 0 AND 240", name=op.f("ck_services_buffer_range")),
        sa.CheckConstraint("default_capacity >= 1", name=op.f("ck_services_capacity_positive")),
        sa.CheckConstraint("duration_minutes BETWEEN 5 AND 720", name=op.f("ck_services_duration_range")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_services")),
    )
    op.create_table(
        "availability_exceptions",
        sa.Column("trainer_id", sa.Uuid(), nullable=False),
        sa.Column("location_id", sa.Uuid(), nullable=True),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("unavailable", "available", name="exceptionkind", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("start_time", sa.Time(), nullable=True),
        sa.Column("end_time", sa.Time(), nullable=True),
        sa.Column("reason", sa.String(length=200), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind = 'unavailable' OR start_time IS NOT NULL",
            name=op.f("ck_availability_exceptions_available_needs_times"),
        ),
        sa.CheckConstraint(
            "(start_time IS NULL) = (end_time IS NULL)", name=op.f("ck_availability_exceptions_times_together")
        ),
        sa.CheckConstraint(
            "start_time IS NULL OR start_time < end_time", name=op.f("ck_availability_exceptions_start_before_end")
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["locations.id"],
            name=op.f("fk_availability_exceptions_location_id_locations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["trainer_id"],
            ["trainers.id"],
            name=op.f("fk_availability_exceptions_trainer_id_trainers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_availability_exceptions")),
    )
    op.create_index(
        "ix_availability_exceptions_trainer_on_date", "availability_exceptions", ["trainer_id", "on_date"], unique=False
    )
    op.create_table(
        "rooms",
        sa.Column("location_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"], ["locations.id"], name=op.f("fk_rooms_location_id_locations"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rooms")),
        sa.UniqueConstraint("location_id", "name", name=op.f("uq_rooms_location_id_name")),
    )
    op.create_index(op.f("ix_rooms_location_id"), "rooms", ["location_id"], unique=False)
    op.create_table(
        "time_off",
        sa.Column("trainer_id", sa.Uuid(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("starts_at < ends_at", name=op.f("ck_time_off_start_before_end")),
        sa.ForeignKeyConstraint(
            ["trainer_id"], ["trainers.id"], name=op.f("fk_time_off_trainer_id_trainers"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_time_off")),
    )
    op.create_index("ix_time_off_trainer_starts_at", "time_off", ["trainer_id", "starts_at"], unique=False)
    op.create_table(
        "working_hours",
        sa.Column("trainer_id", sa.Uuid(), nullable=False),
        sa.Column("location_id", sa.Uuid(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=False),
        sa.Column("end_time", sa.Time(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint("start_time < end_time", name=op.f("ck_working_hours_start_before_end")),
        sa.CheckConstraint("weekday BETWEEN 0 AND 6", name=op.f("ck_working_hours_weekday_range")),
        sa.ForeignKeyConstraint(
            ["location_id"], ["locations.id"], name=op.f("fk_working_hours_location_id_locations"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["trainer_id"], ["trainers.id"], name=op.f("fk_working_hours_trainer_id_trainers"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_working_hours")),
    )
    op.create_index("ix_working_hours_trainer_weekday", "working_hours", ["trainer_id", "weekday"], unique=False)
    op.create_table(
        "calendar_feeds",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_calendar_feeds_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_feeds")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_calendar_feeds_token_hash")),
    )
    op.create_index(op.f("ix_calendar_feeds_user_id"), "calendar_feeds", ["user_id"], unique=False)
    op.create_table(
        "series",
        sa.Column("service_id", sa.Uuid(), nullable=False),
        sa.Column("trainer_id", sa.Uuid(), nullable=False),
        sa.Column("location_id", sa.Uuid(), nullable=True),
        sa.Column("room_id", sa.Uuid(), nullable=True),
        sa.Column("client_id", sa.Uuid(), nullable=True),
        sa.Column("title", sa.String(length=120), nullable=True),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("rrule", sa.String(length=500), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("materialised_until", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["client_id"], ["clients.id"], name=op.f("fk_series_client_id_clients")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_series_created_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["location_id"], ["locations.id"], name=op.f("fk_series_location_id_locations")),
        sa.ForeignKeyConstraint(["room_id"], ["rooms.id"], name=op.f("fk_series_room_id_rooms")),
        sa.ForeignKeyConstraint(["service_id"], ["services.id"], name=op.f("fk_series_service_id_services")),
        sa.ForeignKeyConstraint(["trainer_id"], ["trainers.id"], name=op.f("fk_series_trainer_id_trainers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_series")),
    )
    op.create_index(op.f("ix_series_trainer_id"), "series", ["trainer_id"], unique=False)
    op.create_table(
        "appointments",
        sa.Column("service_id", sa.Uuid(), nullable=False),
        sa.Column(
            "kind", sa.Enum("one_to_one", "group", name="servicekind", native_enum=False, length=20), nullable=False
        ),
        sa.Column("trainer_id", sa.Uuid(), nullable=False),
        sa.Column("location_id", sa.Uuid(), nullable=True),
        sa.Column("room_id", sa.Uuid(), nullable=True),
        sa.Column("title", sa.String(length=120), nullable=True),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("blocked_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("scheduled", "cancelled", name="appointmentstatus", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancel_reason", sa.String(length=500), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("series_id", sa.Uuid(), nullable=True),
        sa.Column("original_start", sa.DateTime(timezone=True), nullable=True),
        sa.Column("detached", sa.Boolean(), nullable=False),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("capacity >= 1", name=op.f("ck_appointments_capacity_positive")),
        sa.CheckConstraint("ends_at <= blocked_until", name=op.f("ck_appointments_buffer_after_end")),
        sa.CheckConstraint("starts_at < ends_at", name=op.f("ck_appointments_start_before_end")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_appointments_created_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["location_id"], ["locations.id"], name=op.f("fk_appointments_location_id_locations")),
        sa.ForeignKeyConstraint(["room_id"], ["rooms.id"], name=op.f("fk_appointments_room_id_rooms")),
        sa.ForeignKeyConstraint(
            ["series_id"], ["series.id"], name=op.f("fk_appointments_series_id_series"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["service_id"], ["services.id"], name=op.f("fk_appointments_service_id_services")),
        sa.ForeignKeyConstraint(["trainer_id"], ["trainers.id"], name=op.f("fk_appointments_trainer_id_trainers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appointments")),
        sa.UniqueConstraint("series_id", "original_start", name=op.f("uq_appointments_series_id_original_start")),
    )
    op.create_index(op.f("ix_appointments_room_id"), "appointments", ["room_id"], unique=False)
    op.create_index(op.f("ix_appointments_series_id"), "appointments", ["series_id"], unique=False)
    op.create_index(op.f("ix_appointments_service_id"), "appointments", ["service_id"], unique=False)
    op.create_index("ix_appointments_starts_at", "appointments", ["starts_at"], unique=False)
    op.create_index("ix_appointments_trainer_starts_at", "appointments", ["trainer_id", "starts_at"], unique=False)
    op.create_table(
        "bookings",
        sa.Column("appointment_id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "booked",
                "waitlisted",
                "cancelled",
                "late_cancelled",
                "attended",
                "no_show",
                name="bookingstatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("blocked_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("waitlisted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("promoted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("checked_in_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attendance_marked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "penalty",
            sa.Enum("none", "forfeit_credit", "fee", name="penaltypolicy", native_enum=False, length=20),
            nullable=True,
        ),
        sa.Column("booked_by_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["appointment_id"],
            ["appointments.id"],
            name=op.f("fk_bookings_appointment_id_appointments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["booked_by_id"], ["users.id"], name=op.f("fk_bookings_booked_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["client_id"], ["clients.id"], name=op.f("fk_bookings_client_id_clients")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bookings")),
    )
    op.create_index(op.f("ix_bookings_appointment_id"), "bookings", ["appointment_id"], unique=False)
    op.create_index("ix_bookings_client_starts_at", "bookings", ["client_id", "starts_at"], unique=False)
    op.create_index(
        "ix_bookings_reminder_due",
        "bookings",
        ["starts_at"],
        unique=False,
        postgresql_where=sa.text("status = 'booked' AND reminded_at IS NULL"),
        sqlite_where=sa.text("status = 'booked' AND reminded_at IS NULL"),
    )
    op.create_index(
        "uq_bookings_live_client",
        "bookings",
        ["appointment_id", "client_id"],
        unique=True,
        postgresql_where=sa.text("status IN ('booked', 'waitlisted', 'attended')"),
        sqlite_where=sa.text("status IN ('booked', 'waitlisted', 'attended')"),
    )

    if op.get_bind().dialect.name == "postgresql":
        # No double booking, enforced by the database (see scheduling/conflicts.py). btree_gist lets a gist
        # index compare uuids with "=" beside the range overlap "&&"; it is a trusted extension (PG 13+).
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        op.execute(
            "ALTER TABLE appointments ADD CONSTRAINT ex_appointments_trainer_overlap EXCLUDE USING gist "
            "(trainer_id WITH =, tstzrange(starts_at, blocked_until, '[)') WITH &&) WHERE (status = 'scheduled')"
        )
        op.execute(
            "ALTER TABLE appointments ADD CONSTRAINT ex_appointments_room_overlap EXCLUDE USING gist "
            "(room_id WITH =, tstzrange(starts_at, blocked_until, '[)') WITH &&) "
            "WHERE (status = 'scheduled' AND room_id IS NOT NULL)"
        )
        op.execute(
            "ALTER TABLE bookings ADD CONSTRAINT ex_bookings_client_overlap EXCLUDE USING gist "
            "(client_id WITH =, tstzrange(starts_at, blocked_until, '[)') WITH &&) "
            "WHERE (status IN ('booked', 'attended'))"
        )


def downgrade() -> None:
    op.drop_index(
        "uq_bookings_live_client",
        table_name="bookings",
        postgresql_where=sa.text("status IN ('booked', 'waitlisted', 'attended')"),
        sqlite_where=sa.text("status IN ('booked', 'waitlisted', 'attended')"),
    )
    op.drop_index("ix_bookings_reminder_due", table_name="bookings")
    op.drop_index("ix_bookings_client_starts_at", table_name="bookings")
    op.drop_index(op.f("ix_bookings_appointment_id"), table_name="bookings")
    op.drop_table("bookings")
    op.drop_index("ix_appointments_trainer_starts_at", table_name="appointments")
    op.drop_index("ix_appointments_starts_at", table_name="appointments")
    op.drop_index(op.f("ix_appointments_service_id"), table_name="appointments")
    op.drop_index(op.f("ix_appointments_series_id"), table_name="appointments")
    op.drop_index(op.f("ix_appointments_room_id"), table_name="appointments")
    op.drop_table("appointments")
    op.drop_index(op.f("ix_series_trainer_id"), table_name="series")
    op.drop_table("series")
    op.drop_index(op.f("ix_calendar_feeds_user_id"), table_name="calendar_feeds")
    op.drop_table("calendar_feeds")
    op.drop_index("ix_working_hours_trainer_weekday", table_name="working_hours")
    op.drop_table("working_hours")
    op.drop_index("ix_time_off_trainer_starts_at", table_name="time_off")
    op.drop_table("time_off")
    op.drop_index(op.f("ix_rooms_location_id"), table_name="rooms")
    op.drop_table("rooms")
    op.drop_index("ix_availability_exceptions_trainer_on_date", table_name="availability_exceptions")
    op.drop_table("availability_exceptions")
    op.drop_table("services")
    op.drop_table("locations")
    op.drop_index(op.f("ix_idempotency_keys_created_at"), table_name="idempotency_keys")
    op.drop_table("idempotency_keys")
    op.drop_index("ix_domain_events_undelivered", table_name="domain_events")
    op.drop_index("ix_domain_events_client_occurred", table_name="domain_events")
    op.drop_table("domain_events")
    op.drop_table("booking_rules")
