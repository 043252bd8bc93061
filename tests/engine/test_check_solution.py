"""check_solution reports every violated constraint, and accepts a valid solution."""

from __future__ import annotations

import pytest

from matching.engine import EngineInputError, check_solution

from .factories import LINE, RING, chain_doc, leg, output, triangle_doc


def _only(errors: list[str], fragment: str) -> None:
    assert errors, "the violation was not reported"
    assert any(fragment in e for e in errors), errors


def test_valid_ring_passes():
    assert check_solution(triangle_doc(), output([RING])) == []


def test_empty_solution_passes():
    assert check_solution(triangle_doc(), output([])) == []


def test_want_met_twice_is_reported():
    doc = triangle_doc(
        offers=[
            {"id": "o_a", "participant": "a", "value": 100, "quantity": 1},
            {"id": "o_b", "participant": "b", "value": 100, "quantity": 2},
            {"id": "o_c", "participant": "c", "value": 100, "quantity": 1},
        ],
        max_cycle_length=None,
    )
    doc["wants"][0]["accepts"].append({"offer": "o_b"})  # w_a accepts o_b too
    ring = RING
    pair = [leg("o_a", "w_b", "a", "b"), leg("o_b", "w_a", "b", "a")]
    errors = check_solution(doc, output([ring, pair]))
    _only(errors, "want 'w_a' is met 2 times")


def test_offer_used_beyond_quantity_is_reported():
    pair = [leg("o_a", "w_b", "a", "b"), leg("o_b", "w_a2", "b", "a")]
    errors = check_solution(triangle_doc(max_cycle_length=None), output([RING, pair]))
    _only(errors, "offer 'o_a' is used 2 times (quantity 1)")


def test_cycle_longer_than_max_cycle_length_is_reported():
    errors = check_solution(triangle_doc(max_cycle_length=2), output([RING]))
    _only(errors, "3 legs exceeds max_cycle_length 2")


def test_participant_twice_in_a_cycle_is_reported():
    doc = triangle_doc(max_cycle_length=None)
    doc["offers"].append({"id": "o_a2", "participant": "a", "value": 100, "quantity": 1})
    doc["wants"].append({"id": "w_c2", "participant": "c", "accepts": [{"offer": "o_a2"}]})
    doc["wants"].append({"id": "w_a3", "participant": "a", "accepts": [{"offer": "o_c"}]})
    # a -> b -> a -> c -> a: closes, but visits a twice.
    figure_eight = [
        leg("o_a", "w_b", "a", "b"),
        leg("o_b", "w_a2", "b", "a"),
        leg("o_a2", "w_c2", "a", "c"),
        leg("o_c", "w_a", "c", "a"),
    ]
    errors = check_solution(doc, output([figure_eight]))
    _only(errors, "a participant appears twice in the cycle")


def test_legs_that_do_not_close_a_cycle_are_reported():
    broken = [leg("o_a", "w_b", "a", "b"), leg("o_c", "w_a", "c", "a")]
    errors = check_solution(triangle_doc(), output([broken]))
    _only(errors, "not a cycle")


def test_net_above_tolerance_is_reported():
    doc = triangle_doc()
    doc["offers"][0]["value"] = 200  # a gives 200, receives 100: net +100 > tolerance 50
    ring = [leg("o_a", "w_b", "a", "b", 200), RING[1], RING[2]]
    errors = check_solution(doc, output([ring]))
    _only(errors, "participant 'a': net 100 outside [-50, 50]")


def test_net_below_headroom_is_reported():
    doc = triangle_doc()
    doc["participants"][1]["headroom"] = 0  # b may not receive more than it gives
    doc["offers"][0]["value"] = 130  # b receives 130, gives 100: net -30 < -min(0, 50)
    ring = [leg("o_a", "w_b", "a", "b", 130), RING[1], RING[2]]
    errors = check_solution(doc, output([ring]))
    _only(errors, "participant 'b': net -30 outside [0, 50]")


