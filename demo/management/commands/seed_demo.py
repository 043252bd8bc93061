"""`manage.py seed_demo`: load the demo (see demo/README.md); `--reset` replaces it."""

import logging
import os
import time
from contextlib import contextmanager

from django.core.management.base import BaseCommand, CommandError

from demo.context import (
    DEFAULT_SEED,
    DEMO_ADMIN,
    DEMO_LOGINS,
    DEMO_PASSWORD,
    DemoError,
)
from demo.reset import demo_reset
from demo.services import demo_is_present, demo_seed, demo_summary


class Command(BaseCommand):
    help = (
        "Create a deterministic demo: two networks (Essonne, Seine-et-Marne), about 170 "
        "businesses and 950 listings, a year of purchases and swaps, and the demo logins. Does "
        "nothing if the demo is already there; --reset replaces it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"Seed of the generator; the same seed gives the same data "
            f"(default {DEFAULT_SEED}).",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Replace the database with a fresh one (PostgreSQL: its schema; SQLite: its "
            "file) and seed again. Refused, changing nothing, when the database holds anything "
            "the demo did not create.",
        )
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Accepted for scripts; the command never prompts.",
        )

    def handle(self, *args, seed, reset, **options):
        if not reset and demo_is_present():
            self.stdout.write(self.style.WARNING("Demo data already present: nothing done."))
            self._logins()
            return
        self.stdout.write(f"Seeding the demo (seed {seed})…")
        started = time.monotonic()
        try:
            with _quiet("barter.services"):
                if reset:
                    context = demo_reset(seed=seed, stdout=self.stdout)
                else:
                    context = demo_seed(seed=seed, stdout=self.stdout)
        except DemoError as error:
            raise CommandError(str(error)) from error
        if any(context.replaced.values()):
            self.stdout.write(
                "Replaced the previous demo, which had "
                + ", ".join(f"{count} {name}" for name, count in context.replaced.items())
            )
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Demo data created in {elapsed:.1f} s."))
        for line in demo_summary(context):
            self.stdout.write(line)
        if context.admin_kept:
            self.stdout.write(
                self.style.WARNING(
                    f"The existing superuser {DEMO_ADMIN!r} was kept with its own password."
                )
            )
        self._logins()

    def _logins(self):
        url = f"http://127.0.0.1:{os.environ.get('PORT') or 8000}/"
        self.stdout.write("")
        self.stdout.write(f"Demo logins on {url} — password for all: {DEMO_PASSWORD}")
        for role, username, detail in DEMO_LOGINS:
            self.stdout.write(f"  {role:<13} {username:<15} {detail}")


@contextmanager
def _quiet(logger_name):
    """Silence one INFO line per registered business while the demo is created."""
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)
