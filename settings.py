"""The one settings object, read from the environment and an optional `.env` file."""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent
DEFAULT_DATABASE_URL = f"sqlite+aiosqlite:///{ROOT / 'data' / 'talentbridge.db'}"


class InsecureConfiguration(RuntimeError):
    """The settings would expose an unauthenticated bot to the network."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    # Bot Framework names, as the Azure Bot Service documents them.
    microsoft_app_id: str = Field("", alias="MicrosoftAppId")
    microsoft_app_password: str = Field("", alias="MicrosoftAppPassword")
    microsoft_app_type: str = Field("MultiTenant", alias="MicrosoftAppType")
    microsoft_app_tenant_id: str = Field("", alias="MicrosoftAppTenantId")
    # Where the Bot Framework publishes the keys that sign the tokens Teams sends (OpenID metadata),
    # and who issues those tokens; the defaults are the public Azure cloud's. The Emulator's metadata
    # is where the SDK checks tokens that Microsoft Entra issued to the bot's own app id.
    to_bot_from_channel_openid_metadata_url: str = Field(
        "https://login.botframework.com/v1/.well-known/openidconfiguration",
        alias="TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL",
    )
    to_bot_from_channel_token_issuer: str = Field(
        "https://api.botframework.com", alias="TO_BOT_FROM_CHANNEL_TOKEN_ISSUER"
    )
    to_bot_from_emulator_openid_metadata_url: str = Field(
        "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration",
        alias="TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL",
    )

    database_url: str = Field(DEFAULT_DATABASE_URL, alias="DATABASE_URL")
    # How long a database call waits for a lock someone else holds (SQLite's busy timeout,
    # PostgreSQL's lock_timeout) or for a free connection; then the user is asked to try again.
    # Teams stops waiting for an answer at 15 s, so this stays well below.
    database_busy_seconds: float = Field(5.0, gt=0, le=10, alias="DATABASE_BUSY_SECONDS")
    host: str = Field("127.0.0.1", alias="HOST")
    port: int = Field(3978, alias="PORT")
    # Where users' browsers reach this app (sign-in links, the job feed); defaults to http://HOST:PORT.
    public_base_url: str = Field("", alias="PUBLIC_BASE_URL")

    # Empty means the built-in LinkedIn sandbox, started in-process on SANDBOX_PORT.
    linkedin_api_base: str = Field("", alias="LINKEDIN_API_BASE")
    linkedin_oauth_base: str = Field("", alias="LINKEDIN_OAUTH_BASE")
    # Defaults are the demo partner app, which only the built-in sandbox accepts.
    linkedin_client_id: str = Field("talentbridge-demo", alias="LINKEDIN_CLIENT_ID")
    linkedin_client_secret: str = Field(
        "demo-partner-secret-not-for-production", alias="LINKEDIN_CLIENT_SECRET"
    )
    # How long the LinkedIn calls of one turn may take, retries included, before the user is told
    # that LinkedIn didn't answer (Teams stops waiting within seconds: 15 s at most).
    linkedin_turn_seconds: float = Field(10.0, gt=0, alias="LINKEDIN_TURN_SECONDS")
    # How often each requested or enabled integration's status is read from LinkedIn (0: never).
    linkedin_status_poll_seconds: float = Field(600.0, ge=0, alias="LINKEDIN_STATUS_POLL_SECONDS")
    # A LinkedIn event processed after the answer (a 1-click export) whose LinkedIn calls failed for now
    # (down, throttled) is tried again after this many seconds, doubled each time (LinkedIn's
    # Retry-After honoured), LINKEDIN_EVENT_ATTEMPTS times in all; then it is left failed.
    linkedin_event_retry_seconds: float = Field(10.0, gt=0, alias="LINKEDIN_EVENT_RETRY_SECONDS")
    linkedin_event_attempts: int = Field(6, ge=1, le=50, alias="LINKEDIN_EVENT_ATTEMPTS")
    # LinkedIn's monthly allowance of 1-click exports per Recruiter seat (counted per exporter).
    exports_per_seat_per_month: int = Field(300, ge=1, alias="EXPORTS_PER_SEAT_PER_MONTH")
    sandbox_port: int = Field(3979, alias="SANDBOX_PORT")
    sandbox_database: str = Field("", alias="SANDBOX_DATABASE")

    # Signs the sign-in state parameter; set it in production (a random value is used when empty).
    state_secret: str = Field("", alias="STATE_SECRET")

    seed_demo_data: bool = Field(True, alias="SEED_DEMO_DATA")
    log_level: str = Field("INFO", alias="LOG_LEVEL")
    # `json`: one JSON object per line, for a log collector (production); `text`: readable lines.
    log_format: Literal["text", "json"] = Field("text", alias="LOG_FORMAT")

    @field_validator("log_format", mode="before")
    @classmethod
    def _log_format_in_any_case(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @property
    def uses_sandbox(self) -> bool:
        return not self.linkedin_api_base

    @property
    def is_anonymous_development(self) -> bool:
        """No MicrosoftAppId on a loopback HOST: requests need no token, and Bot Framework clients
        other than Teams (Web Chat, the Emulator) may talk to the bot."""
        return not self.microsoft_app_id and is_loopback(self.host)

    @property
    def base_url(self) -> str:
        return (self.public_base_url or f"http://{self.host}:{self.port}").rstrip("/")

    def check_safe_to_serve(self) -> None:
        """Refuse an unauthenticated bot on anything but a loopback address, and a shared database
        without the one STATE_SECRET that all replicas need."""
        self._check_state_secret()
        if self.microsoft_app_id:
            return
        if not is_loopback(self.host):
            raise InsecureConfiguration(
                f"Refusing to start: MicrosoftAppId is empty, so the bot would accept unauthenticated "
                f"requests, and HOST={self.host!r} is not a loopback address. Set MicrosoftAppId and "
                f"MicrosoftAppPassword, or serve on 127.0.0.1 for local development."
            )

    def _check_state_secret(self) -> None:
        if self.state_secret or self.database_url.startswith("sqlite") or is_loopback(self.host):
            return
        raise InsecureConfiguration(
            "Refusing to start: STATE_SECRET is empty. It signs LinkedIn sign-in links and encrypts "
            "the LinkedIn tokens stored in the database, so every instance that shares this "
            "database must use the same one: set STATE_SECRET to a long random value (for "
            "example the output of `openssl rand -hex 32`) and keep it with the other secrets."
        )


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
