"""Who is calling: passed explicitly to every service function."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field


class Role(enum.StrEnum):
    ADMIN = "admin"
    TRAINER = "trainer"
    CLIENT = "client"


@dataclass(frozen=True)
class Actor:
    user_id: uuid.UUID | None
    role: Role | None
    email: str | None = None
    trainer_id: uuid.UUID | None = None
    client_id: uuid.UUID | None = None
    ip: str | None = None
    request_id: str | None = None
    # API-token scopes; None means a browser session with the role's full rights.
    scopes: frozenset[str] | None = field(default=None)

    @property
    def is_authenticated(self) -> bool:
        return self.role is not None

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    @property
    def is_trainer(self) -> bool:
        return self.role is Role.TRAINER

    @property
    def is_client(self) -> bool:
        return self.role is Role.CLIENT

    @classmethod
    def anonymous(cls, *, ip: str | None = None, request_id: str | None = None) -> Actor:
        return cls(user_id=None, role=None, ip=ip, request_id=request_id)

    @classmethod
    def system(cls, name: str = "system") -> Actor:
        """The actor for CLI commands and jobs: admin rights, no user row."""
        return cls(user_id=None, role=Role.ADMIN, email=name)
