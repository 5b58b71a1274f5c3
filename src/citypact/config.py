"""Runtime settings, read once from the environment."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

VAR_DIR = Path(os.environ.get("CITYPACT_VAR_DIR", "var"))
DEFAULT_DATABASE_URL = f"sqlite:///{VAR_DIR / 'citypact.db'}"


@dataclass(frozen=True)
class Settings:
    database_url: str
    secret_key: str
    max_body_bytes: int = 16_000_000  # a 100,000-row activity file is about 6 MB
    secure_cookies: bool = False  # force the Secure cookie flag; it is set anyway on https requests
    trust_proxy: bool = False  # believe X-Forwarded-Proto and X-Forwarded-For (behind your own proxy)
    worker_threads: int = 2
    # Seconds a request waits for a pooled database connection before a 503 (the pool is sized
    # from worker_threads, so a wait means a leak or a stuck query, not ordinary load).
    pool_timeout_s: float = 5.0
    # Requests one process works on or queues at once; more are answered 503 + Retry-After at
    # once instead of queueing without bound (/healthz is not counted).
    max_in_flight: int = 32
    # The Open Contracting ID prefix the OCP registered for this deployment (e.g. ocds-213czf); the
    # OCDS export refuses without one rather than make one up (docs/procurement_integrity.md).
    ocid_prefix: str | None = None
    # The SMTP server survey e-mails are handed to (`citypact surveys send-mail`); without a host
    # they stay queued and the round's page says so (docs/surveys.md).
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_from: str = "citypact@localhost"
    # The address people reach this deployment at (https://citypact.example.org): links in e-mails
    # are made absolute with it; without it they are paths of the site.
    public_base_url: str = ""


def _secret_key() -> str:
    """The signing key: from the environment, else a per-installation key kept under var/."""
    if key := os.environ.get("CITYPACT_SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(32))
        path.chmod(0o600)
    return path.read_text().strip()


def load_settings() -> Settings:
    return Settings(
        database_url=os.environ.get("CITYPACT_DATABASE_URL", DEFAULT_DATABASE_URL),
        secret_key=_secret_key(),
        secure_cookies=os.environ.get("CITYPACT_SECURE_COOKIES", "") == "1",
        trust_proxy=os.environ.get("CITYPACT_TRUST_PROXY", "") == "1",
        worker_threads=int(os.environ.get("CITYPACT_WORKER_THREADS", "2")),
        pool_timeout_s=float(os.environ.get("CITYPACT_POOL_TIMEOUT_S", "5")),
        max_in_flight=int(os.environ.get("CITYPACT_MAX_IN_FLIGHT", "32")),
        ocid_prefix=os.environ.get("CITYPACT_OCID_PREFIX") or None,
        smtp_host=os.environ.get("CITYPACT_SMTP_HOST") or None,
        smtp_port=int(os.environ.get("CITYPACT_SMTP_PORT", "25")),
        smtp_from=os.environ.get("CITYPACT_SMTP_FROM") or "citypact@localhost",
        public_base_url=(os.environ.get("CITYPACT_PUBLIC_BASE_URL") or "").strip().rstrip("/"),
    )
