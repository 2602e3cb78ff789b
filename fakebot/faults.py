"""Injected misbehaviour: error answers and slow answers for the next calls of a method."""

from __future__ import annotations

from dataclasses import dataclass

from fakebot.models import BLOCKED, ApiError
from fakebot.state import CONFLICT

_DEFAULT_DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: BLOCKED,
    404: "Not Found",
    409: CONFLICT,
    500: "Internal Server Error",
    502: "Bad Gateway",
}


@dataclass
class Fault:
    method: str  # lower-case method name or "*"
    error: ApiError | None
    delay: float
    remaining: int
    late: bool = False  # delay the answer after carrying the call out


def make_error(status: int, description: str | None, retry_after: int | None) -> ApiError:
    """The error answer Telegram would give for ``status``, with its usual wording."""
    text = description or _DEFAULT_DESCRIPTIONS.get(status, "Unknown error")
    if status == 429:
        seconds = 1 if retry_after is None else retry_after
        return ApiError(429, description or f"Too Many Requests: retry after {seconds}", seconds)
    if status == 400 and not text.startswith("Bad Request"):
        text = f"Bad Request: {text}"
    return ApiError(status, text)


class FaultPlan:
    """Faults waiting for their method, consumed first-in first-out."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []

    def add(
        self,
        method: str,
        status: int | None,
        description: str | None,
        retry_after: int | None,
        delay: float,
        count: int,
        late: bool = False,
    ) -> None:
        if status is None and delay <= 0:
            raise ValueError("fail_next needs a status, a delay or both")
        error = None if status is None else make_error(status, description, retry_after)
        self._faults.append(Fault(method.lower(), error, delay, count, late))

    def take(self, method: str) -> Fault | None:
        for fault in self._faults:
            if fault.method in (method.lower(), "*"):
                fault.remaining -= 1
                if fault.remaining <= 0:
                    self._faults.remove(fault)
                return fault
        return None
