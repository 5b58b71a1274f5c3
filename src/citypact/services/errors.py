"""Errors a use case can raise; each interface maps them to its own form (HTTP status, exit code)."""

from __future__ import annotations


class ServiceError(Exception):
    """Base of the errors a user can cause."""


class NotAuthenticated(ServiceError):
    def __init__(self, message: str = "Log in or send an API token to do this.") -> None:
        super().__init__(message)


class PermissionDenied(ServiceError):
    def __init__(self, message: str = "Your role does not allow this.") -> None:
        super().__init__(message)


class NotFound(ServiceError):
    def __init__(self, entity: str, key: object) -> None:
        super().__init__(f"No {entity} with id {key!r}.")
        self.entity = entity
        self.key = key


class InvalidInput(ServiceError):
    """Bad input, naming the field (or file, row and column) and how to fix it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class Conflict(ServiceError):
    pass


class RateLimited(Conflict):
    """Too many of one kind of write in a period (ideas a person proposes, conversations a city
    starts): the API answers 429; a page shows the message at its form, as for any conflict."""


class Incomplete(Conflict):
    """An inventory that cannot be submitted yet: `missing` holds the GPC reference numbers it still
    lacks (codes, so a page can say them in its own words)."""

    def __init__(self, message: str, missing: list[str]) -> None:
        super().__init__(message)
        self.missing = missing


class StaleVersion(Conflict):
    """The record changed since the client read it: its write would overwrite another's change."""

    def __init__(self, entity: str, key: object, expected: int, current: int | None) -> None:
        now = f" (now version {current}, you read version {expected})" if current else ""
        super().__init__(
            f"The {entity} {key} was changed by someone else since you read it{now}; "
            "reload it, apply your change again and send it."
        )
        self.entity = entity
        self.key = key
        self.expected = expected
        self.current = current


class VersionRequired(ServiceError):
    """A write that names no version, to a record that changed since it was created."""

    def __init__(self, entity: str, key: object, current: int) -> None:
        super().__init__(
            f"The {entity} {key} has changed since it was created (version {current}): send the "
            "version you read (If-Match with its ETag on the API, or * to overwrite whatever is stored)."
        )
        self.entity = entity
        self.key = key
        self.current = current


def require(allowed: bool, actor_authenticated: bool, message: str | None = None) -> None:
    """Raise 'not authenticated' for the public and 'permission denied' for a wrong role."""
    if allowed:
        return
    if not actor_authenticated:
        raise NotAuthenticated()
    raise PermissionDenied(message or "Your role does not allow this.")
