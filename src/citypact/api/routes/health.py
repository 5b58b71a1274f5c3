"""Liveness and database reachability."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text

from citypact.api.deps import ReadDB
from citypact.api.schemas import Health

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health)
def healthz(session: ReadDB) -> Health:
    session.execute(text("SELECT 1"))
    return Health(status="ok", database="ok")
