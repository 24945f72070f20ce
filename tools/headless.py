"""A real headless Chromium driven over the DevTools protocol: open a page, record every request
it makes, wait until the DOM shows what a person would see, take a screenshot.

Used by ``tests/test_dashboard.py`` (the dashboard renders its charts and fetches nothing from
the internet) and ``tools/dashboard_screenshot.py`` (the README's picture). Waiting is gated on
the DOM: a MutationObserver in the page resolves once every wanted element exists; the only
clock is a guard against a browser that hangs, never a condition of success.
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import tempfile
import urllib.request
from typing import Optional
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run")
#: a guard against a browser that never answers (not a budget: a healthy page is far quicker)
HANG_GUARD = 180
_LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]", "::1")


class BrowserError(RuntimeError):
    pass


def chromium() -> Optional[str]:
    """The distribution's Chromium, if installed."""
    return shutil.which("chromium") or (CHROMIUM if shutil.which(CHROMIUM) else None)


def is_local(url: str) -> bool:
    """A request that stays on this machine (or never leaves the page: data:, blob:, about:)."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome", "devtools"):
        return True
    return parts.hostname in _LOCAL_HOSTS


class Browser:
    """One headless Chromium with a fresh profile and one tab; use as a context manager."""

    def __init__(self, width: int = 1400, height: int = 1000, binary: Optional[str] = None):
        import websocket  # websocket-client (requirements.txt: tests and tools)

        self.binary = binary or chromium()
        if not self.binary:
            raise BrowserError("no chromium found (Debian package: chromium)")
        self.profile = tempfile.mkdtemp(prefix="gaar-chromium-")
        self.proc = subprocess.Popen(
            [self.binary, *FLAGS, f"--user-data-dir={self.profile}", "--remote-debugging-port=0",
             f"--window-size={width},{height}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        port = self._devtools_port()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=HANG_GUARD) as response:
            targets = json.loads(response.read())
        page = next(t for t in targets if t.get("type") == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=HANG_GUARD,
                                              suppress_origin=True)
        self._next_id = 0
        self.events: list[dict] = []
        self.width = width
        for domain in ("Page", "Network", "Runtime", "Log"):
            self.call(f"{domain}.enable")

    def _devtools_port(self) -> int:
        """Chromium prints 'DevTools listening on ws://127.0.0.1:PORT/…' once it is ready."""
        seen = []
        for line in self.proc.stderr:
            seen.append(line)
            if "DevTools listening on" in line:
                return int(urlsplit(line.split("listening on", 1)[1].strip()).port)
        raise BrowserError("chromium exited before it was ready: " + "".join(seen[-5:]))

    def __enter__(self) -> "Browser":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        try:
            self.ws.close()
        except Exception:
            pass
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)

    # --- the protocol ---------------------------------------------------------------------------

    def call(self, method: str, **params) -> dict:
        """Send one command and return its result; events that arrive meanwhile are kept."""
        self._next_id += 1
        wanted = self._next_id
        self.ws.send(json.dumps({"id": wanted, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == wanted:
                if "error" in message:
                    raise BrowserError(f"{method}: {message['error']}")
                return message.get("result", {})
            if "method" in message:
                self.events.append(message)

    def wait_for_event(self, method: str) -> dict:
        for event in self.events:
            if event["method"] == method:
                self.events.remove(event)
                return event
        while True:
            message = json.loads(self.ws.recv())
            if message.get("method") == method:
                return message
            if "method" in message:
                self.events.append(message)

    # --- what tests and tools ask ------------------------------------------------------------------

    def open(self, url: str) -> None:
        """Navigate and wait for the page's load event."""
        self.call("Page.navigate", url=url)
        self.wait_for_event("Page.loadEventFired")

    def wait_for(self, selectors: list[str]) -> None:
        """Resolve once every selector matches an element (a MutationObserver watches the DOM)."""
        script = """new Promise((resolve) => {
            const wanted = %s;
            const ready = () => wanted.every((s) => document.querySelector(s));
            if (ready()) { resolve(true); return; }
            new MutationObserver((changes, observer) => {
                if (ready()) { observer.disconnect(); resolve(true); }
            }).observe(document.documentElement, {childList: true, subtree: true});
        })""" % json.dumps(selectors)
        result = self.call("Runtime.evaluate", expression=script, awaitPromise=True, returnByValue=True)
        if result.get("exceptionDetails"):
            raise BrowserError(f"waiting for {selectors}: {result['exceptionDetails']}")

    def evaluate(self, expression: str):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if result.get("exceptionDetails"):
            raise BrowserError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def requested_urls(self) -> list[str]:
        return [e["params"]["request"]["url"] for e in self.events if e["method"] == "Network.requestWillBeSent"]

    def failed_requests(self) -> list[str]:
        return [e["params"].get("errorText", "") for e in self.events if e["method"] == "Network.loadingFailed"]

    def errors(self) -> list[str]:
        """Script exceptions and console errors the page produced."""
        found = []
        for e in self.events:
            if e["method"] == "Runtime.exceptionThrown":
                details = e["params"]["exceptionDetails"]
                found.append(details.get("exception", {}).get("description") or details.get("text", ""))
            elif e["method"] == "Log.entryAdded" and e["params"]["entry"]["level"] == "error":
                found.append(e["params"]["entry"].get("text", ""))
        return found

    def screenshot(self, path: str) -> None:
        """The whole page as a PNG."""
        height = int(self.evaluate("Math.ceil(document.documentElement.scrollHeight)"))
        self.call("Emulation.setDeviceMetricsOverride", width=self.width, height=height, deviceScaleFactor=1,
                  mobile=False)
        shot = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        with open(path, "wb") as fh:
            fh.write(base64.b64decode(shot["data"]))
