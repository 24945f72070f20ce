"""The ``gaar`` command: one module per subcommand, each registering itself.

A subcommand module exposes ``register(subparsers)``, which adds its parser and
sets ``func`` to a callable taking the parsed args and returning an exit code.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

#: subcommand modules, in the order ``gaar --help`` lists them
COMMANDS = ("parse", "eval", "reparse", "stats", "coverage", "serve", "demo", "discover", "schedule", "jobs")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gaar",
        description="Collect and check 政府信息公开工作年度报告 (government information disclosure annual reports).",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMANDS:
        importlib.import_module(f"{__name__}.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except BrokenPipeError:  # `gaar parse --json … | head`: the reader has had enough, no error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more reaches the pipe
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
