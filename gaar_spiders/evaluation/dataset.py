"""Gold files and the documents they describe, paired by id.

A gold directory holds ``ID.json`` files (``D001.json``, ``02.json``); a
document belongs to the gold whose id is its file name's stem (``D001.txt``)
or the part of the stem before the first ``_`` (``02_hongze_district_2023.pdf``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


class DatasetError(ValueError):
    """Arguments that name no usable gold or documents (one line for the user)."""


@dataclass
class Pair:
    item_id: str
    gold: dict
    document: Path


def load_gold(gold_dir: Path) -> dict[str, dict]:
    """``{id: gold}`` of every ``*.json`` in the directory that carries an ``id``."""
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise DatasetError(f"{gold_dir}: not a directory of gold files")
    gold = {}
    for path in sorted(gold_dir.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise DatasetError(f"{path}: not a readable gold file ({exc})") from None
        if isinstance(data, dict) and data.get("id") is not None:
            gold[str(data["id"])] = data
    if not gold:
        raise DatasetError(f"{gold_dir}: no gold files (ID.json with an \"id\") in it")
    return gold


def item_id_of(path: Path, known: dict) -> str | None:
    stem = Path(path).stem
    if stem in known:
        return stem
    head = stem.split("_", 1)[0]
    return head if head in known else None


def pair_documents(gold: dict[str, dict], paths: list[Path]) -> tuple[list[Pair], list[str]]:
    """(pairs in id order, ids of gold files no document was given for).

    Each path is a document or a directory of documents; a document whose name
    matches no gold id is an error (it would silently go unscored).
    """
    docs: dict[str, Path] = {}
    for path in map(Path, paths):
        if path.is_dir():
            for child in sorted(path.iterdir()):
                if child.is_file() and not child.name.startswith(".") and child.suffix.lower() != ".md":
                    item = item_id_of(child, gold)
                    if item is not None:
                        docs.setdefault(item, child)
            continue
        if not path.exists():
            raise DatasetError(f"{path}: no such file or directory")
        item = item_id_of(path, gold)
        if item is None:
            raise DatasetError(f"{path}: no gold file for it (expected {Path(path).stem}.json or a prefix before '_')")
        docs[item] = path
    if not docs:
        raise DatasetError("no document matches a gold id (documents are named ID.txt or ID_….ext)")
    pairs = [Pair(i, gold[i], docs[i]) for i in sorted(docs)]
    unmatched = sorted(set(gold) - set(docs))
    return pairs, unmatched
