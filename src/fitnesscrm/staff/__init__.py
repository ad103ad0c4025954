"""Staff: trainer profiles and which clients each trainer coaches."""

from ..domains import Domain

DOMAIN = Domain(name="staff", blueprints=("api:bp",), models=("models",), invitees={"trainer": "service:invitee"})
