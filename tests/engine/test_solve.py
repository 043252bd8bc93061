"""Behaviour of solve() on hand-made instances whose optimum is known."""

from __future__ import annotations

import copy

from matching.engine import check_solution, solve

from .factories import chain_doc, triangle_doc


def _solve(doc):
    out = solve(doc)
    assert check_solution(doc, out) == []
    return out


def _legs(out):
    return [(x["offer"], x["want"]) for c in out["cycles"] for x in c["legs"]]


def _square_doc(**changes):
    """a, b, c, d: either the ring a -> b -> c -> d -> a or the pairs a <-> b and c <-> d."""
    doc = {
        "max_cycle_length": 4,
        "objective": "value",
        "time_limit_s": 10,
        "participants": [{"id": p, "headroom": 0, "tolerance": 0} for p in "abcd"],
        "offers": [{"id": f"o{p}", "participant": p, "value": 100, "quantity": 1} for p in "abcd"],
        "wants": [
            {"id": "wa", "participant": "a", "accepts": [{"offer": "ob"}, {"offer": "od"}]},
            {"id": "wb", "participant": "b", "accepts": [{"offer": "oa"}]},
            {"id": "wc", "participant": "c", "accepts": [{"offer": "ob"}, {"offer": "od"}]},
            {"id": "wd", "participant": "d", "accepts": [{"offer": "oc"}]},
        ],
    }
    doc.update(copy.deepcopy(changes))
    return doc


def test_three_way_ring_is_found_and_proven_optimal():
    out = _solve(triangle_doc())
    assert out["status"] == "optimal"
    assert (out["objective"], out["bound"]) == (300, 300)
    assert [len(c["legs"]) for c in out["cycles"]] == [3]


def test_bilateral_limit_keeps_only_the_pair():
    out = _solve(triangle_doc(max_cycle_length=2))
    assert out["objective"] == 200
    assert sorted(_legs(out)) == [("o_a", "w_b"), ("o_b", "w_a2")]


def test_count_objective_counts_wants_met():
    out = _solve(triangle_doc(objective="count"))
    assert (out["objective"], out["status"]) == (3, "optimal")


def test_forbidden_combination_is_never_proposed_again():
    doc = triangle_doc(
        forbidden=[[{"offer": "o_a", "want": "w_b"}, {"offer": "o_c", "want": "w_a"}]]
    )
    out = _solve(doc)
    assert out["objective"] == 200
    assert ("o_c", "w_a") not in _legs(out)


def test_forbidden_set_spanning_two_cycles_keeps_one_of_them():
    doc = _square_doc(
        forbidden=[[{"offer": "oa", "want": "wb"}, {"offer": "oc", "want": "wd"}]],
        max_cycle_length=2,
    )
    out = _solve(doc)
    assert out["objective"] == 200
    assert len(out["cycles"]) == 1


def test_net_value_tolerance_decides_between_cycles():
    doc = triangle_doc()
    doc["offers"][2]["value"] = 180  # c gives 180 to a, receives 100: net +80 > tolerance 50
    assert _solve(doc)["objective"] == 200  # only the pair a <-> b remains
    doc["participants"][2]["tolerance"] = 80  # c may now run +80, but a's net is -80 < -50
    assert _solve(doc)["objective"] == 200
    doc["participants"][0]["tolerance"] = 80
    doc["participants"][0]["headroom"] = 60  # a's debit is capped by min(headroom, tolerance)
    assert _solve(doc)["objective"] == 200
    doc["participants"][0]["headroom"] = 80
    assert _solve(doc)["objective"] == 380


def test_zero_headroom_forbids_receiving_more_than_giving():
    doc = triangle_doc()
    doc["offers"][0]["value"] = 120  # b receives 120 and gives 100: net -20
    doc["participants"][1]["headroom"] = 0
    out = _solve(doc)
    assert ("o_a", "w_b") not in _legs(out)
    assert out["objective"] == 0


def test_quantity_lets_one_offer_serve_two_cycles():
    doc = triangle_doc(max_cycle_length=None)
    doc["offers"][0]["quantity"] = 2
    doc["wants"].append({"id": "w_c2", "participant": "c", "accepts": [{"offer": "o_a"}]})
    doc["offers"].append({"id": "o_c2", "participant": "c", "value": 100, "quantity": 1})
    doc["wants"].append({"id": "w_a3", "participant": "a", "accepts": [{"offer": "o_c2"}]})
    out = _solve(doc)
    assert out["objective"] == 500  # ring (300) + pair a <-> c (200), o_a used twice
    assert sum(1 for o, _ in _legs(out) if o == "o_a") == 2


def test_unbounded_finds_a_long_ring_that_a_bound_forbids():
    names = [f"p{i}" for i in range(6)]
    doc = {
        "max_cycle_length": None,
        "objective": "value",
        "participants": [{"id": p, "headroom": 0, "tolerance": 0} for p in names],
        "offers": [
            {"id": f"o{i}", "participant": p, "value": 70, "quantity": 1}
            for i, p in enumerate(names)
        ],
        "wants": [
            {"id": f"w{i}", "participant": p, "accepts": [{"offer": f"o{(i - 1) % 6}"}]}
            for i, p in enumerate(names)
        ],
    }
    out = _solve(doc)
    assert (out["objective"], out["status"]) == (420, "optimal")
    assert [len(c["legs"]) for c in out["cycles"]] == [6]
    doc["max_cycle_length"] = 5
    assert _solve(doc)["objective"] == 0


