"""The ``gaar`` command: one module per subcommand, each registering itself.

A subcommand module exposes ``register(subparsers)``, which adds its parser and
sets ``func`` to a callable taking the parsed args and returning an exit code.
A module imports what its command needs inside its ``run``, and ``gaar CMD …``
imports only CMD's module: ``gaar parse one.html`` pays for the parser, not for
Scrapy, Datasette, the PDF readers or the other commands (tests/test_cli_startup.py).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

#: subcommand modules, in the order ``gaar --help`` lists them
COMMANDS = ("parse", "eval", "reparse", "stats", "coverage", "serve", "demo", "discover", "schedule", "jobs")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole ``gaar`` parser; with ``only``, the one subcommand it names (what running it needs)."""
    parser = argparse.ArgumentParser(
        prog="gaar",
        description="Collect and check 政府信息公开工作年度报告 (government information disclosure annual reports).",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMANDS if only is None else (only,):
        importlib.import_module(f"{__name__}.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    # `gaar CMD …` needs CMD's parser alone; anything else (`gaar`, `gaar --help`, a typo) the whole one
    only = argv[0] if argv and argv[0] in COMMANDS else None
    args = build_parser(only).parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except BrokenPipeError:  # `gaar parse --json … | head`: the reader has had enough, no error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more reaches the pipe
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
