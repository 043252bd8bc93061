"""`make demo`'s case: on an SQLite file, `seed_demo --reset` builds a new file and deletes the
old one only once the new demo is in; a refusal or a failure leaves the old file as it was.

Runs manage.py in a subprocess on a temporary file (the tests' own database is in memory or on
PostgreSQL), with Celery eager and no Redis, as `make demo` runs.
"""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ENVIRONMENT_KEYS = ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "REDIS_URL", "DATABASE_URL")


def manage(database: Path, *args: str, code: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ENVIRONMENT_KEYS}
    env["DATABASE_URL"] = f"sqlite:///{database}"
    command = [sys.executable, "manage.py", *args]
    if code is not None:
        command = [sys.executable, "manage.py", "shell", "-v", "0", "-c", code]
    return subprocess.run(
        command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=600
    )


def test_reset_on_an_sqlite_file_swaps_files_only_when_the_new_demo_is_in(tmp_path):
    database = tmp_path / "db.sqlite3"
    assert manage(database, "migrate", "--noinput").returncode == 0
    marker = (
        "from barter.models import Network; Network.objects.create(name='Réseau test', slug='test')"
    )
    assert manage(database, code=marker).returncode == 0
    inode = database.stat().st_ino

    refused = manage(database, "seed_demo", "--reset")
    assert refused.returncode == 1
    assert "other networks: Réseau test" in refused.stderr
    assert "Nothing was changed" in refused.stderr
    assert database.stat().st_ino == inode

    failing = (
        "from demo.reset import fresh_database\nwith fresh_database():\n    raise SystemExit(3)\n"
    )
    assert manage(database, code=failing).returncode == 3
    assert database.stat().st_ino == inode  # the previous file is back…
    assert not list(tmp_path.glob("*.replaced"))
    count = "from barter.models import Network; print(Network.objects.filter(slug='test').count())"
    assert manage(database, code=count).stdout.strip() == "1"  # …with its content

    remove = "from barter.models import Network; Network.objects.filter(slug='test').delete()"
    assert manage(database, code=remove).returncode == 0
    reset = manage(database, "seed_demo", "--reset")
    assert reset.returncode == 0, reset.stderr
    assert "Demo data created" in reset.stdout
    assert database.stat().st_ino != inode  # a new file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["db.sqlite3"]
    listings = "from barter.models import Listing; print(Listing.objects.count())"
    assert int(manage(database, code=listings).stdout.strip()) >= 600
