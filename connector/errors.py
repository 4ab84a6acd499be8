"""Typed errors of the LinkedIn connector: callers decide by type, never by parsing messages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RecordError:
    """One record refused inside an otherwise successful (HTTP 200) batch response."""

    key: str
    status: int
    message: str = ""
    service_error_code: int | None = None

    @classmethod
    def from_json(cls, key: str, body: Any) -> RecordError:
        if not isinstance(body, dict):
            return cls(key=key, status=500, message=str(body))
        code = body.get("serviceErrorCode")
        return cls(
            key=key,
            status=int(body.get("status") or 500),
            message=str(body.get("message") or ""),
            service_error_code=int(code) if isinstance(code, int) else None,
        )


class LinkedInError(Exception):
    """Base of every error the connector raises."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        service_error_code: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.service_error_code = service_error_code


class LinkedInThrottled(LinkedInError):
    """HTTP 429: LinkedIn (or its limits) asked us to slow down; retry after `retry_after` seconds."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kw: Any) -> None:
        super().__init__(message, status=429, **kw)
        self.retry_after = retry_after


class LinkedInUnavailable(LinkedInError):
    """A 5xx answer or a connection failure: LinkedIn did not process the request."""


class LinkedInTimeout(LinkedInUnavailable):
    """No answer within the request timeout."""


class LinkedInAuthError(LinkedInError):
    """Credentials or token refused (HTTP 401/403, or an OAuth error)."""


class LinkedInRejected(LinkedInError):
    """LinkedIn refused the request or some of its records (4xx). `errors` maps record key -> error."""

    def __init__(
        self,
        message: str,
        *,
        errors: dict[str, RecordError] | None = None,
        **kw: Any,
    ) -> None:
        super().__init__(message, **kw)
        self.errors: dict[str, RecordError] = dict(errors or {})


class LinkedInNotFound(LinkedInRejected):
    """HTTP 404: the resource (e.g. a request id) does not exist."""


class LinkedInConflict(LinkedInRejected):
    """HTTP 409: the resource already exists (e.g. a provisioned application)."""


class WebhookRejected(LinkedInError):
    """An incoming webhook call that must be dropped (bad signature, malformed envelope)."""
