"""Limber's tables, as typed SQLAlchemy 2.0 models.

Every row about a person carries ``user_id`` with ``ON DELETE CASCADE``, so
``/delete`` removes one ``users`` row and the database removes the rest, and
``/export`` can walk every table that has a ``user_id`` column.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    ForeignKey,
    Index,
    LargeBinary,
    MetaData,
    String,
    Text,
    Time,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.ext.asyncio import AsyncAttrs
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from db.types import NAMING, UTCDateTime


class Base(AsyncAttrs, DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), time: Time()}  # noqa: RUF012


class User(Base):
    """One Telegram user who talked to Limber; the profile behind every reminder."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    language: Mapped[str] = mapped_column(String(16), default="en")
    timezone: Mapped[str | None] = mapped_column(String(64))
    wake_time: Mapped[time | None]
    sleep_time: Mapped[time | None]
    weight_kg: Mapped[float | None]
    sex: Mapped[str | None] = mapped_column(String(16))
    age_band: Mapped[str | None] = mapped_column(String(16))
    # "no", "pregnant" or "breastfeeding" (core.profile.Pregnancy); None until asked.
    pregnancy: Mapped[str | None] = mapped_column(String(16))
    consent_version: Mapped[str | None] = mapped_column(String(16))
    consented_at: Mapped[datetime | None]
    onboarded_at: Mapped[datetime | None]
    # What the next free-text message from this user answers ("timezone", "wake", ...).
    # Kept in the database so a half-finished flow survives a restart.
    awaiting: Mapped[str | None] = mapped_column(String(32))
    active: Mapped[bool] = mapped_column(default=True)
    blocked_at: Mapped[datetime | None]
    # Reminders: paused until an instant (/pause), or all off (/stop).
    paused_until: Mapped[datetime | None]
    reminders_off: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Weekly summary: ISO weekday it comes on (1 = Monday; the time is a ReminderPref),
    # and when the one-off note for a week without data was sent.
    summary_weekday: Mapped[int] = mapped_column(default=1, server_default="1")
    # The check-in asks "Training today?" every day, not only on days with a workout.
    ask_training: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The planning version this user's rules were computed under (services.resync).
    schedule_version: Mapped[int] = mapped_column(default=0, server_default="0")
    empty_week_noted_at: Mapped[datetime | None]
    # When the user was told their hydration nudges back off (cleared once they answer again).
    nudges_eased_at: Mapped[datetime | None]
    # Reminder times learn when the user acts (core.adapt), unless switched off in /settings.
    adapt_timing: Mapped[bool] = mapped_column(default=True, server_default=true())
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    @property
    def zone(self) -> ZoneInfo:
        """The user's IANA time zone (UTC until they have set one)."""
        return ZoneInfo(self.timezone or "UTC")


def _user_fk() -> Mapped[int]:
    return mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"), index=True)


class SessionTimes:
    """When and how a session is trained, as a user's workout and a team's session both
    store it: weekly on ``weekdays`` ("1,3,5", ISO) or once on ``on_date``, at a local wall
    time (the user's zone, or the team's)."""

    weekdays: Mapped[str] = mapped_column(String(16), default="")
    on_date: Mapped[date | None] = mapped_column(Date)
    start_time: Mapped[time]
    duration_min: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16))
    intensity: Mapped[str] = mapped_column(String(16))
    updated_at: Mapped[datetime]


class Workout(SessionTimes, Base):
    """A user's planned training session."""

    __tablename__ = "workouts"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _user_fk()
    # "skip next": the local date of the one occurrence to leave out.
    skip_on: Mapped[date | None] = mapped_column(Date)
    # Soft delete, so /workouts can offer "undo" for a minute.
    deleted_at: Mapped[datetime | None]
    # A team session this workout follows (the member linked to the team): it changes and
    # goes with the session (``services.teams``). No foreign key: SQLite cannot add one to
    # an existing table without copying it.
    team_session_id: Mapped[int | None] = mapped_column(index=True)
    created_at: Mapped[datetime]
    # Imported from a calendar: which one (``services.calendar.calendar_id``), the event's
    # key there (``core.calendar_import.stored_key``) and its title; None when typed.
    calendar: Mapped[str | None] = mapped_column(String(24))
    event_key: Mapped[str | None] = mapped_column(String(64))
    event_title: Mapped[str | None] = mapped_column(String(64))


