"""Test tiers. `make test` (CI) runs everything; `make test-fast` deselects the tests marked
``slow`` (subprocess crawls and services) and fuzzes with the ``fast`` Hypothesis profile."""

from __future__ import annotations

from hypothesis import settings


def examples(n: int) -> int:
    """``n`` Hypothesis examples in the full suite; a tenth of them (at least 5) in the fast tier."""
    return max(5, n * settings.default.max_examples // 100)
