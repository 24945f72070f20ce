import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
for path in (ROOT, Path(__file__).resolve().parent):  # the project, and test helpers (storage_support …)
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))


@pytest.fixture(scope="session")
def seed_text():
    def read(name: str) -> str:
        return (DATA / "seeds" / name).read_text(encoding="utf-8")

    return read


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory):
    """The README's demo database, made once per session by ``gaar demo`` (the five portals crawled
    by the real spiders and pipelines over loopback HTTP)."""
    import os
    import subprocess

    db = tmp_path_factory.mktemp("demo") / "gaar.db"
    result = subprocess.run([sys.executable, "-m", "gaar_spiders.cli", "demo", "--db", str(db)], cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    return db
