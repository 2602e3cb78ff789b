"""Typed access to the objects every handler and job shares.

They are put into ``bot_data`` once, in ``post_init``, and read through the
properties of :class:`LimberContext` instead of raw ``bot_data[...]`` look-ups.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine
from telegram.ext import Application, CallbackContext, ExtBot

from bot.admins import Admins
from config.clock import Clock
from config.settings import Settings
from core.knowledge import CoreKnowledge
from core.planning import HydrationFigures, Wording
from db.database import SessionFactory
from jobs.engine import ReminderEngine
from services.calendar_fetch import LinkFetcher
from services.folding import Folding

RUNTIME_KEY = "limber"


@dataclass
class Runtime:
    """What the running application holds once, made in ``post_init``: its settings and
    clock, the database, the knowledge base's figures, the reminder engine, the live
    messages' folding, and who is a group's admin (briefly cached)."""

    settings: Settings
    clock: Clock
    database: AsyncEngine
    sessions: SessionFactory
    knowledge: CoreKnowledge
    figures: HydrationFigures
    reminder_engine: ReminderEngine
    folding: Folding
    admins: Admins = field(default_factory=Admins)
    calendar_links: LinkFetcher = field(default_factory=LinkFetcher)


class LimberContext(CallbackContext[ExtBot[Any], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    @property
    def runtime(self) -> Runtime:
        runtime = self.bot_data.get(RUNTIME_KEY)
        if not isinstance(runtime, Runtime):
            raise RuntimeError("Limber's runtime is not set up (post_init has not run)")
        return runtime

    @property
    def settings(self) -> Settings:
        return self.runtime.settings

    @property
    def clock(self) -> Clock:
        return self.runtime.clock

    @property
    def sessions(self) -> SessionFactory:
        return self.runtime.sessions

    @property
    def knowledge(self) -> CoreKnowledge:
        return self.runtime.knowledge

    @property
    def figures(self) -> HydrationFigures:
        return self.runtime.figures

    @property
    def words(self) -> Wording:
        """What reminder words need from the knowledge base (drinking figures, routines,
        notes)."""
        knowledge = self.runtime.knowledge
        return Wording(self.runtime.figures, knowledge.routines, knowledge.notes)


LimberApp = Application[
    ExtBot[Any], LimberContext, dict[Any, Any], dict[Any, Any], dict[Any, Any], Any
]
