"""Cookie walls and login pages end the request as ``blocked`` (counted in the crawl health).

JS challenges (HTTP 412/521, 加速乐 ``__jsl_clearance``, ``wzws_cid``) and pages
with a password field are never parsed or stored as a report.
"""

from __future__ import annotations

import re

from .base import StatsMiddleware
from .failures import GaarIgnore

CHALLENGE_STATUSES = (412, 521)
_CHALLENGE_MARKERS = (b"__jsl_clearance", b"wzws_cid", b"_guard/auto.js", b"document.cookie=", b"WZWS_CONFIRM")
_LOGIN_MARKERS = (re.compile(rb"<input[^>]+type=[\"']?password", re.I),)


class ChallengeMiddleware(StatsMiddleware):
    def process_response(self, request, response, spider=None):
        body = response.body[:65536]
        kind = None
        if response.status in CHALLENGE_STATUSES:
            kind = f"HTTP {response.status} challenge"
        elif len(response.body) < 20000 and any(m in body for m in _CHALLENGE_MARKERS) and b"<script" in body.lower():
            if b"__jsl_clearance" in body or b"wzws_cid" in body or len(re.sub(rb"<[^>]+>|\s", b"", body)) < 2000:
                kind = "JS cookie challenge"
        elif len(response.body) < 20000 and any(p.search(body) for p in _LOGIN_MARKERS):
            kind = "login page"
        if kind is None:
            return response
        self.stats.inc_value("gaar/blocked")
        raise GaarIgnore("blocked", f"{kind} at {request.url}", status=response.status)
