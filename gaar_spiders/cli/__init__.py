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
COMMANDS = ("parse", "eval", "reparse", "stats", "coverage", "serve", "export", "demo", "discover", "schedule",
            "jobs", "enqueue", "merge")


class VersionAction(argparse.Action):
    """``gaar --version``: GAAR's version, the schema it writes and the parser's version (the
    one stored in ``reports.parser_version``), computed only when asked for."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        print(version_line())
        parser.exit()


def version_line() -> str:
    from importlib.metadata import PackageNotFoundError, version

    from pipelines.db import SCHEMA_VERSION
    from pipelines.version import parser_version

    try:
        gaar = version("gaar")
    except PackageNotFoundError:  # run from a checkout or an egg without metadata
        gaar = "(not installed)"
    return f"gaar {gaar} (database schema {SCHEMA_VERSION}, parser {parser_version()})"


def _terminal_columns() -> int:
    """``shutil.get_terminal_size().columns``, which argparse asks for every parser it builds:
    the same answer (``COLUMNS``, else the terminal's, else 80) without importing shutil and its
    compression modules, ~3 ms of every ``gaar`` start."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _HelpFormatter(argparse.HelpFormatter):
    def __init__(self, prog, indent_increment=2, max_help_position=24, width=None):
        super().__init__(prog, indent_increment, max_help_position,
                         _terminal_columns() - 2 if width is None else width)


class _ArgumentParser(argparse.ArgumentParser):
    """argparse's parser with ``_HelpFormatter``; its sub-command parsers are of this class too."""

    def __init__(self, *args, formatter_class=_HelpFormatter, **kwargs):
        super().__init__(*args, formatter_class=formatter_class, **kwargs)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole ``gaar`` parser; with ``only``, the one subcommand it names (what running it needs)."""
    parser = _ArgumentParser(
        prog="gaar",
        description="Collect and check 政府信息公开工作年度报告 (government information disclosure annual reports).",
    )
    parser.add_argument("--version", action=VersionAction, help="print GAAR's version and exit")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMANDS if only is None else (only,):
        importlib.import_module(f"{__name__}.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    from gaar_spiders.errors import RegistryError

    argv = sys.argv[1:] if argv is None else list(argv)
    # `gaar CMD …` needs CMD's parser alone; anything else (`gaar`, `gaar --help`, a typo) the whole one
    only = argv[0] if argv and argv[0] in COMMANDS else None
    args = build_parser(only).parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except RegistryError as exc:  # the user's registry file: every problem at once
        print(f"gaar {args.command}: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `gaar parse --json … | head`: the reader has had enough, no error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more reaches the pipe
        return 0
    except KeyboardInterrupt:  # Ctrl-C outside a crawl (a crawl closes its runs itself): one line
        print(f"\ngaar {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
