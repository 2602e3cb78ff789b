"""Typed access to the objects every handler and job shares.

They are put into ``bot_data`` once, in ``post_init``, and read through the
properties of :class:`LimberContext` instead of raw ``bot_data[...]`` look-ups.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine
from telegram.ext import Application, CallbackContext, ExtBot

from config.clock import Clock
from config.settings import Settings
from core.knowledge import CoreKnowledge
from core.planning import HydrationFigures
from db.database import SessionFactory
from jobs.engine import ReminderEngine

SERVICES_KEY = "limber"


@dataclass
class Services:
    settings: Settings
    clock: Clock
    database: AsyncEngine
    sessions: SessionFactory
    knowledge: CoreKnowledge
    figures: HydrationFigures
    reminder_engine: ReminderEngine


class LimberContext(CallbackContext[ExtBot[Any], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    @property
    def services(self) -> Services:
        services = self.bot_data.get(SERVICES_KEY)
        if not isinstance(services, Services):
            raise RuntimeError("Limber's services are not set up (post_init has not run)")
        return services

    @property
    def settings(self) -> Settings:
        return self.services.settings

    @property
    def clock(self) -> Clock:
        return self.services.clock

    @property
    def sessions(self) -> SessionFactory:
        return self.services.sessions

    @property
    def knowledge(self) -> CoreKnowledge:
        return self.services.knowledge

    @property
    def figures(self) -> HydrationFigures:
        return self.services.figures


LimberApp = Application[
    ExtBot[Any], LimberContext, dict[Any, Any], dict[Any, Any], dict[Any, Any], Any
]
