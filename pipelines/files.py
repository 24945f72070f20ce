"""A local file as the PageItem a crawl would have made of it, for ``gaar parse``.

The file's ``file://`` URI is its URL and ``gaar-parse`` its spider, so stored
files live next to crawled pages and ``gaar reparse`` treats them alike.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from gaar_spiders.items import PageItem

SPIDER = "gaar-parse"
#: magic numbers of the binary documents the attachment reader handles
_BINARY_MAGIC = (b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0")


def page_item_for_file(path) -> PageItem:
    """Raises OSError when the file cannot be read."""
    path = Path(path)
    body = path.read_bytes()
    binary = body.startswith(_BINARY_MAGIC)
    content_type = mimetypes.guess_type(path.name)[0] or ("application/octet-stream" if binary else "text/plain")
    return PageItem(
        url=path.resolve().as_uri(),
        body=body,
        spider=SPIDER,
        kind="attachment" if binary else "page",
        headers={"content-type": content_type},
        link_text=path.name,
    )


def read_report_file(path):
    """The report in a local file, read exactly as ``gaar parse`` and a crawl read it
    (raises OSError when the file cannot be read)."""
    from .read import read_item

    return read_item(page_item_for_file(path)).report
