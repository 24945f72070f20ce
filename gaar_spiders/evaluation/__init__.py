"""Scoring the parser against hand-decided gold (``gaar eval``).

``metadata`` scores the report-level fields by the rules of the metadata
development set (tests/data/metadev/README.md, "Scoring"); ``cells`` scores
table cells against hand transcriptions (tests/data/corpus/gold/README.md);
``dataset`` pairs gold files with the documents they describe.
"""
