"""Training: exercise library, workout templates, programmes, assignments, workout logs and personal records."""

from ..domains import Domain

DOMAIN = Domain(
    name="training",
    blueprints=("workouts.api:bp", "programs.api:bp", "logs.api:bp", "exercises.api:bp"),
    models=("models",),
    seed_commands=("exercises.cli:exercises",),
    demo="demo:seed",
    after=("progress", "scheduling"),  # progress's metrics; the studio's calendar first, as a studio would
)
