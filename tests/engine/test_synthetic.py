"""The synthetic network generator is seeded, valid and skewed like a real network."""

from __future__ import annotations

from collections import Counter

from matching.engine import validate_input
from matching.engine.synthetic import MAX_PRICE_CENTS, MIN_PRICE_CENTS, generate


def test_same_seed_same_document_and_another_seed_differs():
    a = generate(participants=200, accepts=3_000, seed=7)
    assert a == generate(participants=200, accepts=3_000, seed=7)
    assert a != generate(participants=200, accepts=3_000, seed=8)


def test_generated_document_is_valid_and_close_to_the_requested_size():
    doc = generate(participants=500, accepts=20_000, seed=1, max_cycle_length=4)
    validate_input(doc)
    accepts = sum(len(w["accepts"]) for w in doc["wants"])
    assert 0.9 * 20_000 <= accepts <= 1.1 * 20_000
    assert len(doc["participants"]) == 500
    assert doc["max_cycle_length"] == 4


def test_prices_quantities_and_headroom_are_realistic():
    doc = generate(participants=500, accepts=10_000, seed=3)
    values = [o["value"] for o in doc["offers"]]
    assert min(values) >= MIN_PRICE_CENTS
    assert max(values) <= MAX_PRICE_CENTS
    assert all(v % 100 == 0 for v in values)  # listed in whole euros
    quantities = Counter(o["quantity"] for o in doc["offers"])
    assert set(quantities) <= {1, 2, 3, 4, 5}
    assert quantities[1] > len(values) / 3
    headrooms = [p["headroom"] for p in doc["participants"]]
    assert any(h == 0 for h in headrooms)
    assert all(p["tolerance"] == 300_00 for p in doc["participants"])


def test_category_popularity_is_skewed():
    doc = generate(participants=2_000, accepts=20_000, seed=4)
    wanted = Counter()
    for w in doc["wants"]:
        for a in w["accepts"]:
            wanted[a["offer"]] += 1
    counts = sorted(wanted.values(), reverse=True)
    # The most accepted offers are accepted far more often than the median one.
    assert counts[len(counts) // 100] >= 4 * counts[len(counts) // 2]


def test_tolerance_zero_network():
    doc = generate(participants=50, accepts=500, seed=5, tolerance_cents=0)
    assert {p["tolerance"] for p in doc["participants"]} == {0}
