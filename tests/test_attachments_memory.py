"""Memory on hostile attachments: a PDF bomb fails at once with the real reason, and a crawl's
extractions take turns, so its process tree holds one extraction child at a time.

The tree's bound over a whole crawl is measured in tests/test_safety_crawl.py (the hostile
portal serves this PDF among its traps).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from gaar_spiders.attachments import Limits, extract_blocks
from gaar_spiders.attachments.slot import extraction_slot
from gaar_spiders.attachments.worker import _out_of_memory
from gaar_spiders.localportals.hostile import PDF_BOMB_BYTES, pdf_bomb

ROOT = Path(__file__).resolve().parent.parent


def test_a_pdf_whose_content_stream_inflates_to_200_mb_fails_as_memory_limit():
    bomb = pdf_bomb()
    assert len(bomb) < 1_000_000 and PDF_BOMB_BYTES == 200 * 1024 * 1024
    result = extract_blocks(bomb, filename="年报.pdf")
    assert result.status == "failed"
    assert result.reason.startswith("memory limit (256 MB) exceeded") and "inflates past 64 MB" in result.reason
    assert "SystemError" not in result.reason


def test_an_allocation_that_fails_without_saying_so_is_the_memory_limit():
    # how C code under RLIMIT_AS ends when it does not raise MemoryError itself (the audit's reason)
    assert _out_of_memory(SystemError("error return without exception set"))
    wrapped = ValueError("could not read the stream")
    wrapped.__cause__ = SystemError("error return without exception set")
    assert _out_of_memory(wrapped)
    assert not _out_of_memory(ValueError("not a PDF"))


HOLDER = textwrap.dedent("""
    import sys
    from gaar_spiders.attachments.slot import extraction_slot
    with extraction_slot(sys.argv[1]):
        print("in", flush=True)
""")


def _blocked_on(lock_file: Path, pid: int) -> bool:
    """Whether ``pid`` waits for a lock (a ``->`` line of /proc/locks) on ``lock_file``'s inode."""
    inode = lock_file.stat().st_ino
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if "->" in fields and str(pid) in fields and any(f.endswith(f":{inode}") for f in fields):
            return True
    return False


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="needs Linux /proc/locks")
def test_a_crawls_extractions_take_turns_across_processes(tmp_path):
    """One parse worker holds the crawl's extraction slot: another worker's extraction waits for it
    (seen waiting in /proc/locks, an event, not a delay), and goes on once it is free."""
    lock = tmp_path / "gaar-extract.lock"
    lock.touch()
    with extraction_slot(str(lock)):
        other = subprocess.Popen([sys.executable, "-c", HOLDER, str(lock)], cwd=ROOT, stdout=subprocess.PIPE,
                                 text=True, env={"PYTHONPATH": str(ROOT)})
        deadline = time.monotonic() + 60  # a hang guard
        while not _blocked_on(lock, other.pid):
            assert other.poll() is None, "the other extraction did not wait"
            assert time.monotonic() < deadline
            time.sleep(0.01)
    assert other.communicate(timeout=60)[0] == "in\n"
    assert other.returncode == 0


def test_the_crawls_limits_carry_its_extraction_slot():
    from scrapy.utils.test import get_crawler

    from pipelines.read import ReadPipeline

    pipeline = ReadPipeline.from_crawler(get_crawler(settings_dict={}))
    try:
        assert pipeline.limits.slot and Path(pipeline.limits.slot).exists()
        assert Limits().slot is None  # gaar parse / reparse: turns within the process
    finally:
        pipeline.close_spider()
    assert not Path(pipeline.limits.slot).exists()
