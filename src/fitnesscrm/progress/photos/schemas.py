from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from apiflask.fields import UploadFile
from pydantic import BaseModel, Field

from ...core.schemas import Out, PageQuery, StrictIn
from ..models import PhotoPose


class PhotoUploadIn(StrictIn):
    file: UploadFile = Field(description="A JPEG, PNG or WebP photo (checked from its content).")
    pose: PhotoPose
    taken_on: date | None = Field(None, description="Defaults to today.")


class PhotoOut(Out):
    id: uuid.UUID
    client_id: uuid.UUID
    pose: PhotoPose
    taken_on: date
    content_type: str
    width: int
    height: int
    size_bytes: int
    uploaded_by_id: uuid.UUID | None
    created_at: datetime


class PhotoList(BaseModel):
    items: list[PhotoOut]
    next_cursor: str | None


class PhotoQuery(PageQuery):
    pose: PhotoPose | None = None


class PhotoUrlQuery(BaseModel):
    size: Literal["full", "thumb"] = "full"


class PhotoUrlOut(Out):
    url: str = Field(description="Same-origin path; valid for you only, for five minutes.")
    expires_at: datetime


class PhotoContentQuery(BaseModel):
    size: Literal["full", "thumb"] = "full"
    expires: int = Field(ge=0, le=2**40)
    sig: str = Field(min_length=1, max_length=100)
