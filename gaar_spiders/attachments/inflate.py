"""Compressed PDF streams inflate under a bound, in the extraction child.

pdfminer inflates a FlateDecode stream whole (``zlib.decompress``), with no limit: a content
stream of a few hundred KB that inflates to 200 MB costs the child its whole memory cap, and
under ``RLIMIT_AS`` CPython's zlib may then fail without saying why ("SystemError: error return
without exception set"). Here every stream pdfminer inflates stops at a bound (a quarter of the
child's memory cap, as for DOCX members): past it, ``InflateLimit`` (a ``MemoryError``) says the
memory limit was reached, at once and with the reason. pdfminer offers no hook for this; the
bounded stand-in replaces the ``zlib`` its ``pdftypes`` module uses, inside the extraction child
only (and is put back after).
"""

from __future__ import annotations

import zlib
from contextlib import contextmanager
from typing import Iterator

MB = 1024 * 1024


class InflateLimit(MemoryError):
    """A compressed stream would inflate past its bound: the memory limit, said before it is spent."""


class _BoundedDecompressor:
    def __init__(self, inner, limit: int):
        self._inner, self._limit, self._total = inner, limit, 0

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        room = self._limit - self._total + 1
        out = self._inner.decompress(data, room if not max_length else min(max_length, room))
        self._total += len(out)
        if self._total > self._limit:
            raise InflateLimit(f"a PDF stream inflates past {self._limit // MB} MB")
        return out

    def __getattr__(self, name):
        return getattr(self._inner, name)


class BoundedZlib:
    """What pdfminer uses of ``zlib`` (``decompress``, ``decompressobj``, ``error``), each stream
    inflating to at most ``limit`` bytes."""

    error = zlib.error

    def __init__(self, limit: int):
        self.limit = limit

    def decompressobj(self, *args, **kwargs) -> _BoundedDecompressor:
        return _BoundedDecompressor(zlib.decompressobj(*args, **kwargs), self.limit)

    def decompress(self, data: bytes, wbits: int = zlib.MAX_WBITS, bufsize: int = zlib.DEF_BUF_SIZE) -> bytes:
        inflater = self.decompressobj(wbits)
        out = inflater.decompress(data)
        if inflater.unconsumed_tail:  # more to inflate than the bound allows
            raise InflateLimit(f"a PDF stream inflates past {self.limit // MB} MB")
        if not inflater.eof:  # as zlib.decompress says it, so pdfminer tries its repair path
            raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
        return out


@contextmanager
def bounded_pdf_streams(limit: int) -> Iterator[None]:
    """pdfminer's streams inflate to at most ``limit`` bytes each while the block runs."""
    import pdfminer.pdftypes as pdftypes

    original = pdftypes.zlib
    pdftypes.zlib = BoundedZlib(limit)
    try:
        yield
    finally:
        pdftypes.zlib = original
