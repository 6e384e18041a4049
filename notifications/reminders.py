"""Time-based reminders (issue 10): each app may have a ``reminders`` module with

    def reminders(today: date) -> Iterable[Reminder]

that says, from the data and the campaign calendar as they are today, which reminders are due. The daily beat task
(``notifications.tasks.reminders_send``) collects them all and hands each to ``notify``. A reminder's ``key`` names
the thing and the calendar date it is about, so a rule that runs twice, or on two workers, sends nothing twice, and a
deadline that moves gives a new key (a new reminder) for the new date.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.apps import apps


@dataclass
class Reminder:
    """One reminder to send: the users, the kind (``NotificationKind``), the words, a link, the once-only key."""

    recipients: Iterable[Any]
    kind: str
    title: str
    body: str = ""
    url: str = ""
    key: str = ""
    campaign: Any = None
    # False where the same reminder already goes out by e-mail through an older path (R9's kickoff e-mails).
    email: bool = True
    tenant: Any = field(default=None)


def reminder_rules() -> list[Callable[[date], Iterable[Reminder]]]:
    """Every installed app's ``reminders.reminders`` function, in INSTALLED_APPS order (this module excepted)."""
    rules = []
    for config in apps.get_app_configs():
        if config.name == "notifications":
            continue
        try:
            module = importlib.import_module(f"{config.name}.reminders")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.reminders":
                raise
            continue
        rules.append(module.reminders)
    return rules


def due_reminders(today: date) -> Iterator[Reminder]:
    for rule in reminder_rules():
        yield from rule(today)
