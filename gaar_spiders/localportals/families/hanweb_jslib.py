"""An older Hanweb county portal: the 年报 column page ``/col/col{id}/index.html`` holds no
record; its jpage call takes every setting from variables declared elsewhere in the page
(``proxyUrl: proxyUrl, perPage: perPageNum, totalRecord: totalRecordNum, ajaxParam:
jpageParam``, the ``var``s in the page head), and the list comes from the old jslib proxy
``/module/jslib/jquery/jpage/dataproxy.jsp?startrecord=&endrecord=&perpage=`` with the
fields ``col=1, appid=1, webid, path=/, columnid, sourceContentType, unitid, webname,
permissiontype=0`` POSTed as a form; answers print ``<totalrecord>`` and ``<totalpage>``.
Two records a page, three pages a request, as the jpage script asks.

Shapes: crawl README §2 (older Hanweb: gansu, shandong, tj, ncha … — code only), §3 pattern 4;
datastore and records as real page 03 prints them; chrome from page 06. Decoy: a 法治政府建设
report in the column. Adapter: ``cms/hanweb.py``.
"""

from __future__ import annotations

import math
from html import escape

from .. import content as C
from ..cms.jcms import JcmsBuilder, datastore_xml
from ..site import Request, Response
from ..spec import ColumnSpec, DocSpec, PortalSpec
from . import FamilyPortal

HOST = "www.donge.gov.cn"
COUNTY = "东阿县"
PROXY = "/module/jslib/jquery/jpage/dataproxy.jsp"
COLUMN_ID, UNIT_ID, WEB_ID = 2671, 8836, 31
PER_PAGE, GROUP = 2, 3


def spec() -> PortalSpec:
    docs = [DocSpec(organ=f"{COUNTY}人民政府", year=y, seed=700 + y) for y in (2019, 2020, 2021, 2022, 2023)]
    docs += [DocSpec(organ=f"{COUNTY}铜城街道办事处", year=y, seed=710 + y) for y in (2022, 2023)]
    docs.append(DocSpec(organ=f"{COUNTY}人民政府", year=2023, kind="non_report"))
    return PortalSpec(
        name="hanweb_jslib", host=HOST, site_name=f"{COUNTY}人民政府", region=f"山东省聊城市{COUNTY}",
        site_id="3715240001", icp="鲁ICP备05016239号", family="hanweb",
        columns=[ColumnSpec("ndbg", C.COLUMN_NAME, docs, per_page=PER_PAGE, column_id=COLUMN_ID)],
        options={"first_id": 220400, "webid": WEB_ID, "unitid": UNIT_ID},
    )


class JslibBuilder(JcmsBuilder):
    records: list[str]

    def build_columns(self) -> None:
        column_path = self.column_path()
        self.records = self.publish_column()
        settings = (f"<script type=\"text/javascript\">var proxyUrl = '{PROXY}';\nvar perPageNum = {PER_PAGE};\n"
                    f"var totalRecordNum = {len(self.records)};\n"
                    f"var jpageParam = {{col:1, appid:1, webid:{WEB_ID}, path:'/', columnid:{COLUMN_ID}, "
                    f"sourceContentType:1, unitid:{UNIT_ID}, webname:'{escape(self.info.name)}', permissiontype:0}};"
                    "</script>")
        unit = (f'<div id="{UNIT_ID}"></div>'
                '<script type="text/javascript" src="/module/jslib/jquery/jpage/jquery.page.min.js"></script>'
                "<script type=\"text/javascript\">\n$(document).ready(function(){\n"
                f"  $('#{UNIT_ID}').jpage({{\n    dataStore: null,\n    proxyUrl: proxyUrl,\n    perPage: perPageNum,\n"
                f"    totalRecord: totalRecordNum,\n    groupSize: {GROUP},\n    barPosition: 'bottom',\n"
                "    dataBefore: '<ul class=\"list\">',\n    dataAfter: '</ul>',\n    ajaxParam: jpageParam\n  });\n"
                "});\n</script>")
        self.site.add_page(column_path, lambda: self.column_page(unit, head_extra=settings), navigation=True)
        self.site.add_dynamic(PROXY, self.dataproxy)

    def dataproxy(self, request: Request) -> Response:
        """Records ``startrecord``..``endrecord`` (1-based, inclusive) of ``columnid`` (form or query), with totals."""
        query = request.query
        total = len(self.records)
        try:
            if query.get("columnid") != str(COLUMN_ID):
                raise ValueError(query.get("columnid"))
            per_page = int(query.get("perpage", PER_PAGE))
            start = max(1, int(query.get("startrecord", 1)))
            end = int(query.get("endrecord", start + per_page * GROUP - 1))
        except ValueError:
            xml = datastore_xml([], total=0, pages=0)
        else:
            xml = datastore_xml(self.records[start - 1:end], total=total, pages=math.ceil(total / per_page))
        return Response(200, xml.encode("utf-8"), {"Content-Type": "text/xml; charset=UTF-8"})


def build() -> FamilyPortal:
    site = JslibBuilder(spec()).build()
    return FamilyPortal(name="hanweb_jslib", home=site.url("/"), sites=[site])
