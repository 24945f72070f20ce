"""`gaar parse` as a user runs it: a real subprocess on real files."""

import json
import subprocess
import sys
from pathlib import Path

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


def test_a_bad_file_is_not_an_error(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    assert gaar("parse", str(empty)).returncode == 0


def test_a_reader_that_stops_early_is_no_error():
    """`gaar parse --json … | head -1`: the pipe closes under gaar, which stops quietly."""
    proc = subprocess.Popen([sys.executable, "-m", "gaar_spiders.cli", "parse", "--json",
                             *[str(p) for p in sorted(DATA.glob("*.txt"))] * 4],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.readline().strip() == b"["
    proc.stdout.close()  # what head does once it has its line
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0 and "Traceback" not in stderr, stderr
