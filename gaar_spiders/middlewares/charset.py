"""A page that declares one charset and sends another is decoded right (or marked as mojibake).

The mark (``meta["gaar_mojibake"]``) is read by ``mojibake.MojibakeSpiderMiddleware``.
"""

from __future__ import annotations

import logging

from scrapy.http import TextResponse

from gaar_spiders.report.encoding import decode_bytes, looks_mojibake

from .base import StatsMiddleware

logger = logging.getLogger(__name__)


class CharsetMiddleware(StatsMiddleware):
    def process_response(self, request, response, spider=None):
        if not isinstance(response, TextResponse):
            return response
        ctype = response.headers.get("Content-Type", b"").decode("latin-1")
        decoded = decode_bytes(response.body, content_type=ctype)
        request.meta["gaar_encoding"] = decoded.encoding
        if decoded.note:
            self.stats.inc_value("gaar/charset_mismatch")
            logger.info("charset: %s (%s)", decoded.note, request.url)
        if "mojibake" in decoded.note or looks_mojibake(decoded.text):
            self.stats.inc_value("gaar/mojibake")
            request.meta["gaar_mojibake"] = True
        if decoded.encoding != response.encoding:
            return response.replace(encoding=decoded.encoding)
        return response
