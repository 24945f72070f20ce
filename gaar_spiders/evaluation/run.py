"""One evaluation run: parse every paired document and score it against its gold."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from .cells import CellScore, score_cells
from .dataset import Pair
from .metadata import FIELDS, FieldScore, is_pronoun, score_item


@dataclass
class Evaluation:
    items: list[str] = field(default_factory=list)
    fields: list[FieldScore] = field(default_factory=list)
    #: (item, organ) for every pronoun the parser gave as an organ
    pronoun_organs: list[tuple[str, str]] = field(default_factory=list)
    #: item → cell score, for gold files that carry cells
    cells: dict[str, CellScore] = field(default_factory=dict)
    #: gold ids no document was given for
    unmatched: list[str] = field(default_factory=list)
    #: (item, reason) for documents the parser did not recognise as a report
    unrecognised: list[tuple[str, str]] = field(default_factory=list)

    def field_counts(self) -> dict[str, tuple[int, int]]:
        """field → (right, scored), in the order of ``metadata.FIELDS``; unscored fields left out."""
        counts: dict[str, list[int]] = {}
        for name, _ in FIELDS:
            scored = [s for s in self.fields if s.field == name and s.right is not None]
            if scored:
                counts[name] = [sum(1 for s in scored if s.right), len(scored)]
        return {k: (v[0], v[1]) for k, v in counts.items()}

    def misses(self, name: str) -> list[FieldScore]:
        return [s for s in self.fields if s.field == name and s.right is False]

    def cell_total(self) -> CellScore | None:
        if not self.cells:
            return None
        total = CellScore()
        for score in self.cells.values():
            total.add(score)
        return total

    def as_dict(self) -> dict:
        out = {
            "items": len(self.items),
            "fields": {
                name: {"right": r, "scored": n, "misses": [
                    {"item": s.item, "gold": s.gold, "answer": s.answer} for s in self.misses(name)
                ]}
                for name, (r, n) in self.field_counts().items()
            },
            "pronoun_organs": [{"item": i, "organ": o} for i, o in self.pronoun_organs],
            "unmatched_gold": self.unmatched,
            "unrecognised": [{"item": i, "reason": r} for i, r in self.unrecognised],
        }
        total = self.cell_total()
        if total is not None:
            out["cells"] = total.as_dict()
            out["cells"]["per_item"] = {i: s.as_dict() for i, s in sorted(self.cells.items())}
            out["cells"]["misses"] = [
                {"item": i, "cell": ".".join(m.key), "kind": m.kind, "gold": m.gold, "answer": m.answer, "raw": m.raw}
                for i, s in sorted(self.cells.items()) for m in s.misses
            ]
        return out


def evaluate(pairs: list[Pair], read: Callable) -> Evaluation:
    """Parse each document with ``read(path) -> Report`` and score it.

    Documents are read together, as ``gaar parse`` reads files given together: an
    office's consecutive reports settle each other's glued cells (``settle_among``).
    """
    from gaar_spiders.report.parse import settle_among

    ev = Evaluation()
    reports = [read(pair.document) for pair in pairs]
    settle_among(reports)
    for pair, report in zip(pairs, reports):
        ev.items.append(pair.item_id)
        ev.fields.extend(score_item(pair.item_id, pair.gold, report))
        if report.organ and is_pronoun(report.organ):
            ev.pronoun_organs.append((pair.item_id, report.organ))
        recognised = report.checks[0] if report.checks else None
        if recognised is not None and recognised.ok is False:
            ev.unrecognised.append((pair.item_id, recognised.detail))
        if isinstance(pair.gold.get("cells"), list):
            ev.cells[pair.item_id] = score_cells(pair.gold["cells"], report.cells)
    return ev
