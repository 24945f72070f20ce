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
