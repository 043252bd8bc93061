"""Webhooks: deliveries created after commit for the endpoints that picked the event (nothing for
a rolled-back transaction), signed so that the documented recipe verifies them, retried with
exponential backoff, logged, replayable; no redirects, no private addresses in production."""

import importlib.util
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import timezone

from api import services, webhooks
from api.models import DeliveryStatus, WebhookDelivery
from api.tasks import webhook_deliver_task
from barter import services as barter_services
from tests.factories.barter import (
    BusinessFactory,
    ListingFactory,
    NetworkFactory,
    UserFactory,
    delivered_purchase,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


def load_example(name: str):
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Receiver:
    """An HTTP server on 127.0.0.1 that records requests and answers the statuses it is told."""

    def __init__(self, statuses=(204,)):
        self.requests = []
        self.statuses = list(statuses)
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.requests.append({"headers": dict(self.headers), "body": body})
                status = outer.statuses.pop(0) if len(outer.statuses) > 1 else outer.statuses[0]
                self.send_response(status)
                if 300 <= status < 400:
                    self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def local_urls(settings):
    settings.API_WEBHOOK_ALLOW_HTTP = True
    settings.API_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    settings.API_WEBHOOK_TIMEOUT_S = 3


@pytest.fixture
def receiver(local_urls):
    found = Receiver()
    yield found
    found.close()


@pytest.fixture
def partner(make_partner):
    return make_partner()


def subscribe(partner, url, events=("listing.changed",)):
    return services.webhook_endpoint_create(
        actor=partner.partner.user, client=partner.partner, url=url, events=list(events)
    )


@pytest.mark.django_db
def test_an_event_is_delivered_signed_after_commit(
    partner, receiver, django_capture_on_commit_callbacks
):
    endpoint = subscribe(partner, receiver.url)
    owner = UserFactory()
    listing = ListingFactory(business=BusinessFactory(network=partner.partner.network, owner=owner))
    with django_capture_on_commit_callbacks(execute=True):
        barter_services.listing_pause(actor=owner, listing=listing)
        assert WebhookDelivery.objects.count() == 0  # not before the commit
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.SUCCEEDED and delivery.attempts == 1
    assert delivery.response_status == 204
    [request] = receiver.requests
    headers, body = request["headers"], request["body"]
    assert headers["X-Cyclotroc-Event"] == "listing.changed"
    assert headers["X-Cyclotroc-Delivery"] == str(delivery.uuid)
    # The receiver of docs/examples verifies it with the documented recipe …
    verify = load_example("webhook_receiver").verify_signature
    assert verify(endpoint.secret, body, headers["X-Cyclotroc-Signature"])
    # … and nothing else passes: another secret, another body, an old timestamp.
    assert not verify("whsec_other", body, headers["X-Cyclotroc-Signature"])
    assert not verify(endpoint.secret, body + b" ", headers["X-Cyclotroc-Signature"])
    assert not verify(
        endpoint.secret, body, headers["X-Cyclotroc-Signature"], now=time.time() + 301
    )
    event = json.loads(body)
    assert event["event"] == "listing.changed" and event["id"] == str(delivery.event_id)
    assert event["network"] == partner.partner.network.slug
    assert event["data"] == {
        "listing": listing.pk,
        "business": listing.business_id,
        "change": "paused",
        "status": "paused",
    }


@pytest.mark.django_db
def test_nothing_is_sent_for_a_rolled_back_transaction(
    partner, receiver, django_capture_on_commit_callbacks
):
    subscribe(partner, receiver.url)
    owner = UserFactory()
    listing = ListingFactory(business=BusinessFactory(network=partner.partner.network, owner=owner))
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                barter_services.listing_pause(actor=owner, listing=listing)
                raise RuntimeError("rollback")
        except RuntimeError:
            pass
    assert WebhookDelivery.objects.count() == 0
    assert receiver.requests == []


@pytest.mark.django_db
def test_only_the_networks_subscribed_active_endpoints_receive_an_event(
    partner, make_partner, local_urls
):
    wanted = subscribe(partner, "http://127.0.0.1:9/a", events=["transfer.posted"])
    subscribe(partner, "http://127.0.0.1:9/b", events=["proposal.created"])
    disabled = subscribe(partner, "http://127.0.0.1:9/c", events=["transfer.posted"])
    services.webhook_endpoint_update(actor=None, endpoint=disabled, is_active=False)
    subscribe(make_partner(), "http://127.0.0.1:9/d", events=["transfer.posted"])
    deliveries = services.webhook_event_dispatch(
        "transfer.posted", partner.partner.network_id, {"transaction": 1}
    )
    assert [d.endpoint for d in deliveries] == [wanted]


@pytest.mark.django_db
def test_a_ledger_transfer_reaches_the_endpoints_that_picked_it_with_no_query_after_commit(
    partner, make_partner, django_capture_on_commit_callbacks
):
    """The ledger runs the webhooks' probe with its writes: after the commit, a network without
    a subscribed endpoint costs no query, and a subscribed endpoint gets its delivery."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ledger import services as ledger_services
    from tests.factories.ledger import open_accounts

    wanted = subscribe(partner, "http://127.0.0.1:9/a", events=["transfer.posted"])
    subscribe(partner, "http://127.0.0.1:9/b", events=["listing.changed"])
    a, b = open_accounts(2, network=partner.partner.network)
    c, d = open_accounts(2)  # another network, no endpoint

    def post(payer, payee, key):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            ledger_services.transfer_post(
                actor=None, payer=payer, payee=payee, amount=100, idempotency_key=key
            )
        with CaptureQueriesContext(connection) as queries:
            for callback in callbacks:
                callback()
        return queries

    assert len(post(c, d, "quiet")) == 0
    assert not WebhookDelivery.objects.exists()
    post(a, b, "heard")
    delivery = WebhookDelivery.objects.get()
    assert delivery.endpoint == wanted and delivery.event == "transfer.posted"
    assert delivery.payload["data"]["postings"] == [
        {"account": a.pk, "amount": -100},
        {"account": b.pk, "amount": 100},
    ]


@pytest.mark.django_db
def test_a_settled_purchase_is_announced_to_the_endpoints_that_picked_it(
    partner, django_capture_on_commit_callbacks
):
    wanted = subscribe(partner, "http://127.0.0.1:9/a", events=["purchase.settled"])
    purchase, buyer_user = delivered_purchase(partner.partner.network)
    with django_capture_on_commit_callbacks(execute=True):
        purchase = barter_services.purchase_confirm(actor=buyer_user, purchase=purchase)
    [delivery] = WebhookDelivery.objects.filter(event="purchase.settled")
    assert delivery.endpoint == wanted
    assert delivery.payload["data"] == {
        "purchase": purchase.pk,
        "transaction": purchase.settlement_id,
        "buyer": purchase.buyer_id,
        "seller": purchase.seller_id,
        "total": 10_000,
        "commission": purchase.commission,
    }


@pytest.mark.django_db
def test_a_failed_attempt_is_retried_with_exponential_backoff_then_succeeds(
    partner, local_urls, monkeypatch, settings
):
    receiver = Receiver(statuses=[500, 503, 204])
    settings.API_WEBHOOK_RETRY_BASE_S = 30
    endpoint = subscribe(partner, receiver.url)
    [delivery] = services.webhook_event_dispatch(
        "listing.changed", partner.partner.network_id, {"listing": 1}
    )
    countdowns = []

    class Retry(Exception):
        pass

    def fake_retry(countdown):
        countdowns.append(countdown)
        return Retry()

    monkeypatch.setattr(webhook_deliver_task, "retry", fake_retry)
    for _ in range(2):
        with pytest.raises(Retry):
            webhook_deliver_task.run(delivery.pk)  # as a worker runs it (not eagerly)
        delivery.refresh_from_db()
        assert delivery.status == DeliveryStatus.RETRYING
        assert delivery.next_attempt_at > timezone.now()
        assert "HTTP 50" in delivery.last_error
    assert countdowns == [30, 60]
    webhook_deliver_task.run(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED
    assert delivery.attempts == 3 and delivery.last_error == "" and delivery.next_attempt_at is None
    assert len(receiver.requests) == 3
    assert {r["headers"]["X-Cyclotroc-Delivery"] for r in receiver.requests} == {str(delivery.uuid)}
    receiver.close()
    assert endpoint.deliveries.count() == 1


def test_the_backoff_doubles_up_to_an_hour():
    assert [services.retry_delay(n, 30) for n in range(1, 10)] == [
        30, 60, 120, 240, 480, 960, 1920, 3600, 3600,
    ]  # fmt: skip


@pytest.mark.django_db
def test_a_delivery_gives_up_after_the_last_attempt(partner, local_urls, settings):
    settings.API_WEBHOOK_MAX_ATTEMPTS = 3
    receiver = Receiver(statuses=[500])
    subscribe(partner, receiver.url)
    [delivery] = services.webhook_event_dispatch(
        "listing.changed", partner.partner.network_id, {"listing": 1}
    )
    delays = []
    for _ in range(3):
        WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
        delays.append(services.webhook_delivery_attempt(delivery_id=delivery.pk))
    delivery.refresh_from_db()
    receiver.close()
    assert delays[-1] is None and delays[0] is not None
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 3
    assert services.webhook_delivery_attempt(delivery_id=delivery.pk) is None  # nothing more


@pytest.mark.django_db
def test_eager_failures_wait_for_the_sweep_which_queues_overdue_deliveries(
    partner, local_urls, django_capture_on_commit_callbacks
):
    receiver = Receiver(statuses=[500, 204])
    subscribe(partner, receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        [delivery] = services.webhook_event_dispatch(
            "listing.changed", partner.partner.network_id, {"listing": 1}
        )
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.RETRYING and delivery.attempts == 1
    assert services.webhook_deliveries_resume() == []  # not overdue yet
    later = delivery.next_attempt_at + timezone.timedelta(minutes=3)
    assert services.webhook_deliveries_resume(now=later) == [delivery.pk]
    delivery.refresh_from_db()
    receiver.close()
    assert delivery.status == DeliveryStatus.SUCCEEDED and delivery.attempts == 2


@pytest.mark.django_db
def test_redirects_are_not_followed(partner, local_urls):
    receiver = Receiver(statuses=[302])
    subscribe(partner, receiver.url)
    [delivery] = services.webhook_event_dispatch(
        "listing.changed", partner.partner.network_id, {"listing": 1}
    )
    services.webhook_delivery_attempt(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    receiver.close()
    assert delivery.status == DeliveryStatus.RETRYING
    assert "redirects are not followed" in delivery.last_error
    assert len(receiver.requests) == 1


@pytest.mark.django_db
def test_private_addresses_and_plain_http_are_refused_in_production(partner, settings):
    settings.API_WEBHOOK_ALLOW_HTTP = False
    settings.API_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    for url in ["http://hooks.example.org/", "https://127.0.0.1/", "https://10.0.0.8/x"]:
        with pytest.raises(Exception, match="url"):
            subscribe(partner, url)
    # An address that turns private after registration is refused when sending, for good.
    settings.API_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    endpoint = subscribe(partner, "https://localhost/hooks")
    settings.API_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    [delivery] = services.webhook_event_dispatch(
        "listing.changed", partner.partner.network_id, {"listing": 1}
    )
    assert services.webhook_delivery_attempt(delivery_id=delivery.pk) is None
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert "public" in delivery.last_error
    assert endpoint.deliveries.count() == 1


@pytest.mark.django_db
def test_a_replay_sends_the_same_event_again(partner, receiver, django_capture_on_commit_callbacks):
    subscribe(partner, receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        [first] = services.webhook_event_dispatch(
            "listing.changed", partner.partner.network_id, {"listing": 1}
        )
    with django_capture_on_commit_callbacks(execute=True):
        response = partner.post(f"/api/v1/webhook-deliveries/{first.pk}/replay/")
    assert response.status_code == 202
    replay = WebhookDelivery.objects.get(pk=response.json()["id"])
    assert replay.replay_of == first and replay.event_id == first.event_id
    assert replay.status == DeliveryStatus.SUCCEEDED
    first_body, second_body = (r["body"] for r in receiver.requests)
    assert first_body == second_body


@pytest.mark.django_db
def test_a_coordinator_replays_a_delivery_from_the_log(
    partner, receiver, client, django_capture_on_commit_callbacks
):
    coordinator = UserFactory()
    partner.partner.network.coordinators.add(coordinator)
    subscribe(partner, receiver.url)
    [first] = services.webhook_event_dispatch(
        "listing.changed", partner.partner.network_id, {"listing": 1}
    )
    services.webhook_delivery_attempt(delivery_id=first.pk)
    client.force_login(coordinator)
    page = client.get(f"/coordination/partners/{partner.partner.pk}/").content.decode()
    assert f'data-delivery="{first.pk}"' in page
    assert f"/deliveries/{first.pk}/replay/" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/coordination/partners/{partner.partner.pk}/deliveries/{first.pk}/replay/")
    assert first.replays.get().status == DeliveryStatus.SUCCEEDED
    assert len(receiver.requests) == 2


@pytest.mark.django_db
def test_a_partner_manages_its_endpoints_through_the_api(
    partner, receiver, django_capture_on_commit_callbacks
):
    response = partner.post(
        "/api/v1/webhook-endpoints/",
        {"url": receiver.url, "events": ["listing.changed", "proposal.created"]},
        format="json",
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["secret"].startswith("whsec_")
    listed = partner.get("/api/v1/webhook-endpoints/").json()["results"]
    assert "secret" not in listed[0]
    rotated = partner.post(f"/api/v1/webhook-endpoints/{created['id']}/rotate-secret/").json()
    assert rotated["secret"] != created["secret"]
    with django_capture_on_commit_callbacks(execute=True):
        ping = partner.post(f"/api/v1/webhook-endpoints/{created['id']}/ping/")
    assert ping.status_code == 202
    [request] = receiver.requests
    assert webhooks.verify(
        rotated["secret"], request["body"], request["headers"]["X-Cyclotroc-Signature"]
    )
    delivery = partner.get(f"/api/v1/webhook-deliveries/{ping.json()['id']}/").json()
    assert delivery["status"] == "succeeded" and delivery["event"] == "ping"
    response = partner.patch(
        f"/api/v1/webhook-endpoints/{created['id']}/",
        {"events": ["nothing.happened"]},
        format="json",
    )
    assert response.status_code == 400 and "events.0" in response.json()["fields"]
    response = partner.patch(
        f"/api/v1/webhook-endpoints/{created['id']}/", {"secret": "mine"}, format="json"
    )
    assert (
        response.status_code == 400
        and response.json()["fields"]["secret"][0]["code"] == "read_only"
    )
    assert partner.delete(f"/api/v1/webhook-endpoints/{created['id']}/").status_code == 204


@pytest.mark.redis
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_celery_worker_retries_a_failed_delivery_until_it_succeeds(make_partner, settings):
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    settings.API_WEBHOOK_ALLOW_HTTP = True
    settings.API_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    settings.API_WEBHOOK_RETRY_BASE_S = 0.5
    partner = make_partner(network=NetworkFactory())
    receiver = Receiver(statuses=[500, 500, 204])
    subscribe(partner, receiver.url)
    app.conf.task_always_eager = False
    try:
        with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
            [delivery] = services.webhook_event_dispatch(
                "listing.changed", partner.partner.network_id, {"listing": 1}
            )
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                delivery.refresh_from_db()
                if delivery.status == DeliveryStatus.SUCCEEDED:
                    break
                time.sleep(0.1)
    finally:
        app.conf.task_always_eager = True
        receiver.close()
    assert delivery.status == DeliveryStatus.SUCCEEDED, delivery.last_error
    assert delivery.attempts == 3
    assert len(receiver.requests) == 3
