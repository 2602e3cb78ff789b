"""Limber's settings, read from the environment (and an optional ``.env`` file).

Built once in ``main`` and passed down; nothing here runs at import time.
Every variable is documented in ``.env.example``.
"""

from __future__ import annotations

import socket
from enum import StrEnum
from pathlib import Path

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

TELEGRAM_API_URL = "https://api.telegram.org/bot"
TELEGRAM_FILE_URL = "https://api.telegram.org/file/bot"
DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./data/limber.db"


class Mode(StrEnum):
    POLLING = "polling"
    WEBHOOK = "webhook"


class LogFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


class Settings(BaseSettings):
    # A variable set empty (``METRICS_PORT=`` in .env) means its default.
    model_config = SettingsConfigDict(
        env_file=".env", extra="ignore", frozen=True, env_ignore_empty=True
    )

    bot_token: SecretStr
    database_url: str = DEFAULT_DATABASE_URL
    bot_api_base_url: str = TELEGRAM_API_URL
    bot_api_file_url: str = TELEGRAM_FILE_URL
    mode: Mode = Mode.POLLING
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "0.0.0.0"
    port: int = Field(default=8443, ge=1, le=65535)
    log_level: str = "INFO"
    log_format: LogFormat = LogFormat.TEXT
    metrics_port: int | None = Field(default=None, ge=1, le=65535)
    metrics_listen: str = "0.0.0.0"
    engine_recheck_seconds: float = Field(default=60.0, gt=0, le=3600)
    send_rate_per_second: float = Field(default=30.0, gt=0)
    bot_api_timeout: float = Field(default=10.0, gt=0, le=120)
    stop_grace_seconds: float = Field(default=10.0, ge=0, le=300)
    calendar_fetch_seconds: float = Field(default=10.0, gt=0, le=60)
    calendar_allow_loopback: bool = False
    chart_workers: int | None = Field(default=None, ge=1, le=64)
    instance_name: str = Field(default_factory=socket.gethostname, min_length=1, max_length=40)

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr) -> SecretStr:
        token = value.get_secret_value().strip()
        if not token or ":" not in token or any(c.isspace() for c in token):
            raise ValueError("does not look like a bot token (expected '123456:ABC...')")
        return SecretStr(token)

    @field_validator("instance_name", mode="before")
    @classmethod
    def _instance(cls, value: object) -> object:
        return value[:40] if isinstance(value, str) else value

    @field_validator("log_level")
    @classmethod
    def _level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
        return level

    @model_validator(mode="after")
    def _webhook_needs_url(self) -> Settings:
        if self.mode is Mode.WEBHOOK and not (self.webhook_url and self.webhook_secret):
            raise ValueError("MODE=webhook needs WEBHOOK_URL and WEBHOOK_SECRET")
        if self.mode is Mode.WEBHOOK and self.metrics_port == self.port:
            raise ValueError("METRICS_PORT must differ from PORT (webhook mode serves both)")
        return self

    def sqlite_directory(self) -> Path | None:
        """The folder a SQLite file URL points into, so start-up can create it."""
        prefix = "sqlite+aiosqlite:///"
        if not self.database_url.startswith(prefix):
            return None
        path = self.database_url.removeprefix(prefix).split("?", 1)[0]
        if not path or path == ":memory:":
            return None
        return Path(path).parent
