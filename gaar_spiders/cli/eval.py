"""``gaar eval GOLD_DIR FILE|DIR...``: how well the parser reads documents with hand-decided gold."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the evaluation (and the parser it runs) is imported by `gaar eval` alone
    from gaar_spiders.evaluation.run import Evaluation


def register(sub) -> None:
    p = sub.add_parser(
        "eval",
        help="score the parser against gold files (metadata; table cells where the gold has them)",
        description="Parse each document and compare it with GOLD_DIR/ID.json. Documents are named by gold id "
        "(D001.txt, 02_hongze_district_2023.pdf); a directory stands for the documents in it.",
    )
    p.add_argument("gold_dir", type=Path, metavar="GOLD_DIR")
    p.add_argument("documents", nargs="+", type=Path, metavar="FILE|DIR")
    p.add_argument("--json", action="store_true", help="print the figures and every miss as one JSON object")
    p.add_argument("--verbose", "-v", action="store_true", help="list every miss under its field")
    p.set_defaults(func=run)


def _pct(right: int, total: int) -> str:
    return f"{100.0 * right / total:.1f} %" if total else "-"


def render(ev: Evaluation, verbose: bool) -> str:
    lines = [f"{len(ev.items)} documents scored"]
    for name, (right, total) in ev.field_counts().items():
        lines.append(f"{name:<14}{right:>5} / {total:<5}{_pct(right, total):>8}")
        if verbose:
            for s in ev.misses(name):
                lines.append(f"    {s.item}: gold {s.gold!r}, parser {s.answer!r}")
    lines.append(f"pronoun organs {len(ev.pronoun_organs):>5}")
    for item, organ in ev.pronoun_organs:
        lines.append(f"    {item}: {organ}")
    total = ev.cell_total()
    if total is not None:
        lines.append(f"cells (settled){total.settled_right:>5} / {total.settled:<5}{_pct(total.settled_right, total.settled):>8}")
        lines.append(f"  non-zero     {total.nonzero_right:>5} / {total.nonzero:<5}{_pct(total.nonzero_right, total.nonzero):>8}")
        lines.append(f"  blank        {total.blank_right:>5} / {total.blank:<5}{_pct(total.blank_right, total.blank):>8}")
        lines.append(f"  ambiguous    {total.ambiguous_accepted:>5} / {total.ambiguous:<5} accepted (a candidate, or left open)")
        lines.append(f"  STATED-BUT-WRONG {total.stated_but_wrong}")
        lines.append(f"  stated where the gold has no cell {total.extra}")
        if verbose:
            for item, score in sorted(ev.cells.items()):
                for miss in score.misses:
                    lines.append(f"    {item}: {miss.describe()}")
    if ev.unrecognised:
        lines.append(f"not recognised as a report: {len(ev.unrecognised)}")
        for item, reason in ev.unrecognised:
            lines.append(f"    {item}: {reason}")
    if ev.unmatched:
        lines.append(f"gold without a document (not scored): {', '.join(ev.unmatched)}")
    return "\n".join(lines)


def run(args) -> int:
    from gaar_spiders.evaluation.dataset import DatasetError, load_gold, pair_documents
    from gaar_spiders.evaluation.run import evaluate
    from pipelines.files import read_report_file

    try:
        gold = load_gold(args.gold_dir)
        pairs, unmatched = pair_documents(gold, args.documents)
    except DatasetError as exc:
        print(f"gaar eval: {exc}", file=sys.stderr)
        return 2
    try:
        ev = evaluate(pairs, read_report_file)
    except OSError as exc:
        print(f"gaar eval: cannot read a document: {exc.strerror or exc}", file=sys.stderr)
        return 2
    ev.unmatched = unmatched
    if args.json:
        json.dump(ev.as_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(render(ev, args.verbose))
    return 0
