"""Each app contributes to the home page ("Mine oppgaver") by registering a provider:
a function `provider(person)` that returns a TaskSection, None, or a list of them (a provider
that builds several sections from the same reads). Providers register in their app's
`AppConfig.ready()` so the home app depends on none of them."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date


@dataclass
class Task:
    title: str
    url: str
    due: date | None = None
    overdue: bool = False
    detail: str = ""


@dataclass
class TaskSection:
    title: str
    tasks: list[Task] = field(default_factory=list)
    order: int = 100
    empty_text: str = ""


_providers: list[Callable] = []


def register(provider: Callable) -> Callable:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def collect_tasks(person) -> list[TaskSection]:
    sections: list[TaskSection] = []
    for provider in _providers:
        result = provider(person)
        sections.extend(s for s in (result if isinstance(result, list) else [result]) if s is not None)
    return sorted(sections, key=lambda s: s.order)
