"""`manage.py seed_demo`: load the demo networks, businesses and listings (see barter/demo.py)."""

import logging
import os
import time
from contextlib import contextmanager

from django.core.management.base import BaseCommand, CommandError

from barter import demo


class Command(BaseCommand):
    help = (
        "Create a deterministic demo: two networks (Essonne, Seine-et-Marne), about 170 "
        "businesses and 750 listings, and the demo logins. Does nothing if the demo is already "
        "there; --reset replaces it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed",
            type=int,
            default=demo.DEFAULT_SEED,
            help=f"Seed of the generator; the same seed gives the same data "
            f"(default {demo.DEFAULT_SEED}).",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo networks, everything in them and the demo users; seed again.",
        )
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Accepted for scripts; the command never prompts.",
        )

    def handle(self, *args, seed, reset, **options):
        if not reset and demo.demo_is_present():
            self.stdout.write(self.style.WARNING("Demo data already present: nothing done."))
            self._logins()
            return
        self.stdout.write(f"Seeding the demo (seed {seed})…")
        started = time.monotonic()
        try:
            with _quiet("barter.services"):
                context = demo.demo_seed(seed=seed, stdout=self.stdout, replace=reset)
        except demo.DemoError as error:
            raise CommandError(str(error)) from error
        if any(context.removed.values()):
            self.stdout.write(
                "Replaced the previous demo, which had "
                + ", ".join(f"{count} {name}" for name, count in context.removed.items())
            )
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Demo data created in {elapsed:.1f} s."))
        for line in demo.demo_summary(context):
            self.stdout.write(line)
        if context.admin_kept:
            self.stdout.write(
                self.style.WARNING(
                    f"The existing superuser {demo.DEMO_ADMIN!r} was kept with its own password."
                )
            )
        self._logins()

    def _logins(self):
        url = f"http://127.0.0.1:{os.environ.get('PORT') or 8000}/"
        self.stdout.write("")
        self.stdout.write(f"Demo logins on {url} — password for all: {demo.DEMO_PASSWORD}")
        for role, username, detail in demo.DEMO_LOGINS:
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
