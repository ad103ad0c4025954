"""Builders shared by the progress tests and authorisation rows: photos made with Pillow, data via the services."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from PIL import Image

from fitnesscrm.core.actor import Actor
from fitnesscrm.progress.goals import service as goals_service
from fitnesscrm.progress.measurements import service as measurements_service
from fitnesscrm.progress.models import GoalDirection, PhotoPose
from fitnesscrm.progress.photos import service as photos_service

SYSTEM = Actor.system("test")
GPS_IFD = 0x8825


def jpeg_with_gps(size: tuple[int, int] = (640, 480), *, orientation: int | None = None) -> bytes:
    """A JPEG carrying EXIF with a GPS position, camera make and (optionally) an orientation tag."""
    image = Image.new("RGB", size, (200, 80, 40))
    image.paste((20, 120, 220), (0, 0, size[0] // 2, size[1] // 4))  # a marker: top-left band
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "PhoneModel 12"  # Model
    if orientation is not None:
        exif[0x0112] = orientation
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (51.0, 30.0, 12.5), 3: "W", 4: (0.0, 7.0, 39.9)})
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=90)
    return out.getvalue()


def png_bytes(size: tuple[int, int] = (64, 64)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, (0, 255, 0, 128)).save(out, "PNG")
    return out.getvalue()


def storage(app: Any) -> Any:
    return app.extensions["fitnesscrm"].storage


def secret(app: Any) -> str:
    return str(app.extensions["fitnesscrm"].settings.secret_key.get_secret_value())


def add_measurement(
    database: Any, client_id: uuid.UUID, metric: str, value: float, unit: str, at: datetime | None = None
) -> uuid.UUID:
    with database.session() as s:
        row = measurements_service.create_measurement(
            s,
            actor=SYSTEM,
            client_id=client_id,
            metric=metric,
            value=value,
            unit=unit,
            measured_at=at or datetime.now(UTC) - timedelta(hours=1),
        )
        return row.id


def add_goal(database: Any, client_id: uuid.UUID, **fields: Any) -> uuid.UUID:
    values: dict[str, Any] = {
        "metric": "body_weight",
        "direction": GoalDirection.DECREASE,
        "start_value": 90.0,
        "target_value": 80.0,
        "unit": "kg",
        **fields,
    }
    with database.session() as s:
        return goals_service.create_goal(s, actor=SYSTEM, client_id=client_id, **values).id


def add_photo(app: Any, client_id: uuid.UUID, *, pose: PhotoPose = PhotoPose.FRONT) -> uuid.UUID:
    with app.extensions["fitnesscrm"].database.session() as s:
        photo = photos_service.upload_photo(
            s,
            actor=SYSTEM,
            storage=storage(app),
            client_id=client_id,
            data=jpeg_with_gps((120, 90)),
            pose=pose,
            taken_on=date.today(),
            max_bytes=10 * 1024 * 1024,
        )
        return photo.id


def content_url(
    app: Any, photo_id: uuid.UUID, user_id: uuid.UUID, *, size: str = "full", expires: int | None = None
) -> str:
    expires = expires if expires is not None else int((datetime.now(UTC) + timedelta(minutes=5)).timestamp())
    sig = photos_service.signature(
        secret(app),
        photo_id=photo_id,
        size=size,  # type: ignore[arg-type]
        user_id=user_id,
        expires=expires,
    )
    return photos_service.content_path(photo_id, size=size, expires=expires, sig=sig)  # type: ignore[arg-type]


def add_exercise(database: Any, name: str = "Back squat") -> uuid.UUID:
    from fitnesscrm.training.models import Difficulty, Exercise, ExerciseCategory, Mechanics, Tracking

    with database.session() as s:
        exercise = Exercise(
            name=name,
            category=ExerciseCategory.STRENGTH,
            difficulty=Difficulty.INTERMEDIATE,
            mechanics=Mechanics.COMPOUND,
            tracking=Tracking.LOAD_REPS,
            primary_muscles=["quads"],
            search_text=name.lower(),
        )
        s.add(exercise)
        s.flush()
        return exercise.id


def add_workout(
    database: Any,
    client_id: uuid.UUID,
    exercise_id: uuid.UUID,
    performed_on: date,
    sets: list[tuple[float, int, bool]],
    *,
    completed: bool = True,
    e1rm: float | None = None,
) -> uuid.UUID:
    """A logged workout with (load_kg, reps, completed) sets; optionally an estimated-1RM record on its first set."""
    from fitnesscrm.training.models import PersonalRecord, RecordKind, SetLog, WorkoutLog, WorkoutStatus

    at = datetime.combine(performed_on, datetime.min.time(), tzinfo=UTC) + timedelta(hours=18)
    with database.session() as s:
        log = WorkoutLog(
            client_id=client_id,
            title="Lower body",
            performed_on=performed_on,
            status=WorkoutStatus.COMPLETED if completed else WorkoutStatus.IN_PROGRESS,
            completed_at=at if completed else None,
            planned=[],
        )
        s.add(log)
        s.flush()
        rows = [
            SetLog(
                workout_log_id=log.id,
                client_id=client_id,
                exercise_id=exercise_id,
                position=1,
                set_number=n,
                reps=reps,
                load_kg=load,
                load_unit="kg",
                completed=done,
                performed_at=at,
            )
            for n, (load, reps, done) in enumerate(sets, start=1)
        ]
        s.add_all(rows)
        s.flush()
        if e1rm is not None:
            s.add(
                PersonalRecord(
                    client_id=client_id,
                    exercise_id=exercise_id,
                    kind=RecordKind.ESTIMATED_1RM,
                    value=e1rm,
                    set_log_id=rows[0].id,
                    achieved_at=at,
                )
            )
        return log.id
