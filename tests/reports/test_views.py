"""The pages: who may see what, every section rendered with its charts and tables, invalid
input shown as form errors."""

import json
import re

import pytest
from django.utils import translation

from tests.factories.barter import UserFactory

Q2 = "?period=quarter&year=2026&quarter=2"
SECTIONS = ["members", "exchanges", "cash", "balances", "listings", "matching", "network"]


def dashboard(world, section=""):
    return f"/reports/networks/{world.network.slug}/{section + '/' if section else ''}{Q2}"


@pytest.fixture
def superuser(world):
    return UserFactory(username="platform-admin", is_superuser=True, is_staff=True)


def charts_of(response):
    found = re.findall(
        r'<script id="chart-([a-z-]+)" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    return {name: json.loads(data) for name, data in found}


def test_a_coordinator_sees_every_section_with_charts_and_tables(client, world, now_july):
    client.force_login(world.coordinator)
    response = client.get(dashboard(world))
    assert response.status_code == 200
    assert charts_of(response)["summary-volume"]["series"][1]["data"] == [0, 910.0, 0]
    assert 'data-table="key-figures"' in response.content.decode()
    for section in SECTIONS:
        response = client.get(dashboard(world, section))
        assert response.status_code == 200, section
        page = response.content.decode()
        assert "chart.umd.min.js" in page
        assert 'data-table="' in page, section
        if section != "network":
            assert charts_of(response), section
    exchanges = charts_of(client.get(dashboard(world, "exchanges")))
    assert exchanges["exchanges-volume"]["series"][0]["data"] == [170.0, 0, 0]
    assert exchanges["exchanges-cycles"]["labels"] == ["3"]


def test_the_network_section_draws_the_graph_and_the_map(client, world, now_july):
    client.force_login(world.coordinator)
    page = client.get(dashboard(world, "network")).content.decode()
    assert "<svg" in page and "Entreprise A" in page
    points = json.loads(re.search(r'<script id="map-data"[^>]*>(.*?)</script>', page, re.S)[1])
    assert len(points) == 7  # the active members, all located


def test_an_invalid_period_shows_form_errors(client, world, now_july):
    client.force_login(world.coordinator)
    response = client.get(
        f"/reports/networks/{world.network.slug}/?period=custom&start=2026-05-01&end=2026-04-01"
    )
    assert response.status_code == 200
    assert response.context["form"].errors["end"]
    assert "section" not in response.context
    response = client.get(f"/reports/networks/{world.network.slug}/cash/?year=twenty&month=99")
    assert response.status_code == 200 and response.context["form"].errors


def test_an_unknown_section_is_404(client, world):
    client.force_login(world.coordinator)
    assert client.get(f"/reports/networks/{world.network.slug}/nothing/").status_code == 404


def test_a_coordinator_of_another_network_gets_404(client, world):
    client.force_login(world.coordinator2)
    assert client.get(dashboard(world)).status_code == 404
    assert client.get(dashboard(world, "cash")).status_code == 404
    base = f"/reports/networks/{world.network.slug}"
    assert client.get(f"{base}/export/cash-businesses.csv").status_code == 404
    assert client.get(f"{base}/report.pdf").status_code == 404
    assert client.get(f"{base}/tables.xlsx").status_code == 404
    assert client.get(f"/reports/networks/{world.network2.slug}/").status_code == 200


def test_an_entrepreneur_gets_no_dashboard(client, world):
    client.force_login(world.users["A"])
    assert client.get("/reports/").status_code == 403
    assert client.get(dashboard(world)).status_code == 404
    assert client.get("/reports/federation/").status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    response = client.get(dashboard(world))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_index_sends_a_coordinator_to_their_dashboard(client, world):
    client.force_login(world.coordinator)
    response = client.get("/reports/")
    assert response.status_code == 302
    assert response["Location"] == f"/reports/networks/{world.network.slug}/"


def test_the_federation_is_for_platform_administrators(client, world, superuser, now_july):
    client.force_login(world.coordinator)
    assert client.get("/reports/federation/").status_code == 403
    assert client.get("/reports/federation/export.csv").status_code == 403
    client.force_login(superuser)
    response = client.get(f"/reports/federation/{Q2}")
    assert response.status_code == 200
    table = response.context["table"]
    assert [c.label for c in table.columns[1:3]] == [world.network.name, world.network2.name]
    with translation.override("en"):  # the labels are lazy; the page itself is in French
        volume = next(row for row in table.rows if str(row[0]) == "Volume (credits)")
    assert volume[1:3] == [108_000, 7_000]
    csv_response = client.get(f"/reports/federation/export.csv{Q2}")
    assert csv_response.status_code == 200
    assert "1080,00;70,00" in csv_response.content.decode("utf-8-sig")
    # An administrator reads every network's dashboard.
    assert client.get(dashboard(world)).status_code == 200


def test_a_business_report_is_for_its_members_and_its_coordinators(
    client, world, superuser, now_july
):
    page = f"/reports/businesses/{world.businesses['A'].pk}/{Q2}"
    client.force_login(world.users["A"])
    response = client.get(page)
    assert response.status_code == 200
    assert response.context["report"].flows.cash_preserved == 37_000
    assert charts_of(response)["business-balance"]["series"][0]["data"] == [357.0, 307.0, 284.0]
    csv_page = f"/reports/businesses/{world.businesses['A'].pk}/export/business-swaps.csv{Q2}"
    rows = client.get(csv_page).content.decode("utf-8-sig").splitlines()
    assert len(rows) == 3
    client.force_login(world.users["B"])
    assert client.get(page).status_code == 404
    assert client.get(csv_page).status_code == 404
    client.force_login(world.coordinator)
    assert client.get(page).status_code == 200
    client.force_login(world.coordinator2)
    assert client.get(page).status_code == 404
    client.force_login(superuser)
    assert client.get(page).status_code == 200


def test_my_report_goes_to_the_current_business(client, world):
    client.force_login(world.users["E"])
    response = client.get("/reports/me/")
    assert response.status_code == 302
    assert response["Location"] == f"/reports/businesses/{world.businesses['E'].pk}/"


def test_the_navigation_links_to_the_reports(client, world):
    client.force_login(world.coordinator)
    page = client.get("/reports/me/", follow=True).content.decode()
    assert 'href="/reports/"' in page
