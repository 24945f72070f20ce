"""scrapyd's JSON API for ``gaar schedule`` and ``gaar jobs``, through scrapyd-client's ``ScrapydClient``.

This module only turns what can go wrong (scrapyd unreachable, refusing the
credentials, answering an error) into one line for the user. Basic auth comes
from ``--auth`` or scrapyd's own environment variables (``auth_from``), else
scrapyd-client looks in ``~/.netrc``.
"""

from __future__ import annotations

import os
from typing import Optional

DEFAULT_URL = "http://127.0.0.1:6800/"


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


def _root_cause(exc: BaseException) -> BaseException:
    """The socket error under requests' and urllib3's wrappers (``[Errno 111] Connection refused``)."""
    seen = set()
    while id(exc) not in seen:
        seen.add(id(exc))
        inner = exc.__cause__ or getattr(exc, "reason", None) or (exc.args[0] if exc.args else None)
        if not isinstance(inner, BaseException):
            break
        exc = inner
    return exc


class Scrapyd:
    def __init__(self, url: str = DEFAULT_URL, auth: Optional[tuple[str, str]] = None):
        try:
            from scrapyd_client.pyclient import ScrapydClient
        except ImportError as exc:
            raise ScrapydError(f"{exc.name} is not installed: pip install 'gaar[scrapyd]'") from None
        self.url = url if url.endswith("/") else url + "/"
        user, password = auth or (None, None)
        self.client = ScrapydClient(self.url.rstrip("/"), username=user, password=password)

    def _call(self, method, *args, **kwargs):
        import requests
        from scrapyd_client.exceptions import ErrorResponse, MalformedResponse

        try:
            return method(*args, **kwargs)
        except requests.RequestException as exc:
            raise ScrapydError(f"cannot reach scrapyd at {self.url}: {_root_cause(exc)}") from None
        except MalformedResponse as exc:
            text = str(exc)
            hint = " (wrong or missing --auth)" if "Unauthorized" in text else ""
            raise ScrapydError(f"{self.url}: not a JSON answer{hint}: {text[:200]!r}") from None
        except ErrorResponse as exc:
            raise ScrapydError(f"scrapyd: {exc}") from None

    def listjobs(self, project: str) -> dict:
        """``{"pending": [...], "running": [...], "finished": [...]}``, each job a dict with id and spider."""
        return self._call(self.client.jobs, project)

    def schedule(self, project: str, spider: str, *, jobid: str, settings: dict[str, str],
                 args: dict[str, str]) -> str:
        """Queue one crawl; settings become ``-s``, args become ``-a`` in the job."""
        params = [("jobid", jobid)]
        params += [("setting", f"{k}={v}") for k, v in settings.items()]
        params += list(args.items())
        return self._call(self.client.schedule, project, spider, args=params)
