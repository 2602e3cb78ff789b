"""Teams as group admins and members change them: set-up, sessions, the group's time zone,
"I'm in", members' links by deep link, a group that moves or goes.

A team session is a member's workout too: a linked member gets one workout row per session
(``Workout.team_session_id``), in their own zone, kept in step whenever the sessions change,
so their private reminders come from the planning every workout has. Every change resyncs
the team's group messages (``TeamRule``) in the same transaction.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from config.locales import normalise
from core.planning import HydrationFigures, PlannedWorkout
from core.teams import (
    SESSION_KINDS,
    TeamKind,
    TeamOccurrence,
    in_member_zone,
    joinable,
    next_occurrence,
)
from core.workout_parse import WorkoutSpec
from db import teams as rows
from db.database import note_due
from db.models import Team as Team
from db.models import TeamRule, TeamSession, User, Workout
from db.users import get_onboarded_user, users_by_id
from db.workouts import apply_spec, set_times
from services.plan_context import planned_workout
from services.resync import resync_users

MAX_SESSIONS = 20
"""Team sessions a team may have at once."""
TOKEN_BYTES = 12


def spec_of(workout: PlannedWorkout) -> WorkoutSpec:
    return WorkoutSpec(
        start=workout.start,
        duration_min=workout.duration_min,
        kind=workout.kind,
        intensity=workout.intensity,
        weekdays=workout.weekdays,
        on_date=workout.on_date,
    )


async def team_of_chat(session: AsyncSession, chat_id: int) -> Team | None:
    return await rows.team_of_chat(session, chat_id)


async def set_up(
    session: AsyncSession, *, chat_id: int, admin_id: int, language: str | None, now: datetime
) -> tuple[Team, bool]:
    """The group's team, made when first needed: in the zone and language of the admin who
    set it up if they onboarded in private, else UTC and their app's language. Whether it
    is new."""
    team = await rows.team_of_chat(session, chat_id)
    if team is not None:
        return team, False
    admin = await get_onboarded_user(session, admin_id)
    team = Team(
        chat_id=chat_id,
        timezone=admin.timezone if admin and admin.timezone else "UTC",
        language=admin.language if admin else normalise(language),
        token=secrets.token_urlsafe(TOKEN_BYTES),
        created_by=admin_id,
        created_at=now,
        updated_at=now,
    )
    session.add(team)
    await session.flush()
    await resync_team(session, team, now)
    return team, True


async def sessions(session: AsyncSession, team: Team) -> list[TeamSession]:
    return await rows.sessions_of(session, team.id)


async def add_session(
    session: AsyncSession, team: Team, spec: WorkoutSpec, figures: HydrationFigures, now: datetime
) -> TeamSession | None:
    """A new team session as ``spec`` says (None: the team has ``MAX_SESSIONS`` already)."""
    if len(await rows.sessions_of(session, team.id)) >= MAX_SESSIONS:
        return None
    row = TeamSession(team_id=team.id, created_at=now)
    set_times(row, spec, now)
    session.add(row)
    await session.flush()
    await _changed(session, team, figures, now)
    return row


async def change_session(
    session: AsyncSession,
    team: Team,
    row: TeamSession,
    spec: WorkoutSpec,
    figures: HydrationFigures,
    now: datetime,
) -> None:
    set_times(row, spec, now)
    await _changed(session, team, figures, now)


async def remove_session(
    session: AsyncSession, team: Team, row: TeamSession, figures: HydrationFigures, now: datetime
) -> None:
    await rows.delete_session(session, row.id)
    await _changed(session, team, figures, now)


async def set_zone(
    session: AsyncSession, team: Team, zone: str, figures: HydrationFigures, now: datetime
) -> None:
    """Team session times are read in ``zone`` from now on."""
    team.timezone = zone
    team.updated_at = now
    await _changed(session, team, figures, now)


async def _changed(
    session: AsyncSession, team: Team, figures: HydrationFigures, now: datetime
) -> None:
    """The team's group messages and its members' workouts follow its sessions."""
    await resync_team(session, team, now)
    members = await users_by_id(session, await rows.member_ids(session, team.id))
    ready = [u for u in members.values() if u.onboarded_at is not None and u.timezone]
    for user in ready:
        await _follow(session, team, user, now)
    await resync_users(session, ready, figures, now)


async def resync_team(session: AsyncSession, team: Team, now: datetime) -> None:
    """Make the team's rule rows match its sessions and zone, from ``now``."""
    found = await rows.sessions_of(session, team.id)
    wanted: dict[tuple[str, str], tuple[TeamKind, TeamSession | None]] = {
        (kind, f"s{row.id}"): (kind, row) for row in found for kind in SESSION_KINDS
    }
    if found:  # a team without sessions has no week to sum up
        wanted[(TeamKind.SUMMARY, "week")] = (TeamKind.SUMMARY, None)
    existing = await rows.rules_of(session, team.id)
    for key, gone in existing.items():
        if key not in wanted:
            await session.delete(gone)
    for key, (kind, row) in wanted.items():
        rule = existing.get(key)
        if rule is None:
            session_id = None if row is None else row.id
            rule = TeamRule(team_id=team.id, kind=kind, scope=key[1], session_id=session_id)
            session.add(rule)
        place(
            rule,
            next_occurrence(kind, None if row is None else planned_workout(row), team.zone, now),
        )
        note_due(session, rule.next_due_at)
    await session.flush()


