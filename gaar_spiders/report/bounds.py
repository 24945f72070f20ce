"""Bounds on what the parser reads: pathological markup is refused with a reason.

A report page is some hundred KB of HTML; the crawl never downloads a page
over ``GAAR_MAX_PAGE_BYTES`` (8 MiB). ``gaar parse`` and ``gaar reparse``
read files and stored pages, so the parser keeps the same bound itself, and
one on the number of tags, which is what the tree's memory follows (a 6 MB
tag flood takes ~150 MB of lxml tree).
libxml2 stops building the tree at 255 levels of nesting (without
``huge_tree``): the rest of such a page is silently lost, so the loss is
detected here and said.
"""

from __future__ import annotations

from typing import Optional

#: characters of markup or text the parser reads at most (a crawled page is at most 8 MiB)
MAX_MARKUP_CHARS = 8 * 1024 * 1024
#: tags (``<`` counted, so opening and closing ones) the parser reads at most: a report page
#: with its chrome has some thousands; a million-tag flood would cost GBs of tree
MAX_TAGS = 200_000
#: the nesting libxml2 builds a tree to without ``huge_tree`` (it stops parsing beyond)
MAX_DEPTH = 255
#: what a reason for refusing or cutting markup starts with (such a page is ``failed``)
UNREADABLE = "unreadable markup"


def size_problem(source: str) -> Optional[str]:
    """Why ``source`` is too large to parse, or None."""
    if len(source) > MAX_MARKUP_CHARS:
        return f"{UNREADABLE}: {len(source)} characters, more than the parser's bound of {MAX_MARKUP_CHARS}"
    if len(source) <= MAX_TAGS:
        return None  # fewer characters than the tag bound: cannot exceed it (and counting costs)
    tags = source.count("<")
    if tags > MAX_TAGS:
        return f"{UNREADABLE}: {tags} tags, more than the parser's bound of {MAX_TAGS}"
    return None


def html_parser():
    """A fresh lxml HTML parser (its error log is this parse's alone): no network, no huge trees."""
    from lxml import etree

    return etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, huge_tree=False)


def parse_html(html: str):
    """``(root or None, problem or None)``: the page's tree, and why part of it was not read."""
    from lxml import etree

    parser = html_parser()
    root = etree.fromstring(html, parser)
    return root, depth_problem(parser)


def depth_problem(parser) -> Optional[str]:
    for entry in parser.error_log:
        if "Excessive depth" in entry.message or entry.type_name == "ERR_RESOURCE_LIMIT":
            return (f"{UNREADABLE}: elements nested deeper than {MAX_DEPTH} levels; "
                    "the page is read only up to there")
    return None
