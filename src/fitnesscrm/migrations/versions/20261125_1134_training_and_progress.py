"""Training (exercises, templates, programmes, assignments, logs, records) and progress (metrics, goals, photos).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 11:34:26.283368
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "metric_definitions",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column(
            "quantity",
            sa.Enum(
                "mass",
                "length",
                "percent",
                "heart_rate",
                "count",
                "duration",
                name="quantity",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("is_builtin", sa.Boolean(), nullable=False),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_metric_definitions")),
        sa.UniqueConstraint("key", name=op.f("uq_metric_definitions_key")),
    )
    op.create_table(
        "programs",
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("description", sa.String(length=2000), nullable=True),
        sa.Column("weeks", sa.Integer(), nullable=False),
        sa.Column("progression", sa.JSON(), nullable=False),
        sa.Column("owner_trainer_id", sa.Uuid(), nullable=True),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("weeks BETWEEN 1 AND 52", name=op.f("ck_programs_weeks_range")),
        sa.ForeignKeyConstraint(
            ["owner_trainer_id"],
            ["trainers.id"],
            name=op.f("fk_programs_owner_trainer_id_trainers"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programs")),
    )
    op.create_index(op.f("ix_programs_owner_trainer_id"), "programs", ["owner_trainer_id"], unique=False)
    op.create_table(
        "workout_templates",
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("description", sa.String(length=2000), nullable=True),
        sa.Column("blocks", sa.JSON(), nullable=False),
        sa.Column("owner_trainer_id", sa.Uuid(), nullable=True),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_trainer_id"],
            ["trainers.id"],
            name=op.f("fk_workout_templates_owner_trainer_id_trainers"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workout_templates")),
    )
    op.create_index(
        op.f("ix_workout_templates_owner_trainer_id"), "workout_templates", ["owner_trainer_id"], unique=False
    )
    op.create_table(
        "exercises",
        sa.Column("slug", sa.String(length=120), nullable=True),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column(
            "category",
            sa.Enum(
                "strength",
                "cardio",
                "plyometric",
                "mobility",
                "core",
                "stretching",
                name="exercisecategory",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("primary_muscles", sa.JSON(), nullable=False),
        sa.Column("secondary_muscles", sa.JSON(), nullable=False),
        sa.Column("equipment", sa.JSON(), nullable=False),
        sa.Column(
            "difficulty",
            sa.Enum("beginner", "intermediate", "advanced", name="difficulty", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column(
            "mechanics",
            sa.Enum("compound", "isolation", name="mechanics", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column(
            "tracking",
            sa.Enum("load_reps", "reps", "time", "distance_time", name="tracking", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("instructions", sa.Text(), nullable=False),
        sa.Column("safety_cues", sa.Text(), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("search_text", sa.String(length=2000), nullable=False),
        sa.Column("is_builtin", sa.Boolean(), nullable=False),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_exercises_created_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exercises")),
        sa.UniqueConstraint("slug", name=op.f("uq_exercises_slug")),
    )
    op.create_index(op.f("ix_exercises_category"), "exercises", ["category"], unique=False)
    op.create_index(op.f("ix_exercises_is_builtin"), "exercises", ["is_builtin"], unique=False)
    op.create_table(
        "measurements",
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("metric_id", sa.Uuid(), nullable=False),
        sa.Column("measured_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("value", sa.LargeBinary(), nullable=False),
        sa.Column("entered_value", sa.LargeBinary(), nullable=False),
        sa.Column("entered_unit", sa.String(length=8), nullable=False),
        sa.Column("notes", sa.LargeBinary(), nullable=True),
        sa.Column("recorded_by_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name=op.f("fk_measurements_client_id_clients"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["metric_id"], ["metric_definitions.id"], name=op.f("fk_measurements_metric_id_metric_definitions")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name=op.f("fk_measurements_recorded_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measurements")),
    )
    op.create_index(
        "ix_measurements_client_metric_measured",
        "measurements",
        ["client_id", "metric_id", "measured_at"],
        unique=False,
    )
    op.create_table(
        "program_days",
        sa.Column("program_id", sa.Uuid(), nullable=False),
        sa.Column("week", sa.Integer(), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint("day BETWEEN 1 AND 7", name=op.f("ck_program_days_day_range")),
        sa.ForeignKeyConstraint(
            ["program_id"], ["programs.id"], name=op.f("fk_program_days_program_id_programs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["template_id"], ["workout_templates.id"], name=op.f("fk_program_days_template_id_workout_templates")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_days")),
        sa.UniqueConstraint("program_id", "week", "day", name=op.f("uq_program_days_program_id_week_day")),
    )
    op.create_table(
        "progress_photos",
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column(
            "pose", sa.Enum("front", "side", "back", name="photopose", native_enum=False, length=20), nullable=False
        ),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("storage_key", sa.String(length=200), nullable=False),
        sa.Column("thumbnail_key", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=40), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("uploaded_by_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name=op.f("fk_progress_photos_client_id_clients"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"], ["users.id"], name=op.f("fk_progress_photos_uploaded_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_progress_photos")),
    )
    op.create_index("ix_progress_photos_client_taken", "progress_photos", ["client_id", "taken_on"], unique=False)
    op.create_table(
        "goals",
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("metric_id", sa.Uuid(), nullable=True),
        sa.Column("exercise_id", sa.Uuid(), nullable=True),
        sa.Column(
            "direction",
            sa.Enum("increase", "decrease", "reach", name="goaldirection", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("start_value", sa.Float(), nullable=False),
        sa.Column("target_value", sa.Float(), nullable=False),
        sa.Column("display_unit", sa.String(length=8), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("milestones", sa.JSON(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("active", "achieved", "abandoned", name="goalstatus", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("achieved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name=op.f("fk_goals_client_id_clients"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_goals_created_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["exercise_id"], ["exercises.id"], name=op.f("fk_goals_exercise_id_exercises")),
        sa.ForeignKeyConstraint(
            ["metric_id"], ["metric_definitions.id"], name=op.f("fk_goals_metric_id_metric_definitions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goals")),
    )
    op.create_index("ix_goals_client_status", "goals", ["client_id", "status"], unique=False)
    op.create_table(
        "program_assignments",
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("program_id", sa.Uuid(), nullable=True),
        sa.Column("template_id", sa.Uuid(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("appointment_id", sa.Uuid(), nullable=True),
        sa.Column(
            "status",
            sa.Enum("active", "completed", "cancelled", name="assignmentstatus", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("notes", sa.String(length=2000), nullable=True),
        sa.Column("assigned_by_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(program_id IS NULL) <> (template_id IS NULL)", name=op.f("ck_program_assignments_program_xor_template")
        ),
        sa.ForeignKeyConstraint(
            ["appointment_id"],
            ["appointments.id"],
            name=op.f("fk_program_assignments_appointment_id_appointments"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["assigned_by_id"],
            ["users.id"],
            name=op.f("fk_program_assignments_assigned_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name=op.f("fk_program_assignments_client_id_clients"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["program_id"], ["programs.id"], name=op.f("fk_program_assignments_program_id_programs")
        ),
        sa.ForeignKeyConstraint(
            ["template_id"], ["workout_templates.id"], name=op.f("fk_program_assignments_template_id_workout_templates")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_assignments")),
    )
    op.create_index(
        op.f("ix_program_assignments_appointment_id"), "program_assignments", ["appointment_id"], unique=False
    )
    op.create_index(
        "ix_program_assignments_client_start", "program_assignments", ["client_id", "start_date"], unique=False
    )
    op.create_table(
        "workout_logs",
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("assignment_id", sa.Uuid(), nullable=True),
        sa.Column("template_id", sa.Uuid(), nullable=True),
        sa.Column("program_week", sa.Integer(), nullable=True),
        sa.Column("program_day", sa.Integer(), nullable=True),
        sa.Column("appointment_id", sa.Uuid(), nullable=True),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("performed_on", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("in_progress", "completed", name="workoutstatus", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("planned", sa.JSON(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("logged_by_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["appointment_id"],
            ["appointments.id"],
            name=op.f("fk_workout_logs_appointment_id_appointments"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["program_assignments.id"],
            name=op.f("fk_workout_logs_assignment_id_program_assignments"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name=op.f("fk_workout_logs_client_id_clients"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["logged_by_id"], ["users.id"], name=op.f("fk_workout_logs_logged_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["workout_templates.id"],
            name=op.f("fk_workout_logs_template_id_workout_templates"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workout_logs")),
    )
    op.create_index("ix_workout_logs_client_performed", "workout_logs", ["client_id", "performed_on"], unique=False)
    op.create_table(
        "set_logs",
        sa.Column("workout_log_id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("exercise_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("set_number", sa.Integer(), nullable=False),
        sa.Column("reps", sa.Integer(), nullable=True),
        sa.Column("load_kg", sa.Float(), nullable=True),
        sa.Column("load_unit", sa.String(length=2), nullable=True),
        sa.Column("duration_seconds", sa.Integer(), nullable=True),
        sa.Column("distance_m", sa.Float(), nullable=True),
        sa.Column("rpe", sa.Float(), nullable=True),
        sa.Column("completed", sa.Boolean(), nullable=False),
        sa.Column("performed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint("rpe IS NULL OR (rpe >= 1 AND rpe <= 10)", name=op.f("ck_set_logs_rpe_range")),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name=op.f("fk_set_logs_client_id_clients"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["exercise_id"], ["exercises.id"], name=op.f("fk_set_logs_exercise_id_exercises")),
        sa.ForeignKeyConstraint(
            ["workout_log_id"],
            ["workout_logs.id"],
            name=op.f("fk_set_logs_workout_log_id_workout_logs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_set_logs")),
        sa.UniqueConstraint(
            "workout_log_id", "position", "set_number", name=op.f("uq_set_logs_workout_log_id_position_set_number")
        ),
    )
    op.create_index("ix_set_logs_client_exercise", "set_logs", ["client_id", "exercise_id"], unique=False)
    op.create_index("ix_set_logs_client_performed", "set_logs", ["client_id", "performed_at"], unique=False)
    op.create_table(
        "personal_records",
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("exercise_id", sa.Uuid(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "estimated_1rm",
                "heaviest_set",
                "set_volume",
                "most_reps",
                "longest_time",
                name="recordkind",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("previous_value", sa.Float(), nullable=True),
        sa.Column("set_log_id", sa.Uuid(), nullable=False),
        sa.Column("achieved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name=op.f("fk_personal_records_client_id_clients"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["exercise_id"], ["exercises.id"], name=op.f("fk_personal_records_exercise_id_exercises")
        ),
        sa.ForeignKeyConstraint(
            ["set_log_id"], ["set_logs.id"], name=op.f("fk_personal_records_set_log_id_set_logs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_personal_records")),
    )
    op.create_index(
        "ix_personal_records_client_exercise_kind",
        "personal_records",
        ["client_id", "exercise_id", "kind"],
        unique=False,
    )
    op.add_column("users", sa.Column("unit_system", sa.String(length=8), server_default="metric", nullable=False))


def downgrade() -> None:
    op.drop_column("users", "unit_system")
    op.drop_index("ix_personal_records_client_exercise_kind", table_name="personal_records")
    op.drop_table("personal_records")
    op.drop_index("ix_set_logs_client_performed", table_name="set_logs")
    op.drop_index("ix_set_logs_client_exercise", table_name="set_logs")
    op.drop_table("set_logs")
    op.drop_index("ix_workout_logs_client_performed", table_name="workout_logs")
    op.drop_table("workout_logs")
    op.drop_index("ix_program_assignments_client_start", table_name="program_assignments")
    op.drop_index(op.f("ix_program_assignments_appointment_id"), table_name="program_assignments")
    op.drop_table("program_assignments")
    op.drop_index("ix_goals_client_status", table_name="goals")
    op.drop_table("goals")
    op.drop_index("ix_progress_photos_client_taken", table_name="progress_photos")
    op.drop_table("progress_photos")
    op.drop_table("program_days")
    op.drop_index("ix_measurements_client_metric_measured", table_name="measurements")
    op.drop_table("measurements")
    op.drop_index(op.f("ix_exercises_is_builtin"), table_name="exercises")
    op.drop_index(op.f("ix_exercises_category"), table_name="exercises")
    op.drop_table("exercises")
    op.drop_index(op.f("ix_workout_templates_owner_trainer_id"), table_name="workout_templates")
    op.drop_table("workout_templates")
    op.drop_index(op.f("ix_programs_owner_trainer_id"), table_name="programs")
    op.drop_table("programs")
    op.drop_table("metric_definitions")
