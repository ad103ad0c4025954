"""Progress: measurements and custom metrics, goals, progress photos, and the aggregated series for charts."""

from ..domains import Domain

DOMAIN = Domain(
    name="progress",
    blueprints=("metrics.api:bp", "measurements.api:bp", "goals.api:bp", "photos.api:bp", "api:bp"),
    models=("models",),
    demo="demo:seed",
    reactions={
        "training.records_rebuilt": "goals.service:recheck_exercise_goals",
        "training.demo_seeded": "demo:seed_progress",
    },
)
