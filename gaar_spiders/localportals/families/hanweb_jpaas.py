"""A county portal on Hanweb jpaas: the 年报 column page ``/col/col{id}/index.html`` holds an
empty list container and a script that fills it from the ``build/unit`` JSON API,
``/api-gateway/jpaas-publish-server/front/page/build/unit?parseType=bulidstatic&webId=…
&tplSetId=…&pageType=column&tagId=…_分页列表&editType=null&pageId={col id}
&paramJson={"pageNo":N,"pageSize":M}``, answered as JSON whose ``data.html`` holds the page's
list HTML (records, and a pager printing 共N页).

Shapes: crawl README §2 (``www.hhtz.gov.cn`` and samr/miit/mohurd crawler code), §3 pattern 5 —
**code descriptions only**: no real jpaas page or answer was saved, so how the page hands the
parameters to its script (an object named after the API's parameters), the answer's other
fields and the pager inside ``data.html`` are inferred. Documents in the jcms grammar with
page 06's chrome. Decoy: a 法治政府建设 report in the column. Adapter: ``cms/hanweb_jpaas.py``.
"""

from __future__ import annotations

import json

from .. import content as C
from ..cms.jcms import JcmsBuilder
from ..site import Request, Response
from ..spec import ColumnSpec, DocSpec, PortalSpec
from . import FamilyPortal

HOST = "www.haiyan.gov.cn"
COUNTY = "海盐县"
API = "/api-gateway/jpaas-publish-server/front/page/build/unit"
COLUMN_ID, WEB_ID = 1229412466, 3312
TPL_SET_ID = "5c4e9f7a2b1d4e0f8a6b3c2d1e0f9a8b"
TAG_ID = "信息公开年报_分页列表"
PAGE_SIZE = 3


def spec() -> PortalSpec:
    docs = [DocSpec(organ=f"{COUNTY}人民政府", year=y, seed=800 + y) for y in (2019, 2020, 2021, 2022, 2023)]
    docs += [DocSpec(organ=f"{COUNTY}武原街道办事处", year=y, seed=810 + y) for y in (2021, 2023)]
    docs.append(DocSpec(organ=f"{COUNTY}人民政府", year=2021, kind="non_report"))
    return PortalSpec(
        name="hanweb_jpaas", host=HOST, site_name=f"{COUNTY}人民政府", region=f"浙江省嘉兴市{COUNTY}",
        site_id="3304240001", icp="浙ICP备05012187号", family="hanweb",
        columns=[ColumnSpec("ndbg", C.COLUMN_NAME, docs, per_page=PAGE_SIZE, column_id=COLUMN_ID)],
        options={"first_id": 3081500, "webid": WEB_ID},
    )


class JpaasBuilder(JcmsBuilder):
    records: list[str]

    def build_columns(self) -> None:
        column_path = self.column_path()
        self.records = self.publish_column()
        unit = f"""<div class="list-content" id="unit_list"></div>
<script type="text/javascript">
var unitParam = {{parseType: 'bulidstatic', webId: '{WEB_ID}', tplSetId: '{TPL_SET_ID}', pageType: 'column', tagId: '{TAG_ID}', editType: null, pageId: '{COLUMN_ID}'}};
function loadUnit(pageNo) {{
  $.ajax({{url: '{API}', type: 'GET', dataType: 'json',
    data: $.extend({{}}, unitParam, {{paramJson: JSON.stringify({{pageNo: pageNo, pageSize: {PAGE_SIZE}}})}}),
    success: function (res) {{ $('#unit_list').html(res.data.html); }}}});
}}
loadUnit(1);
</script>"""
        self.site.add_page(column_path, lambda: self.column_page(unit), navigation=True)
        self.site.add_dynamic(API, self.build_unit)

    def build_unit(self, request: Request) -> Response:
        """Page ``pageNo`` of the column's list unit as ``{"success": true, "data": {"html": …}}``."""
        query = request.query
        try:
            param = json.loads(query.get("paramJson", ""))
            page_no, size = int(param["pageNo"]), int(param["pageSize"])
            known = (query.get("pageId"), query.get("webId"), query.get("tagId"), query.get("pageType"))
            if known != (str(COLUMN_ID), str(WEB_ID), TAG_ID, "column") or page_no < 1 or size < 1:
                raise ValueError(known)
        except (ValueError, KeyError, TypeError):
            body = {"success": False, "data": None, "msg": "参数错误"}
        else:
            pages = -(-len(self.records) // size)
            chunk = self.records[(page_no - 1) * size:page_no * size]
            pager = (f'<div class="page">共{pages}页 '
                     f'<a href="javascript:;" onclick="loadUnit({page_no + 1})">{C.NEXT_PAGE}</a></div>')
            body = {"success": True, "data": {"html": '<ul class="list">' + "".join(chunk) + "</ul>" + pager}}
        return Response(200, json.dumps(body, ensure_ascii=False).encode("utf-8"),
                        {"Content-Type": "application/json;charset=UTF-8"})


def build() -> FamilyPortal:
    site = JpaasBuilder(spec()).build()
    return FamilyPortal(name="hanweb_jpaas", home=site.url("/"), sites=[site])
