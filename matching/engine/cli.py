"""Command line: ``python -m matching.engine solve INPUT.json [-o OUTPUT.json]``.

Exit codes: 0 on success, 2 when the input is not a valid document (the message names the field),
1 when a file cannot be read or written.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from .clearing_cli import add_clearing_commands
from .errors import EngineInputError

EXIT_INVALID = 2


def _progress(phase: str, fraction: float) -> None:
    print(f"{phase} {fraction:.0%}", file=sys.stderr, flush=True)


def _cmd_solve(args: argparse.Namespace) -> int:
    from .solver import solve

    try:
        if args.input == "-":
            doc: Any = json.load(sys.stdin)
        else:
            with open(args.input, encoding="utf-8") as fh:
                doc = json.load(fh)
    except OSError as exc:
        print(f"error: cannot read {args.input}: {exc.strerror}", file=sys.stderr)
        return 1
    except json.JSONDecodeError as exc:
        print(f"error: invalid input: not JSON ({exc})", file=sys.stderr)
        return EXIT_INVALID
    try:
        out = solve(doc, progress=_progress if args.verbose else None)
    except EngineInputError as exc:
        print(f"error: invalid input: {exc}", file=sys.stderr)
        return EXIT_INVALID
    text = json.dumps(out, indent=args.indent, ensure_ascii=False)
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8") as fh:
                fh.write(text + "\n")
        except OSError as exc:
            print(f"error: cannot write {args.output}: {exc.strerror}", file=sys.stderr)
            return 1
    else:
        sys.stdout.write(text + "\n")
    return 0


def _cmd_generate(args: argparse.Namespace) -> int:
    from .synthetic import generate

    doc = generate(
        participants=args.participants,
        accepts=args.accepts,
        seed=args.seed,
        max_cycle_length=args.max_cycle_length,
        objective=args.objective,
        tolerance_cents=args.tolerance,
        listings=args.listings,
        time_limit_s=args.time_limit,
    )
    sys.stdout.write(json.dumps(doc, indent=args.indent) + "\n")
    return 0


def run_check(args: argparse.Namespace, checker: Callable[[Any, Any], list[str]]) -> int:
    """Check ``args.output`` against ``args.input``: print the broken rules, exit 1 if any."""
    try:
        with open(args.input, encoding="utf-8") as fh:
            doc = json.load(fh)
        with open(args.output, encoding="utf-8") as fh:
            out = json.load(fh)
    except (OSError, json.JSONDecodeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    try:
        errors = checker(doc, out)
    except EngineInputError as exc:
        print(f"error: invalid input: {exc}", file=sys.stderr)
        return EXIT_INVALID
    for e in errors:
        print(e)
    return 1 if errors else 0


def _cmd_check(args: argparse.Namespace) -> int:
    from .checker import check_solution

    return run_check(args, check_solution)


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be >= 1")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m matching.engine",
        description="Cyclotroc matching engine: multilateral barter cycles.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("solve", help="solve an input document, print or write the output")
    p.add_argument("input", help="input JSON file ('-' for standard input)")
    p.add_argument("-o", "--output", help="write the output document here instead of stdout")
    p.add_argument("--indent", type=int, default=None, help="indent the JSON output")
    p.add_argument("-v", "--verbose", action="store_true", help="report progress on stderr")
    p.set_defaults(func=_cmd_solve)

    g = sub.add_parser("generate", help="print a seeded synthetic input document")
    g.add_argument("--participants", type=_positive_int, required=True)
    g.add_argument("--accepts", type=int, required=True, help="target number of accepts")
    g.add_argument("--seed", type=int, default=0)
    g.add_argument("--max-cycle-length", type=int, default=None, help="omit for unbounded")
    g.add_argument("--objective", choices=("value", "count"), default="value")
    g.add_argument("--tolerance", type=int, default=300_00, help="tolerance in cents")
    g.add_argument("--listings", type=int, default=None, help="offers + wants (default 10 each)")
    g.add_argument("--time-limit", type=float, default=30.0)
    g.add_argument("--indent", type=int, default=None)
    g.set_defaults(func=_cmd_generate)

    c = sub.add_parser("check", help="check an output document against its input")
    c.add_argument("input")
    c.add_argument("output")
    c.set_defaults(func=_cmd_check)

    add_clearing_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
