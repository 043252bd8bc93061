"""Rebuild the reports' read model (the exchange lines) from the settled purchases and swaps, or
with --check only compare them: exit status 1 when they differ."""

from django.core.management.base import BaseCommand

from reports.services import exchange_lines_differences, exchange_lines_rebuild


class Command(BaseCommand):
    help = "Rebuild the reports' exchange lines from the source tables (--check: compare only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="compare only; exit 1 when they differ"
        )

    def handle(self, *args, check=False, **options):
        if check:
            missing, extra = exchange_lines_differences()
            if missing or extra:
                self.stderr.write(
                    self.style.ERROR(
                        f"{missing} source line(s) missing or different in the read model, "
                        f"{extra} read-model line(s) not in the sources: run reports_rebuild"
                    )
                )
                raise SystemExit(1)
            self.stdout.write(self.style.SUCCESS("exchange lines in step with the sources"))
            return
        count = exchange_lines_rebuild()
        self.stdout.write(self.style.SUCCESS(f"{count} exchange lines rebuilt"))
