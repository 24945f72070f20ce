"""`gaar parse` and `gaar --help` start with what they use, and nothing else.

A user runs `gaar parse one.html` to look at one report: it must not pay for the crawl
(Scrapy, Twisted), the dashboard (Datasette), the PDF readers (pdfplumber, pypdfium2,
PIL), the database layer (sqlite-utils) or the parse workers (multiprocessing, asyncio).
Each case runs the real command in a fresh interpreter and lists the modules it loaded.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "data" / "seeds" / "000_acf128b87be38071.txt"

#: what the crawl, the dashboard, the PDF readers and the database bring in
HEAVY = ("scrapy", "twisted", "datasette", "pdfplumber", "pypdfium2", "PIL", "docx", "sqlite_utils", "dateparser",
         "itemadapter", "parsel", "reportlab", "scrapyd")
#: the parse workers (the crawl's) and the network, which `gaar parse` FILE never uses
NOT_FOR_A_FILE = ("multiprocessing", "concurrent.futures", "asyncio", "ssl", "http.client", "urllib.request")

_RUN = """
import json, sys
from gaar_spiders.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
sys.stdout.flush()
print("\\nMODULES " + json.dumps(sorted(sys.modules)), file=sys.stderr)
sys.exit(code)
"""


def loaded_by(*argv: str) -> tuple[set[str], str]:
    """The modules ``gaar ARGV`` loaded (a fresh interpreter), and what it printed."""
    result = subprocess.run([sys.executable, "-c", _RUN, *argv], cwd=ROOT, capture_output=True, text=True)
    line = result.stderr.rsplit("MODULES ", 1)[1]
    return set(json.loads(line)), result.stdout


def _top(modules: set[str]) -> set[str]:
    return modules | {m.split(".")[0] for m in modules}


def test_gaar_parse_of_one_page_loads_no_crawl_dashboard_pdf_or_database_module(tmp_path):
    page = tmp_path / "report.html"
    page.write_text(f"<html><body><div class='article'>{'<br>'.join(SEED.read_text(encoding='utf-8').splitlines())}"
                    "</div></body></html>", encoding="utf-8")
    modules, out = loaded_by("parse", str(page))
    assert "邮亭镇人民政府" in out  # it did parse the report
    assert "gaar_spiders.report.parse" in modules
    assert not _top(modules) & set(HEAVY + NOT_FOR_A_FILE)


def test_gaar_parse_json_of_text_files_loads_none_of_them():
    modules, out = loaded_by("parse", "--json", str(SEED), str(ROOT / "tests" / "data" / "corpus" / "06_hebei_gxt_2019.txt"))
    assert len(json.loads(out)) == 2
    assert not _top(modules) & set(HEAVY + NOT_FOR_A_FILE)


@pytest.mark.parametrize("argv", [("--help",), ("parse", "--help")])
def test_help_loads_neither_the_parser_nor_the_heavy_stacks(argv):
    modules, out = loaded_by(*argv)
    assert "usage: gaar" in out
    assert not _top(modules) & set(HEAVY + NOT_FOR_A_FILE)
    assert "gaar_spiders.report.parse" not in modules and "opencc" not in modules


def test_the_whole_help_still_lists_every_command():
    from gaar_spiders.cli import COMMANDS

    _, out = loaded_by("--help")
    assert all(name in out for name in COMMANDS)


def test_gaar_parse_db_loads_the_database_layer_but_not_the_dashboard_or_the_pdf_stack(tmp_path):
    """--db stores through the crawl's own store step (sqlite-utils): that is what it is for.
    (The store step reads items through itemadapter, which imports Scrapy when it is installed.)"""
    modules, _ = loaded_by("parse", "--db", str(tmp_path / "gaar.db"), str(SEED))
    assert "sqlite_utils" in _top(modules)
    assert not _top(modules) & {"datasette", "pdfplumber", "pypdfium2", "PIL", "multiprocessing"}
