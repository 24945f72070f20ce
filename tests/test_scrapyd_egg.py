"""The egg scrapyd-deploy builds is the whole project: code, package data, settings entry point.

"Whole" is checked by importing from the egg alone: a fresh interpreter started
with ``-S`` (no site processing, so no editable install or .pth file can supply
the work tree) gets the egg first on sys.path and the venv's site-packages, for
the dependencies, after it.
"""

from __future__ import annotations

import json
import subprocess
import sysconfig
import textwrap
import zipfile

import pytest

from gaar_spiders.portals import load_registry
from pipelines.db import SCHEMA_VERSION
from scrapyd_support import clean_env, copy_project, tool

pytestmark = pytest.mark.slow

PACKAGE_DATA = (
    "gaar_spiders/portals/registry.json",
    "pipelines/datasette_metadata.json",
    "pipelines/schema_v1.sql",
    "gaar_spiders/divisions/data/history.tsv",
    "gaar_spiders/divisions/data/townships.tsv",
    "gaar_spiders/divisions/data/LICENSE-areacodes-CC0",
    "gaar_spiders/divisions/data/SOURCES.md",
)


@pytest.fixture(scope="module")
def egg(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("egg") / "project")
    path = project.parent / "gaar.egg"
    done = subprocess.run([tool("scrapyd-deploy"), f"--build-egg={path}"], cwd=project, env=clean_env(),
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert not (project / "setup.py").read_text().count("Automatically created"), "scrapyd-deploy replaced setup.py"
    return path


def test_egg_holds_packages_data_and_the_settings_entry_point(egg):
    with zipfile.ZipFile(egg) as z:
        names = set(z.namelist())
        entry_points = z.read("EGG-INFO/entry_points.txt").decode()
    for name in PACKAGE_DATA:
        assert name in names
    assert any(n.startswith("gaar_spiders/localportals/seeds/") and n.endswith(".txt") for n in names)
    for module in ("gaar_spiders/settings.py", "gaar_spiders/spiders/named.py", "gaar_spiders/report/parse.py",
                   "gaar_spiders/attachments/worker.py", "pipelines/store.py"):
        assert module in names
    assert not any(n.startswith(("tests/", "benchmarks/", "tools/")) for n in names)
    assert "[scrapy]" in entry_points and "settings = gaar_spiders.settings" in entry_points


def test_everything_imports_and_reads_its_data_from_the_egg_alone(egg, tmp_path):
    script = textwrap.dedent(f"""
        import json, os, sys
        sys.path.insert(0, {str(egg)!r})
        sys.path.append({sysconfig.get_paths()["purelib"]!r})
        os.environ["SCRAPY_SETTINGS_MODULE"] = "gaar_spiders.settings"
        from importlib import resources
        import gaar_spiders, pipelines
        from gaar_spiders.portals import load_registry
        from gaar_spiders.localportals.cms.base import SEED_PACKAGE
        from pipelines.version import parser_version
        from pipelines.storage import Storage
        with Storage("egg.db") as storage:  # the schema's SQL read from the egg
            version = storage.found_version, storage.db.execute("PRAGMA user_version").fetchone()[0]
        from scrapy.spiderloader import SpiderLoader
        from scrapy.utils.project import get_project_settings
        seeds = [p.name for p in resources.files(SEED_PACKAGE).iterdir() if p.name.endswith(".txt")]
        print(json.dumps({{
            "files": [gaar_spiders.__file__, pipelines.__file__],
            "registry": sorted(load_registry()),
            "seeds": len(seeds),
            "seed_text": len(resources.files(SEED_PACKAGE).joinpath(seeds[0]).read_text(encoding="utf-8")),
            "metadata": sorted(json.loads(resources.files("pipelines").joinpath("datasette_metadata.json")
                                          .read_text(encoding="utf-8"))),
            "parser_version": parser_version(),
            "schema": version,
            "spiders": sorted(SpiderLoader.from_settings(get_project_settings()).list()),
        }}))
    """)
    done = subprocess.run([tool("python"), "-S", "-c", script], cwd=tmp_path, env=clean_env(),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert all(f.startswith(str(egg) + "/") for f in found["files"]), found["files"]
    assert found["registry"] == sorted(load_registry())
    assert found["seeds"] >= 1 and found["seed_text"] > 0
    assert found["metadata"]
    assert "+" in found["parser_version"], "the parser's source digest could not be read from the egg"
    assert found["spiders"] == sorted(found["registry"] + ["portal"])
    assert found["schema"] == [0, SCHEMA_VERSION]
