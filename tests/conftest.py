import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
for path in (ROOT, Path(__file__).resolve().parent):  # the project, and test helpers (storage_support …)
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

# Fuzzing depth by tier: `make test` (and CI) runs the examples each test asks for; `make test-fast`
# passes --hypothesis-profile=fast, a tenth of them (tests scale with tiers.examples).
settings.register_profile("suite", max_examples=100)
settings.register_profile("fast", max_examples=10)
settings.load_profile("suite")

@pytest.fixture(scope="session")
def seed_text():
    def read(name: str) -> str:
        return (DATA / "seeds" / name).read_text(encoding="utf-8")

    return read


@dataclass
class DemoCrawl:
    """The one crawl of the five named portals a test session runs: `gaar demo`, as a user runs it."""

    db: Path  # the database it wrote
    stdout: str  # what it printed
    manifest: list  # every document the portals link, with what a correct crawl must do with it


@pytest.fixture(scope="session")
def demo_crawl(tmp_path_factory) -> DemoCrawl:
    """`gaar demo` once per session (real Scrapy over real HTTP on 127.0.0.1, the real pipelines),
    shared by every test that needs a crawl of the five portals (tests/test_crawl.py, test_demo.py …)."""
    from crawl_support import DEMO_SPIDERS

    from gaar_spiders.localportals import PortalServer

    cwd = tmp_path_factory.mktemp("demo")
    db = cwd / "out" / "gaar.db"
    result = subprocess.run([sys.executable, "-m", "gaar_spiders.cli", "demo", "--db", str(db)], cwd=cwd,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-5000:]
    return DemoCrawl(db=db, stdout=result.stdout, manifest=PortalServer(DEMO_SPIDERS).manifest)


@pytest.fixture(scope="session")
def demo_db(demo_crawl) -> Path:
    """The README's demo database: the session's one ``gaar demo`` crawl (``demo_crawl``)."""
    return demo_crawl.db
