"""300 report pages made from the project's real material, for the speed benchmarks and the
serialisation test (``gaar parse --json`` must print the same record, whatever makes it).

No real portal page in ``tests/data`` is a whole report (the crawl fixtures are list, detail
and home pages; the metadev set keeps only the openings), so the pages are the real report
texts published the two ways a portal publishes them:

* through the local portals' renderer (``localportals.render``), in each of its CMS
  families' chrome: the seeds (5) and the corpus text dumps 05–10 (6) as ``<p>`` lines, the
  corpus gold transcriptions (8) as the official merged-header HTML tables (their real
  figures; the prose around them is the renderer's), and the metadev openings (114);
* inside the real chrome of the two real detail pages (``tests/data/crawl/pages`` 05, a
  Shanxi TRS page of 94 KB, and 06, a Zhejiang Hanweb jcms page of 198 KB): the article
  body is replaced by the report text, everything else on the page is as served.

Every page is a ``(name, bytes)`` pair; the same call gives the same pages.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data"
SEEDS = DATA / "seeds"
CORPUS = DATA / "corpus"
METADEV = DATA / "metadev" / "docs"
CRAWL_PAGES = DATA / "crawl" / "pages"
#: the real detail pages whose chrome is kept, and the XPath of their article body
REAL_CHROME = {
    "shanxi-trs": (CRAWL_PAGES / "05_shanxi_trs_detail.html", "//div[@class='TRS_Editor']"),
    "zjdpc-jcms": (CRAWL_PAGES / "06_zjdpc_hanweb_jcms_detail.html", "//div[@id='zoom']"),
}
FAMILIES = ("trs", "hanweb", "generic")


def full_texts() -> list[tuple[str, str]]:
    """The whole real reports as text: the seeds and the corpus text dumps 05–10."""
    docs = [(f"seed:{p.stem}", p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]
    docs += [(f"corpus:{p.stem}", p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.txt"))]
    return docs


def metadev_texts() -> list[tuple[str, str]]:
    return [(f"metadev:{p.stem}", p.read_text(encoding="utf-8")) for p in sorted(METADEV.glob("D*.txt"))]


def _title(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")[:80]


def text_page(text: str, family: str) -> str:
    from gaar_spiders.localportals.render import render_text_page

    return render_text_page(text, family=family, title=_title(text), published_on=None)


def gold_table_page(gold_path: Path, family: str) -> str:
    """A corpus gold transcription's real cells in the renderer's HTML tables."""
    from gaar_spiders.localportals.generator import make_report
    from gaar_spiders.localportals.render import render_report_html
    from gaar_spiders.report.model import Cell

    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    template = gold["template"] if gold["template"] in ("2019", "2021") else "2021"
    report = make_report(gold["organ"], gold["year"], template)
    report.cells = [Cell(c["table"], c["row"], c["col"], c["value"], c.get("raw", ""))
                    for c in gold["cells"] if c.get("value") is not None or c.get("raw") == ""]
    return render_report_html(report, family=family)


@lru_cache(maxsize=None)
def _chrome(key: str) -> bytes:
    return REAL_CHROME[key][0].read_bytes()


def real_chrome_page(text: str, key: str) -> str:
    """``text`` as the article body of a real portal detail page (one ``<p>`` a line)."""
    import lxml.html

    tree = lxml.html.fromstring(_chrome(key))
    (body,) = tree.xpath(REAL_CHROME[key][1])
    for child in list(body):
        body.remove(child)
    body.text = None
    for line in text.splitlines():
        p = lxml.html.Element("p")
        p.text = line.strip()
        body.append(p)
    return "<!DOCTYPE html>\n" + lxml.html.tostring(tree, encoding="unicode")


@lru_cache(maxsize=None)
def pages(n: int = 300) -> tuple[tuple[str, bytes], ...]:
    """The first ``n`` pages of: every whole report in each renderer family and in both real
    chromes, every gold table set in each family, then the metadev openings in the renderer
    families and the real chromes in turn, until ``n``."""
    out: list[tuple[str, str]] = []
    chromes = tuple(REAL_CHROME)
    for name, text in full_texts():
        out += [(f"{name}@{family}", text_page(text, family)) for family in FAMILIES]
        out += [(f"{name}@{key}", real_chrome_page(text, key)) for key in chromes]
    for gold in sorted((CORPUS / "gold").glob("*.json")):
        out += [(f"gold:{gold.stem}@{family}", gold_table_page(gold, family)) for family in FAMILIES]
    wrappers = [(family, lambda t, f=family: text_page(t, f)) for family in FAMILIES]
    wrappers += [(key, lambda t, k=key: real_chrome_page(t, k)) for key in chromes]
    docs = metadev_texts()
    round_ = 0
    while len(out) < n:
        for i, (name, text) in enumerate(docs):
            if len(out) >= n:
                break
            label, wrap = wrappers[(i + round_) % len(wrappers)]
            out.append((f"{name}@{label}", wrap(text)))
        round_ += 1
    return tuple((name, html.encode("utf-8")) for name, html in out[:n])


def write_pages(directory: Path, n: int = 300) -> list[Path]:
    """The pages as ``.html`` files in ``directory`` (what ``gaar parse`` is given)."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, (name, body) in enumerate(pages(n)):
        safe = name.replace(":", "-").replace("@", "_")
        path = directory / f"{i:03d}_{safe}.html"
        path.write_bytes(body)
        paths.append(path)
    return paths
