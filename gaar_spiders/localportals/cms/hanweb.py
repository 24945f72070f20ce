"""Hanweb (大汉) sites: a column page ``/col/colID/index.html`` whose list is not in
the HTML but fetched by its jpage script from ``/module/web/jpage/dataproxy.jsp``
(XML ``<datastore>`` of CDATA records); articles ``/art/Y/M/D/art_COL_ID.html``
with the body in ``div#zoom``."""

from __future__ import annotations

from html import escape

from ..site import Request, Response
from .base import PortalBuilder, Prepared

PROXY = "/module/web/jpage/dataproxy.jsp"
UNIT_ID = 5678


def column_page_path(column_id: int) -> str:
    return f"/col/col{column_id}/index.html"


def column_script(column_id: int, per_page: int, total: int, webname: str) -> str:
    return f"""<div id="div{column_id}"></div>
<script type="text/javascript" src="/module/jslib/jquery/jquery.js"></script>
<script type="text/javascript" src="/module/jslib/jquery/jpage/jquery.page.min.js"></script>
<script type="text/javascript">
$(document).ready(function(){{
  $('#div{column_id}').jpage({{
    dataStore: null,
    proxyUrl: '{PROXY}',
    perPage: {per_page},
    totalRecord: {total},
    groupSize: 3,
    barPosition: 'bottom',
    dataBefore: '<ul class="list">',
    dataAfter: '</ul>',
    ajaxParam: {{col:1, appid:1, webid:1, path:'/', columnid:{column_id}, sourceContentType:1, unitid:{UNIT_ID}, webname:'{escape(webname)}', permissiontype:0}}
  }});
}});
</script>"""


def datastore(total: int, records: list[str]) -> bytes:
    body = "".join(f"<record><![CDATA[{r}]]></record>" for r in records)
    xml = (f'<?xml version="1.0" encoding="UTF-8"?><datastore><nextgroup><![CDATA[]]></nextgroup>'
           f"<totalrecord>{total}</totalrecord><totalpage>0</totalpage><recordset>{body}</recordset></datastore>")
    return xml.encode("utf-8")


class HanwebBuilder(PortalBuilder):
    family = "hanweb"

    def column_path(self) -> str:
        return column_page_path(self.spec.columns[0].column_id)

    def build_columns(self) -> None:
        records_by_column: dict[int, list[str]] = {}
        for col in self.spec.columns:
            page = column_page_path(col.column_id)
            prepared = sorted((self.prepare(d) for d in col.docs), key=lambda p: p.published_on, reverse=True)
            records = []
            for n, p in enumerate(prepared):
                doc_id = self.next_id()
                path = self.detail_path(col.column_id, p, doc_id)
                link = self.publish(p, path, page, doc_id)
                href = self.site.url(link) if n % 4 == 3 else link
                records.append(f'<li><a href="{escape(href)}" title="{escape(p.title)}" target="_blank">'
                               f"{escape(p.title)}</a><span>{p.published_on}</span></li>")
            records_by_column[col.column_id] = records
            body = column_script(col.column_id, col.per_page, len(records), self.spec.site_name)
            self.site.add_page(page, lambda body=body, name=col.name: self.list_page(name, body), navigation=True)
        self.site.add_dynamic(PROXY, lambda request: self.dataproxy(request, records_by_column))

    def detail_path(self, column_id: int, p: Prepared, doc_id: int) -> str:
        y, m, d = (int(x) for x in p.published_on.split("-"))
        return f"/art/{y}/{m}/{d}/art_{column_id}_{doc_id}.html"

    @staticmethod
    def dataproxy(request: Request, records_by_column: dict[int, list[str]]) -> Response:
        """Records ``startrecord``..``endrecord`` (1-based, inclusive) of ``columnid``, GET or POST."""
        try:
            records = records_by_column[int(request.query.get("columnid", ""))]
            per_page = int(request.query.get("perpage", 15))
            start = max(1, int(request.query.get("startrecord", 1)))
            end = int(request.query.get("endrecord", start + per_page * 3 - 1))
        except (KeyError, ValueError):
            return Response(200, datastore(0, []), {"Content-Type": "text/xml; charset=UTF-8"})
        return Response(200, datastore(len(records), records[start - 1:end]),
                        {"Content-Type": "text/xml; charset=UTF-8"})