def test_own_offer_in_accepts_is_never_a_leg():
    doc = triangle_doc()
    doc["wants"].append({"id": "w_self", "participant": "a", "accepts": [{"offer": "o_a"}]})
    out = _solve(doc)
    assert ("o_a", "w_self") not in _legs(out)
    assert out["objective"] == 300


def test_higher_score_breaks_a_value_tie():
    doc = triangle_doc(max_cycle_length=2)
    doc["offers"].append({"id": "o_b2", "participant": "b", "value": 100, "quantity": 1})
    doc["wants"][1]["accepts"] = [{"offer": "o_b", "score": 0.2}, {"offer": "o_b2", "score": 0.9}]
    out = _solve(doc)
    assert out["objective"] == 200
    assert ("o_b2", "w_a2") in _legs(out)


def test_shorter_cycles_break_a_tie():
    out = _solve(_square_doc())
    assert out["objective"] == 400
    assert sorted(len(c["legs"]) for c in out["cycles"]) == [2, 2]


def test_same_input_gives_the_same_output():
    doc = _square_doc(max_cycle_length=None)
    first, second = solve(doc), solve(doc)
    for out in (first, second):
        out["stats"].pop("phases")
        for key in [k for k in out["stats"] if k.endswith("seconds")]:
            out["stats"].pop(key)  # timings
    assert first == second


def test_empty_network_is_optimal_with_nothing_to_do():
    doc = {
        "max_cycle_length": 3,
        "objective": "value",
        "participants": [],
        "offers": [],
        "wants": [],
    }
    out = _solve(doc)
    assert (out["status"], out["objective"], out["bound"], out["cycles"]) == ("optimal", 0, 0, [])


def test_progress_is_reported_with_fractions():
    calls = []
    solve(triangle_doc(), progress=lambda phase, f: calls.append((phase, f)))
    assert calls[0][0] == "validate"
    assert calls[-1] == ("done", 1.0)
    assert all(0.0 <= f <= 1.0 for _, f in calls)


def test_stats_describe_the_run():
    stats = _solve(triangle_doc())["stats"]
    for key in (
        "participants",
        "offers",
        "wants",
        "accepts",
        "legs_kept",
        "components",
        "cycles_enumerated",
        "solver",
        "solve_seconds",
        "phases",
    ):
        assert key in stats
    assert (stats["participants"], stats["accepts"], stats["components"]) == (3, 4, 1)
    assert stats["cycles_enumerated"] == 2  # the pair a <-> b and the ring
    assert stats["solver"].startswith("highs")
    assert set(stats["phases"]) >= {"validate", "prune", "solve"}


def _chains(out):
    return [[(x["from"], x["to"]) for x in c["legs"]] for c in out["chains"]]


def test_chain_from_a_source_is_found_and_proven_optimal():
    out = _solve(chain_doc())
    assert (out["status"], out["objective"], out["bound"]) == ("optimal", 200, 200)
    assert _chains(out) == [[("s", "a"), ("a", "b")]]
    assert out["cycles"] == []


def test_chains_are_off_without_max_chain_length():
    for off in (0, None):
        out = _solve(chain_doc(max_chain_length=off))
        assert (out["objective"], out["chains"]) == (0, [])
    doc = chain_doc()
    del doc["max_chain_length"]
    assert _solve(doc)["chains"] == []


def test_chain_is_cut_to_max_chain_length():
    out = _solve(chain_doc(max_chain_length=1))
    assert _chains(out) == [[("s", "a")]]


def test_tolerance_zero_allows_no_chain():
    doc = chain_doc()
    for p in doc["participants"]:
        p["tolerance"] = 0
    assert _solve(doc)["objective"] == 0


def test_source_with_quantity_starts_several_chains_and_takes_part_in_a_cycle():
    doc = chain_doc()
    doc["offers"][0]["quantity"] = 2
    doc["participants"][0]["tolerance"] = 200
    doc["participants"].append({"id": "c", "headroom": 500, "tolerance": 100})
    doc["wants"].append({"id": "w_c", "participant": "c", "accepts": [{"offer": "o_s"}]})
    # s also swaps with b: b's second offer against s's own want
    doc["offers"].append({"id": "o_s2", "participant": "s", "value": 100, "quantity": 1})
    doc["offers"].append({"id": "o_b2", "participant": "b", "value": 100, "quantity": 1})
    doc["wants"].append({"id": "w_s", "participant": "s", "accepts": [{"offer": "o_b2"}]})
    doc["wants"].append({"id": "w_b2", "participant": "b", "accepts": [{"offer": "o_s2"}]})
    out = _solve(doc)
    assert out["status"] == "optimal"
    assert out["objective"] == 500  # chains s -> a -> b and s -> c, cycle s <-> b
    assert sorted(len(c) for c in _chains(out)) == [1, 2]
    assert [len(c["legs"]) for c in out["cycles"]] == [2]


def test_chain_end_may_give_in_a_cycle():
    doc = chain_doc(max_chain_length=1)
    doc["wants"].append({"id": "w_a2", "participant": "a", "accepts": [{"offer": "o_b"}]})
    out = _solve(doc)  # chain s -> a, cycle a <-> b
    assert out["objective"] == 300
    assert _chains(out) == [[("s", "a")]]
