"""The sandbox's own configuration (limits, webhook behaviour, fault injection)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

DEMO_CLIENT_ID = "talentbridge-demo"
DEMO_CLIENT_SECRET = "demo-partner-secret-not-for-production"


@dataclass(frozen=True)
class SandboxConfig:
    client_id: str = DEMO_CLIENT_ID
    client_secret: str = DEMO_CLIENT_SECRET
    # Tokens
    app_token_ttl: int = 1800  # LinkedIn: 30 minutes
    member_token_ttl: int = 60 * 24 * 3600
    # LinkedIn's documented limits (reset at midnight UTC, per app)
    sync_requests_per_day: int = 100_000
    setup_calls_per_day: int = 5_000
    csa_calls_per_day: int = 100_000
    records_per_minute: int = 10_000
    exports_per_seat_per_month: int = 300
    # Webhooks
    challenge_interval: float = 7200.0  # re-validate the callback URL every 2 hours
    challenge_timeout: float = 3.0
    challenge_failures_to_block: int = 3
    delivery_attempts: int = 5
    delivery_backoff: float = 2.0  # seconds, doubled per attempt
    delivery_timeout: float = 5.0
    duplicate_rate: float = 0.0  # share of events delivered twice on purpose
    auto_deliver: bool = True  # background delivery loop; tests flush instead
    # Fault injection on /v2 calls
    error_rate: float = 0.0  # share answered 500
    throttle_rate: float = 0.0  # share answered 429
    latency_ms: int = 0
    # Seconds before a job posting task leaves IN_PROGRESS
    job_task_seconds: float = 0.0
    random_seed: int | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> SandboxConfig:
        """SANDBOX_<FIELD> environment variables (e.g. SANDBOX_ERROR_RATE=0.1), then overrides."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(f"SANDBOX_{f.name.upper()}")
            if raw is None or f.name in ("client_id", "client_secret"):
                continue
            default = getattr(cls(), f.name)
            if isinstance(default, bool):
                values[f.name] = raw.strip().lower() in ("1", "true", "yes", "on")
            elif isinstance(default, int):
                values[f.name] = int(raw)
            elif isinstance(default, float):
                values[f.name] = float(raw)
            else:
                values[f.name] = int(raw) if f.name == "random_seed" else raw
        return replace(cls(**values), **overrides)  # type: ignore[arg-type]
