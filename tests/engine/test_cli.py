"""The command line: solve, generate and check, with exit code 2 on invalid input."""

from __future__ import annotations

import json

from .commands import run_engine
from .factories import triangle_doc


def test_solve_prints_the_output_document(tmp_path):
    path = tmp_path / "in.json"
    path.write_text(json.dumps(triangle_doc()))
    result = run_engine("solve", str(path))
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["status"] == "optimal"
    assert out["objective"] == 300


def test_solve_writes_the_output_file(tmp_path):
    src, dst = tmp_path / "in.json", tmp_path / "out.json"
    src.write_text(json.dumps(triangle_doc()))
    result = run_engine("solve", str(src), "-o", str(dst))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert json.loads(dst.read_text())["objective"] == 300


def test_invalid_input_exits_2_naming_the_field(tmp_path):
    doc = triangle_doc()
    doc["participants"][2]["headroom"] = -3
    path = tmp_path / "in.json"
    path.write_text(json.dumps(doc))
    result = run_engine("solve", str(path))
    assert result.returncode == 2
    assert "participants[2].headroom: must be an integer >= 0" in result.stderr
    assert result.stdout == ""


def test_unknown_reference_exits_2(tmp_path):
    doc = triangle_doc()
    doc["offers"][0]["participant"] = "ghost"
    path = tmp_path / "in.json"
    path.write_text(json.dumps(doc))
    result = run_engine("solve", str(path))
    assert result.returncode == 2
    assert "offers[0].participant: unknown participant 'ghost'" in result.stderr


def test_malformed_json_exits_2(tmp_path):
    path = tmp_path / "in.json"
    path.write_text("{not json")
    result = run_engine("solve", str(path))
    assert result.returncode == 2
    assert "not JSON" in result.stderr


def test_missing_file_exits_1(tmp_path):
    result = run_engine("solve", str(tmp_path / "missing.json"))
    assert result.returncode == 1


def test_generate_then_solve_then_check(tmp_path):
    gen = run_engine(
        "generate",
        "--participants",
        "25",
        "--accepts",
        "300",
        "--seed",
        "3",
        "--max-cycle-length",
        "3",
    )
    assert gen.returncode == 0, gen.stderr
    src, dst = tmp_path / "in.json", tmp_path / "out.json"
    src.write_text(gen.stdout)
    doc = json.loads(gen.stdout)
    assert doc["max_cycle_length"] == 3
    assert len(doc["participants"]) == 25
    doc["time_limit_s"] = 5
    src.write_text(json.dumps(doc))
    assert run_engine("solve", str(src), "-o", str(dst)).returncode == 0
    check = run_engine("check", str(src), str(dst))
    assert check.returncode == 0, check.stdout


def test_check_reports_violations_with_exit_1(tmp_path):
    src, dst = tmp_path / "in.json", tmp_path / "out.json"
    src.write_text(json.dumps(triangle_doc()))
    dst.write_text(
        json.dumps({"status": "optimal", "objective": 5, "bound": 5, "cycles": [], "stats": {}})
    )
    result = run_engine("check", str(src), str(dst))
    assert result.returncode == 1
    assert "objective: 5 but the cycles and chains give 0" in result.stdout


def test_solve_reads_standard_input():
    result = run_engine("solve", "-", stdin=json.dumps(triangle_doc()))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["objective"] == 300
