"""Transfers through the API: idempotent with the Idempotency-Key header (a replay answers the
first response again and moves nothing; another body with the same key is a 409), also when
the same key arrives concurrently (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from ledger import services as ledger_services
from ledger.models import Account, JournalTransaction
from tests.api.conftest import partner_api
from tests.factories.barter import BusinessFactory

URL = "/api/v1/transfers/"


def setup_network(make_partner):
    api = make_partner()
    network = api.partner.network
    payer = BusinessFactory(network=network)
    payee = BusinessFactory(network=network)
    ledger_services.account_open(business=payer)
    ledger_services.account_open(business=payee)
    return api, payer, payee


def balance(business) -> int:
    return Account.objects.get(business=business).balance


def post(api, body, key):
    return api.post(URL, body, format="json", HTTP_IDEMPOTENCY_KEY=key)


@pytest.mark.django_db
class TestTransfers:
    @pytest.fixture(autouse=True)
    def _network(self, make_partner):
        self.api, self.payer, self.payee = setup_network(make_partner)
        self.body = {
            "payer": self.payer.pk,
            "payee": self.payee.pk,
            "amount": 12_550,
            "memo": "F-118",
        }

    def test_a_transfer_moves_credit_and_answers_201(self):
        response = post(self.api, self.body, "k-1")
        assert response.status_code == 201, response.content
        body = response.json()
        assert {k: body[k] for k in ("payer", "payee", "amount", "fee", "memo")} == {
            **self.body,
            "fee": 0,
        }
        assert "Idempotent-Replayed" not in response
        assert balance(self.payer) == -12_550 and balance(self.payee) == 12_550
        assert self.api.get(f"{URL}{body['id']}/").json() == body

    def test_the_same_key_and_body_replays_the_first_response_and_moves_nothing(self):
        first = post(self.api, self.body, "k-2")
        again = post(self.api, self.body, "k-2")
        assert again.status_code == 201
        assert again.json() == first.json()
        assert again["Idempotent-Replayed"] == "true"
        assert JournalTransaction.objects.count() == 1
        assert balance(self.payer) == -12_550

    def test_the_same_key_with_another_body_is_a_409_and_moves_nothing(self):
        post(self.api, self.body, "k-3")
        response = post(self.api, {**self.body, "amount": 1}, "k-3")
        assert response.status_code == 409
        assert response.json()["code"] == "idempotency_conflict"
        response = post(self.api, {**self.body, "memo": "autre"}, "k-3")
        assert response.status_code == 409
        assert balance(self.payer) == -12_550

    def test_keys_are_per_client(self):
        neighbour = partner_api(*_second_client(self.api.partner))
        assert post(self.api, self.body, "shared").status_code == 201
        response = post(neighbour, self.body, "shared")
        assert response.status_code == 201 and "Idempotent-Replayed" not in response
        assert balance(self.payer) == -25_100

    @pytest.mark.parametrize("key", [None, "", "x" * 101, "é"])
    def test_a_missing_or_malformed_key_is_400(self, key):
        headers = {} if key is None else {"HTTP_IDEMPOTENCY_KEY": key}
        response = self.api.post(URL, self.body, format="json", **headers)
        assert response.status_code == 400
        assert "Idempotency-Key" in response.json()["fields"]
        assert JournalTransaction.objects.count() == 0

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"amount": 0}, "amount"),
            ({"amount": -5}, "amount"),
            ({"amount": 1.5}, "amount"),
            ({"amount": 10**30}, "amount"),
            ({"amount": True}, "amount"),
            ({"payee": "me"}, "payee"),
            ({"payer": 2**64}, "payer"),
        ],
    )
    def test_invalid_bodies_are_400_per_field(self, change, field):
        response = post(self.api, {**self.body, **change}, "k-bad")
        assert response.status_code == 400
        assert field in response.json()["fields"]

    def test_paying_oneself_is_refused(self):
        response = post(self.api, {**self.body, "payee": self.payer.pk}, "k-self")
        assert response.status_code == 400
        assert "payee" in response.json()["fields"]

    def test_beyond_the_credit_limit_the_ledger_refuses_with_its_code(self):
        response = post(self.api, {**self.body, "amount": 10**8}, "k-big")
        assert response.status_code == 400
        assert response.json()["code"] == "insufficient_credit"
        assert balance(self.payer) == 0

    def test_an_inactive_business_cannot_pay(self):
        self.payer.status = "suspended"
        self.payer.save()
        response = post(self.api, self.body, "k-susp")
        assert response.status_code == 400
        assert response.json()["fields"]["payer"][0]["code"] == "inactive_business"

    def test_transfers_list_filters_by_business(self):
        post(self.api, self.body, "k-l")
        other = BusinessFactory(network=self.api.partner.network)
        rows = self.api.get(URL, {"business": self.payee.pk}).json()["results"]
        assert len(rows) == 1
        assert self.api.get(URL, {"business": other.pk}).json()["results"] == []


def _second_client(client):
    from api import services

    return services.partner_client_create(
        actor=None, network=client.network, name="Autre outil", scopes=["read", "write"]
    )


def _concurrently(n, request):
    """Run request(i) in n threads released at once; returns the responses."""
    barrier = threading.Barrier(n)
    responses = [None] * n
    errors = []

    def run(i):
        try:
            barrier.wait(timeout=10)
            responses[i] = request(i)
        except Exception as exc:  # reported below, not lost in the thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return responses


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_calls_with_one_key_post_once_and_replay_the_rest(make_partner):
    api, payer, payee = setup_network(make_partner)
    body = {"payer": payer.pk, "payee": payee.pk, "amount": 700, "memo": "concurrent"}
    responses = _concurrently(8, lambda i: post(partner_api(api.partner, api.key), body, "same"))
    assert [r.status_code for r in responses] == [201] * 8
    assert len({r.content for r in responses}) == 1
    assert sum(r.get("Idempotent-Replayed") == "true" for r in responses) == 7
    assert JournalTransaction.objects.filter(idempotency_key__endswith=":same").count() == 1
    assert balance(payer) == -700 and balance(payee) == 700


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_calls_with_one_key_and_different_bodies_post_one_and_refuse_the_rest(
    make_partner,
):
    api, payer, payee = setup_network(make_partner)
    responses = _concurrently(
        6,
        lambda i: post(
            partner_api(api.partner, api.key),
            {"payer": payer.pk, "payee": payee.pk, "amount": 100 + i},
            "contested",
        ),
    )
    codes = sorted(r.status_code for r in responses)
    assert codes == [201, 409, 409, 409, 409, 409]
    winner = next(r for r in responses if r.status_code == 201).json()
    assert balance(payer) == -winner["amount"]
