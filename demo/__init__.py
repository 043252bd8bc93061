"""The demo: a deterministic, realistic dataset for `make demo`, seeded through the services.

See README.md beside this file: where the data lives, how the seeding is split, how the history
is dated without touching the ledger's rules, how `--reset` works, and how to add a seeding step.
"""
