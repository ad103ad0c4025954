"""Clients: client records, tags, health intake, notes and the activity timeline."""

from ..domains import Domain

DOMAIN = Domain(
    name="clients",
    blueprints=("api:bp",),
    models=("models",),
    invitees={"client": "service:invitee"},
    gauges=("metrics:GAUGES",),
)
