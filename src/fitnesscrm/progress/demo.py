"""Demo progress data: goals with milestones, eight weeks of measurements and the portal client's photos.

Written through the progress services (canonical units, encryption, goal status, audit). The photos are
generated placeholders, a plain shape with the pose and date written on it, never pictures of people;
they are uploaded like real ones, so they are re-encoded, thumbnailed and encrypted by the storage layer.
"""

from __future__ import annotations

import io
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from PIL import Image, ImageDraw, ImageFont
from sqlalchemy.orm import Session

from ..core.storage import Storage
from ..training.records import estimated_1rm
from .goals import service as goals_service
from .measurements import service as measurements_service
from .metrics.service import sync_builtin_metrics
from .models import GoalDirection, PhotoPose
from .photos import service as photos_service
from .units import LB_IN_KG

if TYPE_CHECKING:
    from ..training.demo import DemoClient

PHOTO_MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Trend:
    """A value at the start and its change per week; readings scatter around the line."""

    start: float
    per_week: float
    noise: float

    def at(self, rng: random.Random, weeks: float) -> float:
        return self.start + self.per_week * weeks + rng.gauss(0, self.noise)


def _profile(rng: random.Random, demo: DemoClient) -> dict[str, Trend]:
    if demo.portal:  # the story the portal shows: 90 kg towards 82 kg, waist and heart rate coming down
        return {
            "body_weight": Trend(90.0, -0.55, 0.3),
            "body_fat": Trend(28.0, -0.3, 0.3),
            "waist": Trend(98.0, -0.5, 0.3),
            "resting_heart_rate": Trend(68.0, -0.4, 1.2),
        }
    if demo.program == "Fat-loss circuit":
        return {
            "body_weight": Trend(rng.uniform(78, 98), -rng.uniform(0.35, 0.7), 0.35),
            "body_fat": Trend(rng.uniform(26, 36), -rng.uniform(0.15, 0.35), 0.4),
            "waist": Trend(rng.uniform(88, 104), -rng.uniform(0.3, 0.6), 0.4),
            "resting_heart_rate": Trend(rng.uniform(64, 76), -rng.uniform(0.2, 0.5), 1.5),
        }
    return {
        "body_weight": Trend(rng.uniform(60, 88), rng.uniform(-0.05, 0.15), 0.35),
        "body_fat": Trend(rng.uniform(16, 26), -rng.uniform(0.05, 0.2), 0.4),
        "waist": Trend(rng.uniform(74, 92), -rng.uniform(0.0, 0.2), 0.4),
        "resting_heart_rate": Trend(rng.uniform(56, 70), -rng.uniform(0.1, 0.3), 1.5),
    }


def seed_progress(
    session: Session, *, rng: random.Random, clients: Sequence[DemoClient], today: date, storage: Storage | None
) -> None:
    for demo in clients:
        profile = _profile(rng, demo)
        _goals(session, demo, profile)
        _measurements(session, rng, demo, profile, today)
        if demo.portal and demo.client_actor is not None and storage is not None:
            for taken_on, slimmer in ((demo.start, 1.0), (today, 0.92)):
                for pose in PhotoPose:
                    photos_service.upload_photo(
                        session,
                        actor=demo.client_actor,
                        storage=storage,
                        client_id=demo.client_id,
                        data=placeholder_photo(pose, taken_on, slimmer),
                        pose=pose,
                        taken_on=taken_on,
                        max_bytes=PHOTO_MAX_BYTES,
                    )


def _goals(session: Session, demo: DemoClient, profile: dict[str, Trend]) -> None:
    def goal(**fields: object) -> None:
        goals_service.create_goal(
            session,
            actor=demo.actor,
            client_id=demo.client_id,
            start_date=demo.start,
            deadline=demo.start + timedelta(weeks=16),
            **fields,  # type: ignore[arg-type]
        )

    weight = round(profile["body_weight"].start, 1)
    waist = round(profile["waist"].start)
    if demo.portal:
        goal(
            metric="body_weight",
            direction=GoalDirection.DECREASE,
            unit="kg",
            start_value=90,
            target_value=82,
            title="Lose 8 kg",
            milestones=[
                {"value": 88, "label": "First 2 kg"},
                {"value": 86, "label": "Halfway"},
                {"value": 84, "label": "Nearly there"},
            ],
        )
        goal(
            metric="waist",
            direction=GoalDirection.DECREASE,
            unit="cm",
            start_value=98,
            target_value=90,
            title="Waist down to 90 cm",
            milestones=[{"value": 94, "label": "Halfway"}],
        )
    elif demo.program == "Fat-loss circuit":
        goal(
            metric="body_weight",
            direction=GoalDirection.DECREASE,
            unit="kg",
            start_value=weight,
            target_value=round(weight - 8),
            milestones=[{"value": round(weight - n), "label": f"-{n} kg"} for n in (2, 4, 6)],
        )
        if waist % 2:
            goal(
                metric="waist",
                direction=GoalDirection.DECREASE,
                unit="cm",
                start_value=waist,
                target_value=waist - 6,
                milestones=[{"value": waist - 3, "label": "Halfway"}],
            )
    if demo.squat_exercise_id is not None:
        start = demo.first_squat_e1rm or estimated_1rm(60 * demo.strength, 5) or 60.0
        start = round(start, 1)
        target = float(round(start * 1.3 / 5) * 5)
        goal(
            exercise_id=demo.squat_exercise_id,
            direction=GoalDirection.INCREASE,
            unit="kg",
            start_value=start,
            target_value=target,
            title=f"Squat {target:g} kg (estimated 1RM)",
            milestones=[
                {"value": round(start + (target - start) * f, 1), "label": label}
                for f, label in ((0.25, "A quarter"), (0.5, "Halfway"), (0.75, "Three quarters"))
            ],
        )