def test_leg_not_accepted_by_the_want_is_reported():
    ring = [leg("o_a", "w_b", "a", "b"), leg("o_b", "w_c", "b", "c"), leg("o_c", "w_a2", "c", "a")]
    errors = check_solution(triangle_doc(), output([ring]))
    _only(errors, "want 'w_a2' does not accept offer 'o_c'")


def test_leg_giving_to_oneself_is_reported():
    doc = triangle_doc()
    doc["wants"][0]["accepts"].append({"offer": "o_a"})
    errors = check_solution(doc, output([[leg("o_a", "w_a", "a", "a")]]))
    _only(errors, "gives to itself")


def test_leg_with_wrong_value_or_participants_is_reported():
    ring = [leg("o_a", "w_b", "a", "b", 90), RING[1], RING[2]]
    _only(check_solution(triangle_doc(), output([ring], objective=290)), "must be the offer's")
    ring = [leg("o_a", "w_b", "c", "b"), RING[1], RING[2]]
    _only(check_solution(triangle_doc(), output([ring])), "offer 'o_a' belongs to 'a'")


def test_solution_containing_a_whole_forbidden_set_is_reported():
    forbidden = [[{"offer": "o_a", "want": "w_b"}, {"offer": "o_c", "want": "w_a"}]]
    errors = check_solution(triangle_doc(forbidden=forbidden), output([RING]))
    _only(errors, "forbidden[0]: the solution contains all its legs")


def test_solution_containing_part_of_a_forbidden_set_passes():
    forbidden = [[{"offer": "o_a", "want": "w_b"}, {"offer": "o_b", "want": "w_a2"}]]
    assert check_solution(triangle_doc(forbidden=forbidden), output([RING])) == []


def test_wrong_objective_is_reported():
    _only(check_solution(triangle_doc(), output([RING], objective=200)), "objective: 200")


def test_count_objective_counts_legs():
    doc = triangle_doc(objective="count")
    assert check_solution(doc, output([RING], objective=3)) == []
    _only(check_solution(doc, output([RING])), "objective: 300 but the cycles and chains give 3")


def test_bound_below_objective_is_reported():
    out = output([RING], status="feasible", bound=250)
    _only(check_solution(triangle_doc(), out), "bound: 250 is below the objective 300")


def test_optimal_status_with_a_gap_is_reported():
    out = output([RING], bound=400)
    _only(check_solution(triangle_doc(), out), "must equal the objective when the status")


def test_unknown_status_is_reported():
    _only(check_solution(triangle_doc(), output([RING], status="done")), "status: must be")


def test_invalid_input_raises():
    with pytest.raises(EngineInputError):
        check_solution({"objective": "value"}, output([]))


def test_valid_chain_passes_and_counts_in_the_objective():
    assert check_solution(chain_doc(), output([], chains=[LINE])) == []
    _only(check_solution(chain_doc(), output([], 100, chains=[LINE])), "give 200")


def test_chain_when_chains_are_off_is_reported():
    _only(
        check_solution(chain_doc(max_chain_length=0), output([], chains=[LINE])), "chains are off"
    )


def test_chain_not_started_by_a_source_is_reported():
    doc = chain_doc()
    doc["participants"][0]["chain_source"] = False
    _only(check_solution(doc, output([], chains=[LINE])), "not a chain source")


def test_chain_longer_than_the_limit_is_reported():
    _only(check_solution(chain_doc(max_chain_length=1), output([], chains=[LINE])), "exceeds")


def test_chain_whose_legs_do_not_follow_each_other_is_reported():
    _only(check_solution(chain_doc(), output([], chains=[LINE[::-1]])), "not a chain")


def test_chain_coming_back_to_a_participant_is_reported():
    doc = chain_doc()
    doc["wants"].append({"id": "w_s", "participant": "s", "accepts": [{"offer": "o_b"}]})
    back = [*LINE, {"offer": "o_b", "want": "w_s", "from": "b", "to": "s", "value": 100}]
    _only(check_solution(doc, output([], chains=[back])), "appears twice in the chain")


def test_chain_nets_count_with_the_cycles():
    doc = chain_doc()
    doc["participants"][0]["tolerance"] = 50  # s would gain 100
    _only(check_solution(doc, output([], chains=[LINE])), "participant 's'")
