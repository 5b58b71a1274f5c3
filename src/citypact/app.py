"""The ASGI application: the REST API, the pages and the error handling they share."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from anyio import to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from citypact import __version__
from citypact.api import router as api_router
from citypact.api.routes import health
from citypact.config import Settings, load_settings
from citypact.formats.errors import ImportErrors
from citypact.http.security import SecurityHeaders
from citypact.http.session import COOKIE, MAX_AGE_S
from citypact.reports.pdf import ReportFailed
from citypact.services.errors import (
    Conflict,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    RateLimited,
    ServiceError,
    StaleVersion,
    VersionRequired,
)
from citypact.storage.db import Database, PoolSize
from citypact.web.locale import LocaleMiddleware
from citypact.web.pages import busy_page, locale_of, render_error
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
        # A chunked body declares no length: count it as it comes. Past the limit the 413 is sent
        # from here and the application is told the client left; an exception raised into it would
        # be caught by the body parser and answered as a malformed body (400).
        seen = 0
        started = refused = False

        async def counting_receive() -> Message:
            nonlocal seen, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                if not started:
                    await _too_large(self.max_bytes)(scope, receive, send)
                refused = True
                return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if refused:
                return  # the 413 is the answer; whatever the application makes of the rest is dropped
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            if not refused:
                raise


def _too_large(max_bytes: int) -> Response:
    return JSONResponse(
        {"detail": f"The request body is larger than {max_bytes:,} bytes; send less data."},
        status_code=413,
    )


RETRY_AFTER_S = 2
BUSY = "The server is busy; try again in a few seconds."


def _busy(request: Request) -> Response:
    headers = {"Retry-After": str(RETRY_AFTER_S)}
    if _wants_html(request):
        return HTMLResponse(busy_page(locale_of(request)), status_code=503, headers=headers)
    return JSONResponse({"detail": BUSY}, status_code=503, headers=headers)


class LoadShedder:
    """Answer 503 + Retry-After at once when `limit` requests are already in this process.

    Past the limit a request would only queue for a worker thread, and an unbounded queue makes
    every request late. /healthz is exempt: it needs neither a thread nor a pooled connection.
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit
        self.in_flight = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] == "/healthz":
            await self.app(scope, receive, send)
            return
        if self.in_flight >= self.limit:
            await _busy(Request(scope))(scope, receive, send)
            return
        self.in_flight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1


_STATUS = {
    NotAuthenticated: 401,
    PermissionDenied: 403,
    NotFound: 404,
    VersionRequired: 428,
    StaleVersion: 412,  # a page answers 409 and shows both versions (web/routes/*)
    RateLimited: 429,
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
        if isinstance(exc, StaleVersion) and (_wants_html(request) or "if-match" not in request.headers):
            status = 409  # no If-Match was sent (a form, a race): 412 would name a precondition never set
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

    @app.exception_handler(StaleDataError)
    async def stale_row(request: Request, exc: StaleDataError) -> Response:
        # A versioned row changed by a concurrent transaction between our read and our UPDATE,
        # where no service named the record (services.versions.flush_checked does): nothing written.
        return _error(request, 409, "This record was changed by someone else meanwhile; reload and retry.")

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

    @app.exception_handler(PoolTimeout)
    async def pool_timeout(request: Request, exc: PoolTimeout) -> Response:
        # No database connection came free in time: say so now rather than queue on.
        return _busy(request)

    @app.exception_handler(ReportFailed)
    async def report_failed(request: Request, exc: ReportFailed) -> Response:
        message = "The PDF could not be made from this page; read the page itself or try again later."
        return _error(request, 500, message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return _error(request, exc.status_code, exc.detail)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    # Everything loaded at start-up lives as long as the process: frozen, the garbage collector
    # no longer walks it, which otherwise stalls a request for ~90 ms at each full collection.
    gc.collect()
    gc.freeze()
    # A collection of the youngest generation ran every 700 allocations, several times a request,
    # and each promoted the objects of the requests in flight until they filled the oldest
    # generation and a full collection walked them all. At 10,000 a request's objects are
    # mostly freed by reference counting before any collection sees them (issue 12: the city
    # page's 100-200 ms stalls; over 600 mixed requests 456 -> 2 young collections, and with the
    # kept values frozen as well (services/cached.py) 4 -> 0 full ones).
    gc.set_threshold(10_000, 10, 10)
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
        docs_url=None,  # FastAPI's Swagger UI loads from a CDN: nothing loads from the internet
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.db = db or Database(
        settings.database_url, PoolSize.for_threads(settings.worker_threads, settings.pool_timeout_s)
    )
    _install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(api_router)
    app.include_router(web_router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_middleware(LoadShedder, limit=settings.max_in_flight)  # inside: pages in the reader's language
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
    # Outermost, so that every answer carries the security headers, a 413 from BodyLimit too.
    app.add_middleware(
        SecurityHeaders, trust_proxy=settings.trust_proxy, force_secure_cookie=settings.secure_cookies
    )
    return app