def _measurements(
    session: Session, rng: random.Random, demo: DemoClient, profile: dict[str, Trend], today: date
) -> None:
    """Body weight 2-3 times a week, body fat and waist fortnightly, resting heart rate weekly."""
    day = demo.start
    while day <= today:
        offset = (day - demo.start).days
        weeks = offset / 7
        wanted = []
        if day.weekday() in (0, 3) or (day.weekday() == 5 and rng.random() < 0.5):
            wanted.append("body_weight")
        if offset % 14 == 0:
            wanted += ["body_fat", "waist"]
        if offset % 7 == 1:
            wanted.append("resting_heart_rate")
        at = datetime.combine(day, time(6, rng.randrange(30, 60)), tzinfo=UTC)
        for metric in wanted:
            value = profile[metric].at(rng, weeks)
            unit = {"body_weight": "kg", "body_fat": "%", "waist": "cm", "resting_heart_rate": "bpm"}[metric]
            if metric == "body_weight" and demo.units == "lb":  # typed in pounds, stored in kg
                value, unit = value / LB_IN_KG, "lb"
            value = round(value) if metric == "resting_heart_rate" else round(value, 1)
            measurements_service.create_measurement(
                session,
                actor=demo.actor,
                client_id=demo.client_id,
                metric=metric,
                value=value,
                unit=unit,
                measured_at=at,
            )
        day += timedelta(days=1)


def placeholder_photo(pose: PhotoPose, taken_on: date, slimmer: float = 1.0) -> bytes:
    """A 600x800 PNG: a flat silhouette on a pose colour, labelled as a placeholder with pose and date."""
    width, height = 600, 800
    background = {PhotoPose.FRONT: (206, 224, 242), PhotoPose.SIDE: (214, 236, 214), PhotoPose.BACK: (240, 222, 206)}[
        pose
    ]
    image = Image.new("RGB", (width, height), background)
    draw = ImageDraw.Draw(image)
    shape = (84, 96, 120)
    cx = width // 2
    torso = (150 if pose is PhotoPose.SIDE else 190) * slimmer / 2
    draw.ellipse((cx - 45, 110, cx + 45, 210), fill=shape)  # head
    draw.rounded_rectangle((cx - torso, 225, cx + torso, 520), radius=40, fill=shape)  # torso
    if pose is PhotoPose.SIDE:
        draw.rounded_rectangle((cx - 25, 240, cx + 25, 500), radius=25, fill=(70, 80, 100))  # arm in profile
        draw.rounded_rectangle((cx - 40, 510, cx + 40, 740), radius=30, fill=shape)  # legs
    else:
        for side in (-1, 1):
            arm = cx + side * (torso + 22)
            draw.rounded_rectangle((arm - 20, 235, arm + 20, 500), radius=20, fill=shape)
            leg = cx + side * 45
            draw.rounded_rectangle((leg - 38, 510, leg + 38, 740), radius=30, fill=shape)
    font = ImageFont.load_default(size=30)
    small = ImageFont.load_default(size=20)
    draw.text((cx, 40), f"{pose.value.upper()} · {taken_on.isoformat()}", fill=(30, 30, 30), font=font, anchor="mm")
    draw.text((cx, 775), "Demo placeholder, not a photo of a person", fill=(60, 60, 60), font=small, anchor="mm")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def seed(session: Session, *, storage: Storage | None = None) -> str | None:
    """The built-in metrics, kept up to date (an older demo picks up new ones). The demo clients' measurements,
    goals and photos come with training's demo data, which they follow (``seed_progress``)."""
    sync_builtin_metrics(session)
    return None
