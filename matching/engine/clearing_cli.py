"""Command line of the clearing engine: ``clear`` and ``check-clear``.

``python -m matching.engine clear INPUT.json [-o OUTPUT.json]`` exits 0 with an answer, 2 when the
input is not a valid document (the message names the field; no output is written), 1 when a file
cannot be read or written. The output file is written only on success, in full or not at all.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from typing import Any

EXIT_INVALID = 2


def _progress(phase: str, fraction: float) -> None:
    print(f"{phase} {fraction:.0%}", file=sys.stderr, flush=True)


def _read(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    with open(path, "rb") as fh:
        return fh.read()


def _write_atomically(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file renamed over it: all or nothing."""
    folder, name = os.path.split(os.path.abspath(path))
    tmp = os.path.join(folder, f".{name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _cmd_clear(args: argparse.Namespace) -> int:
    # A run holds a million small objects that the cycle collector would walk again and again
    # for nothing (none of them is in a cycle; reference counting frees them).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _clear_files(args, started=time.monotonic())
    finally:
        if enabled:
            gc.enable()


def _clear_files(args: argparse.Namespace, *, started: float) -> int:
    import msgspec

    from .clearing import clear_problem
    from .clearing_input import decode_clear_input
    from .errors import EngineInputError

    try:
        data = _read(args.input)
    except OSError as exc:
        print(f"error: cannot read {args.input}: {exc.strerror}", file=sys.stderr)
        return 1
    try:
        problem = decode_clear_input(data)
    except EngineInputError as exc:
        print(f"error: invalid input: {exc}", file=sys.stderr)
        return EXIT_INVALID
    del data
    try:
        out = clear_problem(problem, started=started, progress=_progress if args.verbose else None)
    except RuntimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    text = msgspec.json.encode(out)
    if args.indent:
        text = msgspec.json.format(text, indent=args.indent)
    text += b"\n"
    if not args.output:
        sys.stdout.buffer.write(text)
        return 0
    try:
        _write_atomically(args.output, text)
    except OSError as exc:
        print(f"error: cannot write {args.output}: {exc.strerror}", file=sys.stderr)
        return 1
    return 0


def _cmd_check_clear(args: argparse.Namespace) -> int:
    from .clearing_checker import check_clearing
    from .cli import run_check

    return run_check(args, check_clearing)


def add_clearing_commands(sub: Any) -> None:
    """Add ``clear`` and ``check-clear`` to the engine's sub-command parser."""
    p = sub.add_parser(
        "clear", help="clear the invoices participants owe each other (multilateral set-off)"
    )
    p.add_argument("input", help="input JSON file ('-' for standard input)")
    p.add_argument("-o", "--output", help="write the output document here instead of stdout")
    p.add_argument("--indent", type=int, default=None, help="indent the JSON output")
    p.add_argument("-v", "--verbose", action="store_true", help="report progress on stderr")
    p.set_defaults(func=_cmd_clear)

    c = sub.add_parser("check-clear", help="check a clearing output against its input")
    c.add_argument("input")
    c.add_argument("output")
    c.set_defaults(func=_cmd_check_clear)
