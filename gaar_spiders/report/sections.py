"""The report's numbered sections (一、总体情况 … 六、其他需要报告的事项)."""

from __future__ import annotations

from .model import Section
from .normalize import to_simplified
from . import templates as T


def section_key(heading: str) -> str:
    s = to_simplified(heading)
    for key, words in T.SECTION_KEYS:
        if any(w in s for w in words):
            return key
    return "section"


def split_sections(blocks, is_heading, title: str | None = None) -> list[Section]:
    """Sections in printed order; text before the first heading (less the title) is the ``preamble``."""
    sections: list[Section] = []
    key, heading, lines = "preamble", "", []

    def close() -> None:
        text = "\n".join(lines).strip()
        if heading or text:
            sections.append(Section(key, heading, text))

    for block in blocks:
        if isinstance(block, str):
            if is_heading(block):
                close()
                key, heading, lines = section_key(block), block.strip(), []
                continue
            if not (title and key == "preamble" and not lines and block.strip() in title):
                lines.append(block)
        else:
            lines.append(" | ".join(block))
    close()
    return sections