def place(rule: TeamRule, occurrence: TeamOccurrence | None) -> None:
    """The rule's next occurrence is ``occurrence`` (None: none is left)."""
    rule.next_due_at = None if occurrence is None else occurrence.due_at
    rule.next_local_date = None if occurrence is None else occurrence.local_date
    rule.next_deadline = None if occurrence is None else occurrence.deadline


async def mark_in(
    session: AsyncSession, team: Team, session_id: int, day: date, telegram_id: int, now: datetime
) -> tuple[TeamSession, int] | None:
    """Count ``telegram_id`` in for the session on local ``day`` (one mark each, however often
    pressed): the session and how many are in. None when the session is not this team's,
    does not fall on ``day``, or is over."""
    row = await session.get(TeamSession, session_id)
    if row is None or row.team_id != team.id:
        return None
    if not joinable(planned_workout(row), team.zone, day, now):
        return None
    count = await rows.add_mark(
        session, session_id=row.id, local_date=day, telegram_id=telegram_id, now=now
    )
    return row, count


async def link(
    session: AsyncSession, user: User, token: str, figures: HydrationFigures, now: datetime
) -> Team | None:
    """Link the user to the team of ``token`` (its deep link): the team's sessions become
    their workouts. None when no team has that token."""
    team = await rows.team_of_token(session, token)
    if team is None:
        return None
    await rows.link_member(session, team_id=team.id, user_id=user.id, now=now)
    if user.onboarded_at is not None and user.timezone is not None:
        await _follow(session, team, user, now)
        await resync_users(session, [user], figures, now)
    return team


async def follow_teams(session: AsyncSession, user: User, now: datetime) -> None:
    """The user's workouts follow every team they linked to, in their zone (once they are
    set up, and whenever their zone changes); the caller resyncs their reminders."""
    for team in await rows.teams_of_user(session, user.id):
        await _follow(session, team, user, now)


async def _follow(session: AsyncSession, team: Team, user: User, now: datetime) -> None:
    """The user's workouts that follow the team's sessions, one per session, in their zone."""
    found = await rows.sessions_of(session, team.id)
    followed = await rows.following(session, user.id, [row.id for row in found])
    for row in found:
        theirs = in_member_zone(planned_workout(row), team.zone, user.zone, now)
        workout = followed.get(row.id)
        if workout is None:
            workout = Workout(user_id=user.id, team_session_id=row.id, created_at=now)
            session.add(workout)
        apply_spec(workout, spec_of(theirs), now)
    await session.flush()


async def unlink(
    session: AsyncSession, user: User, team: Team, figures: HydrationFigures, now: datetime
) -> bool:
    """The user no longer follows the team; whether they did."""
    done = await rows.unlink_member(session, team_id=team.id, user_id=user.id)
    if done:
        await resync_users(session, [user], figures, now)
    return done


async def leave_all(
    session: AsyncSession, user: User, figures: HydrationFigures, now: datetime
) -> int:
    """``/team leave`` in private: unlink the user from every team; how many."""
    teams = await rows.teams_of_user(session, user.id)
    for team in teams:
        await rows.unlink_member(session, team_id=team.id, user_id=user.id)
    if teams:
        await resync_users(session, [user], figures, now)
    return len(teams)


async def member_left(
    session: AsyncSession, chat_id: int, user_id: int, figures: HydrationFigures, now: datetime
) -> bool:
    """A member left the group: they no longer follow its team (whether they did)."""
    team = await rows.team_of_chat(session, chat_id)
    users = await users_by_id(session, [user_id])
    if team is None or user_id not in users:
        return False
    return await unlink(session, users[user_id], team, figures, now)


async def moved(session: AsyncSession, old_chat_id: int, new_chat_id: int, now: datetime) -> bool:
    """The group became a supergroup: its team goes with it (whether there was one)."""
    return await rows.move_chat(session, old_chat_id, new_chat_id, now)


async def erase(
    session: AsyncSession, chat_id: int, figures: HydrationFigures, now: datetime
) -> bool:
    """Erase the group's team (the bot was removed, or an admin's ``/delete``): its sessions,
    marks, links and messages still to send; members' own data stays theirs. Whether there
    was a team."""
    team = await rows.team_of_chat(session, chat_id)
    if team is None:
        return False
    members = await users_by_id(session, await rows.member_ids(session, team.id))
    await rows.delete_team(session, team.id)
    await resync_users(session, list(members.values()), figures, now)
    return True


async def teams_of(session: AsyncSession, user: User) -> Sequence[Team]:
    return await rows.teams_of_user(session, user.id)
