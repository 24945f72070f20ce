"""Helpers for the scrapyd tests: a copy of the project, its egg, a real scrapyd on loopback.

The egg is built from a copy of the project's deployable files, so a build never
writes build/ or *.egg-info into the work tree and tests can run side by side.
Executables come from the venv running the tests (next to ``sys.executable``).
"""

from __future__ import annotations

import configparser
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
#: what scrapyd-deploy needs to build the egg (README.md: pyproject's readme)
DEPLOYABLE = ("scrapy.cfg", "setup.py", "pyproject.toml", "README.md", "gaar_spiders", "pipelines")


def tool(name: str) -> str:
    path = BIN / name
    assert path.exists(), f"{name} is not installed next to {sys.executable} (requirements.txt pins it)"
    return str(path)


def clean_env(**extra: str) -> dict:
    """The environment without anything that would let a job import the work tree instead of its egg."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "SCRAPY_SETTINGS_MODULE", "SCRAPY_PROJECT", "SCRAPYD_USERNAME", "SCRAPYD_PASSWORD")}
    env.update(extra)
    return env


def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build")
    for name in DEPLOYABLE:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=ignore)
        else:
            shutil.copy2(src, dest / name)
    return dest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def scrapyd_conf(workdir: Path, port: int, **overrides: str) -> Path:
    """The shipped deploy/scrapyd.conf with a free port and quicker polling; directories under workdir."""
    cp = configparser.ConfigParser()
    cp.read(ROOT / "deploy" / "scrapyd.conf", encoding="utf-8")
    section = cp["scrapyd"]
    assert section["bind_address"] == "127.0.0.1", "the shipped scrapyd config must bind to loopback"
    assert section["username"] == section["password"] == "", "credentials come from the environment only"
    section["http_port"] = str(port)
    section["poll_interval"] = "0.5"
    section.update(overrides)
    path = workdir / "scrapyd.conf"
    with path.open("w", encoding="utf-8") as f:
        cp.write(f)
    return path


def http_json(url: str, auth: tuple[str, str] | None = None, timeout: float = 10) -> dict:
    request = urllib.request.Request(url)
    if auth:
        import base64

        request.add_header("Authorization", "Basic " + base64.b64encode(":".join(auth).encode()).decode())
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())


#: the shipped wrapper that starts scrapyd only with credentials in its environment
WRAPPER = ROOT / "deploy" / "scrapyd-gaar"


class ScrapydProcess:
    """``scrapyd`` in its own directory and process group, started as deployed (``deploy/scrapyd-gaar``,
    the credentials in its environment); ``stop()`` ends it and every crawl it started."""

    def __init__(self, workdir: Path, port: int, auth: tuple[str, str]):
        self.workdir, self.port, self.auth = workdir, port, auth
        self.url = f"http://127.0.0.1:{port}/"
        self.log = workdir / "scrapyd.out"
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> "ScrapydProcess":
        # HOME: no ~/.scrapyd.conf of the machine's user may change this scrapyd's config.
        env = clean_env(HOME=str(self.workdir), SCRAPYD=tool("scrapyd"), SCRAPYD_USERNAME=self.auth[0],
                        SCRAPYD_PASSWORD=self.auth[1])
        with self.log.open("wb") as out:
            self.process = subprocess.Popen([str(WRAPPER)], cwd=self.workdir, env=env, stdout=out,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise AssertionError(f"scrapyd exited with {self.process.returncode}:\n{self.output()}")
            try:
                http_json(self.url + "daemonstatus.json", self.auth, timeout=2)
                return self
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline:
                    raise AssertionError(f"scrapyd did not answer within {timeout}s:\n{self.output()}")
                time.sleep(0.2)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-6000:] if self.log.exists() else ""

    def stop(self) -> None:
        """SIGTERM to scrapyd's process group (scrapyd and its crawl processes), then SIGKILL if needed."""
        if self.process is None or self.process.poll() is not None:
            return
        for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                return
            try:
                self.process.wait(timeout=wait)
                break
            except subprocess.TimeoutExpired:
                continue
        try:  # crawls outlive scrapyd on SIGTERM; make sure none of the group is left
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
