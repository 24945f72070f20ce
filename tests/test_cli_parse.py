"""`gaar parse` as a user runs it: a real subprocess on real files."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .golden import SEEDS

DATA = Path(__file__).parent / "data" / "seeds"


def gaar(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "gaar_spiders.cli", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


def test_parse_json_one_object_per_file_in_order():
    names = sorted(SEEDS, reverse=True)
    result = gaar("parse", "--json", *[str(DATA / n) for n in names])
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert [Path(o["url"].removeprefix("file://")).name for o in out] == names
    for obj, name in zip(out, names):
        spec = SEEDS[name]
        assert obj["url"] == (DATA / name).resolve().as_uri()
        for field, value in spec["fields"].items():
            assert obj[field] == value, (name, field)
        got = {(c["table"], c["row"], c["col"]): (c["value"], c["raw"]) for c in obj["cells"]}
        assert got == spec["cells"]
        assert {c["check"]: c["ok"] for c in obj["checks"]} == spec["checks"]
        assert all(set(c) >= {"check", "ok", "detail"} for c in obj["checks"])
        assert obj["sections"] and set(obj["sections"][0]) == {"key", "heading", "text"}


def test_parse_summary_names_failed_checks():
    result = gaar("parse", str(DATA / "004_22022a201ead27fe.txt"))
    assert result.returncode == 0
    assert "道外区巨源镇人民政府" in result.stdout and "2020" in result.stdout
    assert "FAIL requests.balance" in result.stdout


def test_unreadable_file_exits_non_zero_but_others_still_print(tmp_path):
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00\x01\x02" * 100)
    result = gaar("parse", "--json", str(tmp_path / "missing.html"), str(junk))
    assert result.returncode == 1
    assert "cannot read" in result.stderr and "missing.html" in result.stderr
    out = json.loads(result.stdout)
    assert len(out) == 1 and out[0]["checks"][0]["ok"] is False


def test_a_file_that_is_no_report_is_not_an_error(tmp_path):
    news = tmp_path / "news.txt"
    news.write_text("本站召开2023年第一季度工作会议，会议由办公室主任主持。", encoding="utf-8")
    result = gaar("parse", str(news))
    assert result.returncode == 0 and "report.recognised" in result.stdout


@pytest.mark.slow
def test_any_file_that_could_not_be_read_makes_the_exit_non_zero_and_is_counted(tmp_path):
    """An empty file, a .doc with no LibreOffice to convert it (issue 15, item 10)."""
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    doc = tmp_path / "report.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2048)
    good = DATA / "004_22022a201ead27fe.txt"
    result = subprocess.run([sys.executable, "-m", "gaar_spiders.cli", "parse", str(good), str(empty), str(doc)],
                            capture_output=True, text=True, timeout=120,
                            env={**os.environ, "GAAR_DOC_CONVERTER": "no-such-soffice"})
    assert result.returncode == 1, result.stderr
    assert "empty: the page has no content" in result.stdout  # not "unsupported attachment"
    assert "needs LibreOffice" in result.stdout
    assert result.stderr.strip().splitlines()[-1] == (
        "gaar parse: 3 file(s): 1 report(s), 0 not a report, 2 could not be read (1 failed, 1 unsupported)")


@pytest.mark.slow
def test_utf16_text_with_a_byte_order_mark_reads_like_utf8(tmp_path):
    text = (DATA / "004_22022a201ead27fe.txt").read_text(encoding="utf-8")
    for codec in ("utf-16", "utf-16-be"):  # Python's utf-16 writes the BOM little-endian; BE with its own BOM
        path = tmp_path / f"{codec}.txt"
        path.write_bytes(("\ufeff" + text).encode(codec) if codec.endswith("be") else text.encode(codec))
        result = gaar("parse", "--json", str(path))
        assert result.returncode == 0, result.stderr
        record = json.loads(result.stdout)[0]
        assert record["organ"] == SEEDS["004_22022a201ead27fe.txt"]["fields"]["organ"]
        assert len(record["cells"]) == len(SEEDS["004_22022a201ead27fe.txt"]["cells"])


@pytest.mark.slow
def test_jsonl_prints_each_record_as_its_file_is_read(tmp_path):
    """One line per file, each out as soon as its file is read: the first record arrives while
    gaar still waits for the second file (a FIFO nobody has written yet)."""
    import select

    first, second = sorted(SEEDS)[:2]
    fifo = tmp_path / "second.txt"
    os.mkfifo(fifo)
    proc = subprocess.Popen([sys.executable, "-m", "gaar_spiders.cli", "parse", "--jsonl", str(DATA / first),
                             str(fifo)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        ready, _, _ = select.select([proc.stdout], [], [], 120)  # a failure guard, not a budget
        assert ready, "no record while gaar waits for the second file"
        assert json.loads(proc.stdout.readline())["organ"] == SEEDS[first]["fields"]["organ"]
        fifo.write_bytes((DATA / second).read_bytes())  # now gaar can read the second file
        assert json.loads(proc.stdout.readline())["organ"] == SEEDS[second]["fields"]["organ"]
        assert proc.wait(timeout=120) == 0
    finally:
        proc.kill()


def test_many_files_read_in_several_processes_print_what_one_process_prints_in_argument_order(tmp_path):
    """A folder of files is read on every core (``--workers``); the output is the same bytes, in
    the order the files were given, and a file that cannot be opened is still counted."""
    corpus = Path(__file__).parent / "data" / "corpus"
    files = [str(DATA / n) for n in sorted(SEEDS)] + sorted(str(p) for p in corpus.glob("*.txt"))
    files.insert(3, str(tmp_path / "missing.html"))
    files.append(str(corpus / "13_blank_template_2021.docx"))  # an extraction, taking its turn
    assert len(files) >= 8  # enough to start the worker processes (gaar_spiders/cli/parse.py POOL_FROM_FILES)
    one = gaar("parse", "--json", "--workers", "1", *files)
    several = gaar("parse", "--json", "--workers", "3", *files)
    assert one.returncode == several.returncode == 1  # the missing file
    assert several.stdout == one.stdout
    assert several.stderr == one.stderr
    assert "cannot read" in several.stderr and "missing.html" in several.stderr
    lines = gaar("parse", "--jsonl", "--workers", "3", *files).stdout.splitlines()
    assert [json.loads(line)["url"] for line in lines] == [o["url"] for o in json.loads(one.stdout)]


@pytest.mark.parametrize("bad", ["0", "two", "-1"])
def test_workers_takes_a_positive_number(bad):
    result = gaar("parse", "--workers", bad, str(DATA / sorted(SEEDS)[0]))
    assert result.returncode == 2
    assert "--workers" in result.stderr and "Traceback" not in result.stderr
