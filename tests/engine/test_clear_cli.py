"""``python -m matching.engine clear`` and ``check-clear``, how the time limit bounds a run, and
which status an answer gets."""

from __future__ import annotations

import json
import os
import time

import numpy as np
import pytest

from matching.engine import check_clearing, clear, clearing
from matching.engine.clearing_synthetic import generate_clearing

from .clearing_factories import worked_example
from .commands import run_engine


def test_clear_writes_only_the_output_file_and_it_checks(tmp_path):
    src, dst = tmp_path / "in.json", tmp_path / "out.json"
    src.write_text(json.dumps(worked_example()))
    result = run_engine("clear", str(src), "-o", str(dst))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.json", "out.json"]
    out = json.loads(dst.read_text())
    assert (out["status"], out["cleared"]) == ("optimal", 240)
    checked = run_engine("check-clear", str(src), str(dst))
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout == ""


def test_clear_reads_standard_input_and_prints_indented_output():
    result = run_engine("clear", "-", "--indent", "2", stdin=json.dumps(worked_example()))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith('{\n  "status": "optimal"')
    assert json.loads(result.stdout)["cleared"] == 240


def test_clear_reports_progress_when_verbose(tmp_path):
    src = tmp_path / "in.json"
    src.write_text(json.dumps(worked_example()))
    result = run_engine("clear", str(src), "-v", "-o", str(tmp_path / "out.json"))
    assert result.returncode == 0
    assert result.stderr.splitlines()[-1] == "done 100%"


def test_check_clear_lists_the_broken_rules_and_exits_1(tmp_path):
    src, dst = tmp_path / "in.json", tmp_path / "out.json"
    src.write_text(json.dumps(worked_example()))
    out = clear(worked_example())
    out["setoffs"][0]["amount"] = 100
    dst.write_text(json.dumps(out))
    result = run_engine("check-clear", str(src), str(dst))
    assert result.returncode == 1
    assert "credit: 'A' changes by -20, listed as 0" in result.stdout
    assert "cleared: is 240, the set-offs add up to 260" in result.stdout


def test_check_clear_exits_2_on_an_invalid_input(tmp_path):
    src, dst = tmp_path / "in.json", tmp_path / "out.json"
    src.write_text(json.dumps(worked_example(time_limit_s=-1)))
    dst.write_text("{}")
    result = run_engine("check-clear", str(src), str(dst))
    assert result.returncode == 2
    assert "time_limit_s" in result.stderr


def test_a_deadline_passed_before_solving_gives_a_valid_time_limit_answer():
    doc = worked_example(time_limit_s=1e-9)
    out = clear(doc)
    assert out["status"] == "time_limit"
    assert (out["cleared"], out["credit_moved"], out["setoffs"], out["credit"]) == (0, 0, [], [])
    assert check_clearing(doc, out) == []


def _slow_solver(net):
    time.sleep(30)
    raise AssertionError("the solver should have been stopped")


def test_a_solver_still_running_at_the_deadline_is_stopped(monkeypatch):
    doc = generate_clearing(firms=100, invoices=800, seed=4, time_limit_s=1.0)
    monkeypatch.setattr(clearing, "INLINE_MAX_ARCS", 0)
    monkeypatch.setattr(clearing, "_run_solver", _slow_solver)
    started = time.monotonic()
    out = clear(doc)
    assert time.monotonic() - started < 10
    assert out["status"] == "time_limit"
    assert out["stats"]["solver_status"] == "TIME_LIMIT"
    assert out["cleared"] == 0
    assert check_clearing(doc, out) == []


def test_a_solver_process_that_dies_is_an_error_not_an_answer(monkeypatch):
    doc = generate_clearing(firms=100, invoices=800, seed=4)
    monkeypatch.setattr(clearing, "INLINE_MAX_ARCS", 0)
    monkeypatch.setattr(clearing, "_run_solver", lambda net: os._exit(3))
    with pytest.raises(RuntimeError, match="without an answer"):
        clear(doc)


def test_a_solver_that_proves_nothing_gives_a_valid_feasible_answer(monkeypatch):
    doc = worked_example()
    monkeypatch.setattr(clearing, "_run_solver", lambda net: ("BAD_RESULT", np.zeros(0)))
    out = clear(doc)
    assert out["status"] == "feasible"
    assert out["stats"]["solver_status"] == "BAD_RESULT"
    assert out["cleared"] == 0
    assert check_clearing(doc, out) == []


def test_a_huge_time_limit_is_waited_for_in_steps(monkeypatch):
    doc = worked_example(time_limit_s=1e300)
    monkeypatch.setattr(clearing, "INLINE_MAX_ARCS", 0)
    out = clear(doc)
    assert (out["status"], out["cleared"]) == ("optimal", 240)
    assert out["stats"]["solve_mode"] == "child process"
