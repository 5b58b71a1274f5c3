"""The ASGI application: the REST API, the pages and the error handling they share."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from anyio import to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DataError, IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from citypact import __version__
from citypact.api import router as api_router
from citypact.api.routes import health
from citypact.api.session import COOKIE, MAX_AGE_S
from citypact.config import Settings, load_settings
from citypact.formats.errors import ImportErrors
from citypact.services.errors import (
    Conflict,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    ServiceError,
)
from citypact.storage.db import Database
from citypact.web.i18n import LocaleMiddleware
from citypact.web.pages import render_error
from citypact.web.router import STATIC_DIR
from citypact.web.router import router as web_router


class BodyLimit:
    """Refuse request bodies over `max_bytes` with 413 before the application reads them."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await _too_large(self.max_bytes)(scope, receive, send)
            return
        seen = 0

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                raise _BodyTooLarge()
            return message

        try:
            await self.app(scope, counting_receive, send)
        except _BodyTooLarge:
            await _too_large(self.max_bytes)(scope, receive, send)


class _BodyTooLarge(Exception):
    pass


def _too_large(max_bytes: int) -> Response:
    return JSONResponse(
        {"detail": f"The request body is larger than {max_bytes:,} bytes; send less data."},
        status_code=413,
    )


_STATUS = {
    NotAuthenticated: 401,
    PermissionDenied: 403,
    NotFound: 404,
    Conflict: 409,
    InvalidInput: 422,
}


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith(("/api/", "/healthz", "/openapi"))


def _error(request: Request, status: int, detail: Any) -> Response:
    if _wants_html(request):
        return render_error(request, status, detail)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse({"detail": detail}, status_code=status, headers=headers)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ServiceError)
    async def service_error(request: Request, exc: ServiceError) -> Response:
        status = next(code for cls, code in _STATUS.items() if isinstance(exc, cls))
        if isinstance(exc, InvalidInput):
            detail: Any = [{"loc": ["body", exc.field], "msg": exc.message, "type": "invalid"}]
        else:
            detail = str(exc)
        return _error(request, status, detail)

    @app.exception_handler(ImportErrors)
    async def import_errors(request: Request, exc: ImportErrors) -> Response:
        detail: list[dict[str, Any]] = [
            {"loc": [p.file, p.row, p.column], "msg": p.message, "type": "import", "text": str(p)}
            for p in exc.problems
        ]
        if exc.more:  # only the first problems are listed; the last entry counts the rest
            file = exc.problems[0].file if exc.problems else None
            text = f"... and {exc.more:,} more problems ({exc.total:,} in all); fix these and import again"
            detail.append(
                {
                    "loc": [file, None, None],
                    "msg": text,
                    "type": "import_more",
                    "text": text,
                    "more": exc.more,
                    "total": exc.total,
                }
            )
        return _error(request, 422, detail)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        detail = [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in exc.errors()]
        return _error(request, 422, detail)

    @app.exception_handler(IntegrityError)
    async def integrity_error(request: Request, exc: IntegrityError) -> Response:
        return _error(request, 409, "This conflicts with data saved meanwhile; reload and retry.")

    @app.exception_handler(DataError)
    async def data_error(request: Request, exc: DataError) -> Response:
        # PostgreSQL refuses NUL characters in text (SQLite keeps them); the transaction is rolled
        # back, so nothing is written. Name the fields that hold one.
        rows = exc.params if isinstance(exc.params, list | tuple) else [exc.params]
        fields = sorted(
            {
                k
                for row in rows
                if isinstance(row, dict)
                for k, v in row.items()
                if isinstance(v, str) and "\x00" in v
            }
        )
        detail = [
            {
                "loc": ["body", f],
                "msg": "remove the NUL character (\\u0000): text may not contain it",
                "type": "invalid",
            }
            for f in fields
        ] or "A value does not fit the database: check the numbers and texts sent."
        return _error(request, 422, detail)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return _error(request, exc.status_code, exc.detail)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    # Everything loaded at start-up lives as long as the process: frozen, the garbage collector
    # no longer walks it, which otherwise stalls a request for ~90 ms at each full collection.
    gc.collect()
    gc.freeze()
    # Sync endpoints run in a thread pool. Past a couple of threads they only contend for the GIL
    # (a thread back from SQLite waits for the one rendering a page): at 32 concurrent page
    # requests 40 threads served them 2x slower than 2 threads did. Scale with processes.
    to_thread.current_default_thread_limiter().total_tokens = app.state.settings.worker_threads
    yield


def create_app(settings: Settings | None = None, db: Database | None = None) -> FastAPI:
    settings = settings or load_settings()
    app = FastAPI(
        lifespan=_lifespan,
        title="citypact",
        version=__version__,
        summary="Local governments' climate partnerships: city registry, accounts, audit.",
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.db = db or Database(settings.database_url)
    _install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(api_router)
    app.include_router(web_router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_middleware(LocaleMiddleware)
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,
        session_cookie=COOKIE,
        max_age=MAX_AGE_S,
        same_site="lax",
        https_only=settings.secure_cookies,
    )
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    return app
