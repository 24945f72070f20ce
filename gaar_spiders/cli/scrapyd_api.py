"""A small client for scrapyd's JSON API, standard library only.

``gaar schedule`` runs from cron on machines that may have nothing but GAAR's
own code; urllib is enough for three endpoints. Basic auth is sent with every
request (scrapyd answers 401 without a challenge round trip being useful).
"""

from __future__ import annotations

import base64
import json
import os
import urllib.error
import urllib.parse
import urllib.request
from typing import Iterable, Optional

DEFAULT_URL = "http://127.0.0.1:6800/"
TIMEOUT = 30


class ScrapydError(Exception):
    """scrapyd could not be reached, refused the request or answered status "error"."""


def auth_from(value: Optional[str]) -> Optional[tuple[str, str]]:
    """``user:password`` from ``--auth``, else SCRAPYD_USERNAME/SCRAPYD_PASSWORD.

    ``--auth user`` alone takes the password from SCRAPYD_PASSWORD, so it need not
    appear in a crontab or in ``ps``. The variables are the ones scrapyd itself reads.
    """
    if value:
        user, sep, password = value.partition(":")
        return user, password if sep else os.environ.get("SCRAPYD_PASSWORD", "")
    user = os.environ.get("SCRAPYD_USERNAME")
    return (user, os.environ.get("SCRAPYD_PASSWORD", "")) if user else None


class Scrapyd:
    def __init__(self, url: str = DEFAULT_URL, auth: Optional[tuple[str, str]] = None, timeout: float = TIMEOUT):
        self.url = url if url.endswith("/") else url + "/"
        self.auth = auth
        self.timeout = timeout

    def _call(self, endpoint: str, params: Iterable[tuple[str, str]] = (), *, post: bool = False) -> dict:
        query = urllib.parse.urlencode(list(params))
        url = urllib.parse.urljoin(self.url, endpoint)
        if post:
            request = urllib.request.Request(url, data=query.encode(), method="POST")
        else:
            request = urllib.request.Request(f"{url}?{query}" if query else url)
        if self.auth:
            token = base64.b64encode(f"{self.auth[0]}:{self.auth[1]}".encode()).decode()
            request.add_header("Authorization", f"Basic {token}")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read()
        except urllib.error.HTTPError as exc:
            hint = " (wrong or missing --auth)" if exc.code == 401 else ""
            raise ScrapydError(f"{url}: HTTP {exc.code} {exc.reason}{hint}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ScrapydError(f"cannot reach scrapyd at {self.url}: {reason}") from None
        try:
            data = json.loads(body)
        except ValueError:
            raise ScrapydError(f"{url}: not a JSON answer: {body[:200]!r}") from None
        if data.get("status") != "ok":
            raise ScrapydError(f"scrapyd: {data.get('message', data)}")
        return data

    def listjobs(self, project: str) -> dict:
        """``{"pending": [...], "running": [...], "finished": [...]}``, each job a dict with id and spider."""
        return self._call("listjobs.json", [("project", project)])

    def schedule(self, project: str, spider: str, *, jobid: str, settings: dict[str, str],
                 args: dict[str, str]) -> str:
        """Queue one crawl; settings become ``-s``, args become ``-a`` in the job."""
        params = [("project", project), ("spider", spider), ("jobid", jobid)]
        params += [("setting", f"{k}={v}") for k, v in settings.items()]
        params += list(args.items())
        return self._call("schedule.json", params, post=True)["jobid"]
