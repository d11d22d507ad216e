"""Demo data: one registry that every feature adds its seeder to; `flask seed-demo` runs them.

A feature registers one seeder from its `init_app`, so seeders run in the feature order (accounts
first, then modules, workshops, quiz attempts ...). A seeder adds what is missing (it is run again
on every `make run`), flushes, never commits, and returns the lines to print once the command has
committed:

    from app.core.demo import demo_seeder

    demo_seeder("workshops", seed_workshops)     # app/workshops/__init__.py, init_app
"""

from __future__ import annotations

from collections.abc import Callable

#: A seeder: adds a feature's demo data; returns the lines the command prints.
Seeder = Callable[[], list[str]]

_SEEDERS: dict[str, Seeder] = {}


def demo_seeder(feature: str, seed: Seeder) -> None:
    """Register a feature's seeder (once per feature; the first registration fixes the order)."""
    _SEEDERS[feature] = seed


def demo_seeders() -> list[Seeder]:
    """Every registered seeder, in the order the features registered them."""
    return list(_SEEDERS.values())
