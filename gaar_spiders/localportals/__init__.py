"""Bundled local portals: synthetic reports, their HTML/DOCX/PDF renderings and a
127.0.0.1 web server that publishes them like real county portals.

Product code: the crawl tests, ``gaar demo`` and the benchmarks all crawl these.
"""

from .documents import report_to_docx, report_to_pdf  # noqa: F401
from .generator import arithmetic_failures, make_report  # noqa: F401
from .render import SiteInfo, render_report_html, render_text_page  # noqa: F401
from .server import PortalServer  # noqa: F401