class ReminderPref(Base):
    """A user's change to one reminder kind's default: on/off, and its offset in minutes."""

    __tablename__ = "reminder_prefs"

    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    enabled: Mapped[bool | None]
    offset_min: Mapped[int | None]
    # Repeat until answered (core.repeats): up to this many copies, this many minutes apart.
    repeat_times: Mapped[int | None]
    repeat_every_min: Mapped[int | None]


class ReminderRule(Base):
    """One schedule row: a kind (and workout), and its next occurrence, computed in core/.

    The tick claims rows whose ``next_due_at`` has come, turns each occurrence into one
    ``Delivery`` and advances the row. ``scope`` is "daily" or "w<workout id>".
    """

    __tablename__ = "reminder_rules"
    __table_args__ = (UniqueConstraint("user_id", "kind", "scope"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _user_fk()
    kind: Mapped[str] = mapped_column(String(32))
    scope: Mapped[str] = mapped_column(String(24))
    workout_id: Mapped[int | None] = mapped_column(ForeignKey("workouts.id", ondelete="CASCADE"))
    next_due_at: Mapped[datetime | None] = mapped_column(index=True)
    next_key: Mapped[str | None] = mapped_column(String(96))
    next_local_date: Mapped[date | None] = mapped_column(Date)
    next_deadline: Mapped[datetime | None]
    next_priority: Mapped[int] = mapped_column(default=0)
    next_payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    updated_at: Mapped[datetime]


class TimingArm(Base):
    """One offset a reminder kind went at for one user (``core.adapt``): how many were sent
    there, and how many the user acted on in time. Summed over users, the bandit's prior."""

    __tablename__ = "timing_arms"

    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    offset_min: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    sent: Mapped[int] = mapped_column(default=0)
    acted: Mapped[int] = mapped_column(default=0)


class TimingChoice(Base):
    """The offset a reminder kind goes at next for one user, as learned (``core.adapt``):
    whether it was drawn to explore, how many sends it was decided after, and when the user
    was told that the time moved (once)."""

    __tablename__ = "timing_choices"

    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    offset_min: Mapped[int]
    exploring: Mapped[bool] = mapped_column(default=True)
    sends: Mapped[int] = mapped_column(default=0)
    told_at: Mapped[datetime | None]
    decided_at: Mapped[datetime]


class Delivery(Base):
    """One reminder message to send, sent, or given up on. ``key`` makes it happen once.

    Status: pending → sending → sent | unknown (sent or not: never resent) | failed;
    pending → missed (deadline passed) | cancelled (user stopped or blocked); a retry goes
    back to pending with ``next_attempt_at``. A pending delivery may be *claimed* by one
    process (``claimed_by`` until ``lease_until``) while it waits its turn to be sent; a
    claim that runs out (a crash) simply lets another process, or the next start, take it.
    ``sending`` means its request is in flight: only then can a crash leave it unknown.
    """

    __tablename__ = "deliveries"
    __table_args__ = (Index("ix_deliveries_status_due", "status", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Exactly one of the two: a user's own reminder, or a team's message to its group.
    user_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("teams.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(128), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    local_date: Mapped[date] = mapped_column(Date)
    workout_id: Mapped[int | None] = mapped_column(ForeignKey("workouts.id", ondelete="SET NULL"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("deliveries.id", ondelete="SET NULL"))
    due_at: Mapped[datetime]
    deadline: Mapped[datetime]
    priority: Mapped[int]
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None]
    lease_until: Mapped[datetime | None]
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    sent_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(String(64))
    # What the user did with it: done, skipped or snoozed.
    answer: Mapped[str | None] = mapped_column(String(16))
    answered_at: Mapped[datetime | None]
    created_at: Mapped[datetime]


class PreparedSummary(Base):
    """A weekly summary composed and charted in the hour before it is due
    (``services.summary_prepare``): kept with digests of the data it was made from, so the
    send reuses it only while that data is unchanged. ``text`` None: nothing to prepare
    (a quiet week, a paused user), composed when due."""

    __tablename__ = "prepared_summaries"

    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    local_date: Mapped[date] = mapped_column(Date, primary_key=True)
    week_digest: Mapped[str] = mapped_column(String(64))
    text: Mapped[str | None] = mapped_column(Text)
    chart_digest: Mapped[str | None] = mapped_column(String(64))
    chart: Mapped[bytes | None] = mapped_column(LargeBinary)
    prepared_at: Mapped[datetime]


class SendBudget(Base):
    """The next free send slot of every instance of one bot (``db.send_budget``)."""

    __tablename__ = "send_budget"

    bot_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    next_at: Mapped[datetime]


class CheckIn(Base):
    """One day's check-in: the answers so far, by question id, for one local date.

    ``rotating`` is the day's rotating question; ``message_id`` the message the
    check-in is being answered in; ``completed_at`` is set once it is finished.
    """

    __tablename__ = "checkins"
    __table_args__ = (UniqueConstraint("user_id", "local_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _user_fk()
    local_date: Mapped[date] = mapped_column(Date)
    rotating: Mapped[str | None] = mapped_column(String(32))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    started_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    completed_at: Mapped[datetime | None]


class PatternNotice(Base):
    """A pattern the user has been told about, so each is announced once."""

    __tablename__ = "pattern_notices"

    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    pattern_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    announced_at: Mapped[datetime]


class PatternPrior(Base):
    """α shares for the pattern detector, fitted from check-ins pooled over users
    (``services.population``), in force from a day on for the users of one half; fitted on
    the other half, so that no user's own answers shape the shares they are judged by."""

    __tablename__ = "pattern_priors"
    __table_args__ = (UniqueConstraint("half", "in_force_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    half: Mapped[int]
    in_force_from: Mapped[date] = mapped_column(Date)
    users: Mapped[int]
    """Users whose pooled counts the shares were fitted on."""
    shares: Mapped[dict[str, float]] = mapped_column(JSON)
    fitted_at: Mapped[datetime]


class LiveMessage(Base):
    """A message whose inline buttons still mean something, until it is folded
    (``services.folding``): a newer message of its ``topic`` folds it when ``supersede``
    is set, and so does the first message to the user after ``until``. ``folded`` is the one
    line it then becomes (None: it keeps its text and loses its buttons)."""

    __tablename__ = "live_messages"
    __table_args__ = (UniqueConstraint("user_id", "message_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _user_fk()
    message_id: Mapped[int] = mapped_column(BigInteger)
    topic: Mapped[str] = mapped_column(String(32))
    local_date: Mapped[date | None] = mapped_column(Date)
    until: Mapped[datetime | None]
    supersede: Mapped[bool] = mapped_column(default=True)
    folded: Mapped[str | None] = mapped_column(String(256))
    created_at: Mapped[datetime]


class WaterLog(Base):
    """Water the user logged (a button, /water, the check-in, or ✅ Done on a drink
    reminder: then ``delivery_id`` names the reminder, so the log can be undone)."""

    __tablename__ = "water_logs"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _user_fk()
    local_date: Mapped[date] = mapped_column(Date, index=True)
    amount_ml: Mapped[int]
    logged_at: Mapped[datetime]
    delivery_id: Mapped[int | None] = mapped_column(
        ForeignKey("deliveries.id", ondelete="SET NULL")
    )


class DrinkAsk(Base):
    """What Limber asked the user to drink, and for when: the rolling cap's memory.

    One row per amount a sent reminder (``delivery_id``) or a weigh-in's reply asked for,
    at the moment it is meant to be drunk (the later hours of a spread plan, a top-up two
    hours before a workout, are rows of their own). Later messages subtract these.
    """

    __tablename__ = "drink_asks"
    __table_args__ = (Index("ix_drink_asks_user_at", "user_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"))
    at: Mapped[datetime]
    ml: Mapped[int]
    delivery_id: Mapped[int | None] = mapped_column(
        ForeignKey("deliveries.id", ondelete="SET NULL")
    )
    workout_id: Mapped[int | None] = mapped_column(ForeignKey("workouts.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]


class WeighIn(Base):
    """A body weight taken just before or just after one workout on one local date.

    The difference sizes the drink after the session (1 kg lost is about 1 L)."""

    __tablename__ = "weigh_ins"
    __table_args__ = (UniqueConstraint("user_id", "workout_id", "local_date", "phase"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _user_fk()
    workout_id: Mapped[int] = mapped_column(ForeignKey("workouts.id", ondelete="CASCADE"))
    local_date: Mapped[date] = mapped_column(Date)
    phase: Mapped[str] = mapped_column(String(8))
    """"before" or "after"."""
    weight_kg: Mapped[float]
    recorded_at: Mapped[datetime]


class Team(Base):
    """A group chat that trains together (``services.teams``): its time zone and language,
    and the token of its deep link for members' personal reminders. ``chat_id`` is the
    group's current id: a group that becomes a supergroup moves its team to the new id."""

    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    language: Mapped[str] = mapped_column(String(16), default="en")
    token: Mapped[str] = mapped_column(String(32), unique=True)
    created_by: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def _team_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)


class TeamSession(SessionTimes, Base):
    """A team's training session, set by a group admin in the ``/workout`` form, at a wall
    time in the team's zone."""

    __tablename__ = "team_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = _team_fk()
    created_at: Mapped[datetime]


class TeamRule(Base):
    """One of a team's group messages and its next occurrence (``core.teams``): the warm-up
    and cool-down of a session (``scope`` "s<session id>"), or the weekly team summary
    ("week"). The engine's rule step turns each occurrence into one delivery."""

    __tablename__ = "team_rules"
    __table_args__ = (UniqueConstraint("team_id", "kind", "scope"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = _team_fk()
    kind: Mapped[str] = mapped_column(String(32))
    scope: Mapped[str] = mapped_column(String(24))
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("team_sessions.id", ondelete="CASCADE")
    )
    next_due_at: Mapped[datetime | None] = mapped_column(index=True)
    next_local_date: Mapped[date | None] = mapped_column(Date)
    next_deadline: Mapped[datetime | None]


class TeamMark(Base):
    """An "I'm in" for one occurrence of a team session: who pressed it (a Telegram user id,
    nothing else), on the session's local date. Turnout is counted from these."""

    __tablename__ = "team_marks"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("team_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    local_date: Mapped[date] = mapped_column(Date, primary_key=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    marked_at: Mapped[datetime]


class TeamMember(Base):
    """A user who linked their private reminders to a team (by its deep link): the team's
    sessions are their workouts until they leave the group or the team."""

    __tablename__ = "team_members"

    team_id: Mapped[int] = mapped_column(
        ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    linked_at: Mapped[datetime]


Recipient = User | Team
"""Whom a delivery goes to: a user's private chat, or a team's group."""


class CalendarLink(Base):
    """A calendar link the user subscribed to (``/import https://…``), refreshed daily.

    ``next_refresh_at`` is when it is due; a refresh holds it until ``claimed_until`` (so a
    crash mid-fetch lets it be taken again, and two instances never refresh it at once) and
    moves it a day on when its result is saved. ``body_hash`` is the last body read, so an
    unchanged calendar is not read again."""

    __tablename__ = "calendar_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), unique=True
    )
    url: Mapped[str] = mapped_column(Text)
    calendar: Mapped[str] = mapped_column(String(24))
    body_hash: Mapped[str | None] = mapped_column(String(64))
    refreshed_at: Mapped[datetime | None]
    next_refresh_at: Mapped[datetime] = mapped_column(index=True)
    claimed_until: Mapped[datetime | None]
    failures: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime]


class CalendarPreview(Base):
    """A calendar read and shown, waiting for the user's confirm: what it proposes
    (``core.calendar_import.ReadCalendar`` as JSON), so the confirm survives a restart.
    ``url``: set when confirming also subscribes to the link."""

    __tablename__ = "calendar_previews"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _user_fk()
    calendar: Mapped[str] = mapped_column(String(24))
    url: Mapped[str | None] = mapped_column(Text)
    body_hash: Mapped[str] = mapped_column(String(64))
    proposal: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime]
