"""GAAR's middlewares, one job a module; each reads a request's kind from
``request.meta["gaar_kind"]`` (``kinds.py``), never the spider's callback names.

| module | job | where |
|---|---|---|
| ``hostmap`` | a portal's host sent to a local address (Scrapy's proxy meta); loopback only | downloader, 740 |
| ``offsite`` | Scrapy's offsite filter, plus redirects into the portal's platform; redirects elsewhere → ``offsite_redirect`` | downloader, 50 / 605 |
| ``walls`` | JS cookie challenges and login pages → ``blocked`` | downloader, 587 |
| ``limits`` | size caps and timeouts per kind, the tag bound; timeout retries | downloader, 555 / 550 |
| ``redirects`` | redirect loops and endless chains → ``redirect_loop`` | downloader, 610 |
| ``charset`` | a page whose declared charset lies is decoded right | downloader, 586 |
| ``mojibake`` | a mojibake report page kept raw, failed and recorded | spider, 550 |
| ``failures`` | an exception → the failures table's reason | (used by the spider) |
"""

from .charset import CharsetMiddleware  # noqa: F401
from .failures import GaarIgnore, failure_reason  # noqa: F401
from .hostmap import HostMapMiddleware  # noqa: F401
from .kinds import KINDS, request_kind  # noqa: F401
from .limits import SafetyLimitsMiddleware, TimeoutRetryMiddleware  # noqa: F401
from .mojibake import MojibakeSpiderMiddleware  # noqa: F401
from .offsite import OffsiteRedirectMiddleware, PortalOffsiteMiddleware  # noqa: F401
from .redirects import RedirectLoopMiddleware  # noqa: F401
from .walls import ChallengeMiddleware  # noqa: F401
