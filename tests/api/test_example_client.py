"""The example client of docs/examples syncs a CSV of listings against a live test server:
creates, then updates only what changed, then deletes the rows that disappeared."""

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from api import services
from barter.models import Listing
from tests.factories.barter import BusinessFactory, NetworkFactory, leaf_category

SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "examples" / "sync_listings.py"
SAMPLE = SCRIPT.with_name("listings.csv")

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def run(live_server, key, *args):
    env = {**os.environ, "CYCLOTROC_API_URL": live_server.url, "CYCLOTROC_API_KEY": key}
    result = subprocess.run(
        [sys.executable, str(SCRIPT), *map(str, args)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return result


def test_the_example_client_syncs_listings_from_a_csv(live_server, tmp_path):
    leaf_category()
    network = NetworkFactory()
    business = BusinessFactory(network=network, siret="73282932000074")
    _client, key = services.partner_client_create(
        actor=None, network=network, name="Outil", scopes=["read", "write"]
    )
    sheet = tmp_path / "listings.csv"
    sheet.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")

    first = run(live_server, key, sheet)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip().endswith("2 created, 0 updated, 0 unchanged, 0 deleted, 0 failed")
    state = json.loads(sheet.with_suffix(".csv.cyclotroc.json").read_text())
    site = Listing.objects.get(pk=state["web-01"])
    assert (site.business, site.value, site.status) == (business, 120_000, "active")
    assert Listing.objects.get(pk=state["imp-07"]).status == "draft"

    rows = list(csv.DictReader(sheet.read_text(encoding="utf-8").splitlines()))
    rows[0]["value"] = "990"
    with sheet.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=rows[0].keys())
        writer.writeheader()
        writer.writerow(rows[0])
    second = run(live_server, key, sheet, "--delete")
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip().endswith("0 created, 1 updated, 0 unchanged, 1 deleted, 0 failed")
    site.refresh_from_db()
    assert site.value == 99_000
    assert not Listing.objects.filter(pk=state["imp-07"]).exists()

    third = run(live_server, key, sheet)
    assert third.stdout.strip().endswith("0 created, 0 updated, 1 unchanged, 0 deleted, 0 failed")


def test_the_example_client_reports_bad_rows_and_fails(live_server, tmp_path):
    leaf_category()
    network = NetworkFactory()
    _client, key = services.partner_client_create(
        actor=None, network=network, name="Outil", scopes=["read", "write"]
    )
    sheet = tmp_path / "bad.csv"
    sheet.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")  # unknown SIRET here
    result = run(live_server, key, sheet)
    assert result.returncode == 1
    assert "no business 73282932000074 in your network" in result.stderr
