"""What the bid endpoints of the API and the pages need from the settings: the secret key bids are
sealed with, and the deployment's ocid prefix for the OCDS export."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from citypact.config import Settings


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def secret_key(request: Request) -> str:
    return _settings(request).secret_key


async def ocid_prefix(request: Request) -> str | None:
    return _settings(request).ocid_prefix


SecretKey = Annotated[str, Depends(secret_key)]
OcidPrefix = Annotated[str | None, Depends(ocid_prefix)]
