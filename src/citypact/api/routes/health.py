"""Liveness and database reachability, answered under any load.

The check runs on the event loop and pings the database over a connection and a thread of its
own: neither a worker thread nor a pooled connection, so it answers while those are all busy.
"""

from __future__ import annotations

from typing import Any

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError

from citypact.api.schemas.health import Health
from citypact.http.deps import DB, ReleasingRoute

router = APIRouter(route_class=ReleasingRoute, tags=["health"])
PING_TIMEOUT_S = 2.0


def _probe_limiter(request: Request) -> anyio.CapacityLimiter:
    limiter: anyio.CapacityLimiter | None = getattr(request.app.state, "probe_limiter", None)
    if limiter is None:  # one thread: a hung ping is not repeated by every later check
        limiter = request.app.state.probe_limiter = anyio.CapacityLimiter(1)
    return limiter


@router.get(
    "/healthz",
    response_model=Health,
    responses={503: {"description": "the database did not answer within 2 s"}},
)
async def healthz(request: Request, db: DB) -> Any:
    state = "ok"
    try:
        with anyio.fail_after(PING_TIMEOUT_S):
            await anyio.to_thread.run_sync(db.ping, limiter=_probe_limiter(request), abandon_on_cancel=True)
    except TimeoutError:
        state = "timeout"
    except SQLAlchemyError:
        state = "unreachable"
    if state != "ok":
        return JSONResponse({"status": "unavailable", "database": state}, status_code=503)
    return Health(status="ok", database="ok")
