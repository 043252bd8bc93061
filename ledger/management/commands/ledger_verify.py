"""Recompute every balance from its postings and check every invariant of the ledger.

Exit status 0 when the ledger is sound, 1 on any violation (each one printed).
"""

from django.core.management.base import BaseCommand

from ledger.selectors import ledger_verify


class Command(BaseCommand):
    help = "Check the ledger's invariants; exits 1 on any violation."

    def handle(self, *args, **options):
        report = ledger_verify()
        self.stdout.write(
            f"accounts: {report.accounts}  transactions: {report.transactions}  "
            f"postings: {report.postings}  active holds: {report.active_holds}"
        )
        for slug, total in report.networks.items():
            self.stdout.write(f"network {slug}: sum of balances {total}")
        if report.ok:
            self.stdout.write(self.style.SUCCESS("ledger OK: every invariant holds"))
            return
        for violation in report.violations:
            self.stderr.write(self.style.ERROR(f"VIOLATION {violation}"))
        self.stderr.write(self.style.ERROR(f"{len(report.violations)} violation(s)"))
        raise SystemExit(1)
