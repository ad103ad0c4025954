"""The business itself: its name, time zone, currency, locale and logo. The record lives in ``core.business``
(every domain reads it); admins change it here."""

from ..domains import Domain

DOMAIN = Domain(name="business", blueprints=("api:bp",))
