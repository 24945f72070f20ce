"""A Hanweb jpage county portal shaped like real page 03 (定西): the 年报 column page
``/col/col{id}/index.html`` carries its first records itself, inside
``<script type="text/xml"><datastore>``, with a ``<nextgroup>`` link
``/module/web/jpage/dataproxy.jsp?page=1&appid=1&appid=1&webid=…&path=/&columnid=…&unitid=…
&webname=%25E6…&permissiontype=0`` (``appid`` twice, ``webname`` percent-encoded twice, as
in 03) and **no** ``<totalrecord>``/``<totalpage>``. The dataproxy answers ``page=N`` with
page N of the column, by GET, in the same XML; ``page=1`` repeats the inline group (03 does
not say whether a real server does: this portal takes the harder reading), and the answer
after the last page is empty. The page's jpage call names no proxy and no parameters: only
the ``nextgroup`` link says how to go on (the case that stored 0 of 8 reports).

One record points to the county's disclosure platform on a sibling host
(``zwgk.weiyuan.gov.cn``, served on 127.0.0.2), as 03's record on ``zwgk.dingxi.gov.cn``
does; the home page carries a news unit of another column (a Hanweb page, not a 年报 list).
Decoys: a 法治政府建设 report in the column, and a record of the province's report on the
province's own host (another government: never followed).

Shapes: crawl README §1 row 03, §3 pattern 4; chrome from page 06. Adapter: ``cms/hanweb.py``.
"""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from .. import content as C
from ..cms.jcms import JcmsBuilder, datastore_xml, record_li
from ..cms.base import Prepared
from ..site import Request, Response
from ..spec import ColumnSpec, DocSpec, PortalSpec
from . import FamilyPortal

DOMAIN = "weiyuan.gov.cn"
WWW, PLATFORM = f"www.{DOMAIN}", f"zwgk.{DOMAIN}"
COUNTY = "渭源县"
SITE_ID, ICP = "6211230001", "陇ICP备05003817号"
REGION = f"甘肃省定西市{COUNTY}"
PROXY = "/module/web/jpage/dataproxy.jsp"
COLUMN_ID, UNIT_ID, WEB_ID = 12466, 38761, 23
PLATFORM_COLUMN_ID = 12531
NEWS_COLUMN_ID, NEWS_UNIT_ID = 12390, 38702
#: records a dataproxy page holds (the inline group is page 1)
PAGE_SIZE = 3
#: the report published on the platform host (03: the record on zwgk.dingxi.gov.cn)
PLATFORM_DOC = (f"{COUNTY}财政局", 2022)
#: a report of another government, on its own host: a decoy record
ELSEWHERE = "http://www.gansu.gov.cn/art/2023/1/18/art_4786_1024873.html"
ELSEWHERE_TITLE = "甘肃省2022年政府信息公开工作年度报告"
ELSEWHERE_DATE = "2023-01-18"


def webname(name: str) -> str:
    """``webname`` as 03 prints it: UTF-8 percent-encoded, then the percent signs encoded again."""
    return quote(quote(name, safe=""), safe="")


def nextgroup(column_id: int, unit_id: int, site_name: str, page: int = 1) -> str:
    return (f"{PROXY}?page={page}&appid=1&appid=1&webid={WEB_ID}&path=/&columnid={column_id}&unitid={unit_id}"
            f"&webname={webname(site_name)}&permissiontype=0")


def spec() -> PortalSpec:
    docs = [DocSpec(organ=f"{COUNTY}人民政府", year=y, seed=600 + y) for y in (2019, 2020, 2021, 2022, 2023)]
    docs += [DocSpec(organ=f"{COUNTY}财政局", year=y, seed=610 + y) for y in (2022, 2023)]
    docs.append(DocSpec(organ=f"{COUNTY}清源镇人民政府", year=2023, seed=620))
    docs.append(DocSpec(organ=f"{COUNTY}人民政府", year=2022, kind="non_report"))
    return PortalSpec(
        name="hanweb", host=WWW, site_name=f"{COUNTY}人民政府", region=REGION, site_id=SITE_ID, icp=ICP,
        family="hanweb", columns=[ColumnSpec("ndbg", C.COLUMN_NAME, docs, per_page=PAGE_SIZE, column_id=COLUMN_ID)],
        options={"first_id": 1486100, "webid": WEB_ID, "unitid": UNIT_ID},
    )


class PlatformBuilder(JcmsBuilder):
    """The county's 信息公开 platform host: here it only publishes the documents the www column links."""

    def build_columns(self) -> None:
        pass


class InlineDatastoreBuilder(JcmsBuilder):
    def __init__(self, spec: PortalSpec, platform: PlatformBuilder):
        super().__init__(spec)
        self.platform = platform
        self.records: list[str] = []

    def home_main(self) -> str:
        """The home page also lists the news column through a jpage unit of its own."""
        news = [record_li(f"/art/2024/3/{d}/art_{NEWS_COLUMN_ID}_{1490000 + d}.html", t.format(county=COUNTY),
                          f"2024-03-{d:02d}") for d, t in zip((12, 8, 5), C.JCMS_NEWS_TITLES)]
        store = datastore_xml(news, nextgroup=nextgroup(NEWS_COLUMN_ID, NEWS_UNIT_ID, self.info.name),
                              declaration=False)
        unit = f'<div id="{NEWS_UNIT_ID}"><script type="text/xml">{store}</script></div>'
        return f'<div class="news"><h3>{escape(C.JCMS_HOME_NEWS)}</h3>{unit}</div>' + super().home_main()

    def publish_doc(self, p: Prepared, doc_id: int) -> str:
        """PLATFORM_DOC is published on the platform host and linked with its absolute URL."""
        if (p.doc.organ, p.doc.year) != PLATFORM_DOC:
            return super().publish_doc(p, doc_id)
        path = self.platform.detail_path(p, doc_id, PLATFORM_COLUMN_ID)
        self.platform.publish(p, path, self.column_path(), doc_id)
        self.platform.site.manifest[-1]["source_url"] = self.site.url(self.column_path())
        return self.platform.site.url(path)

    def build_columns(self) -> None:
        column_path = self.column_path()
        self.records = self.publish_column()
        self.records.insert(4, record_li(ELSEWHERE, ELSEWHERE_TITLE, ELSEWHERE_DATE))
        store = datastore_xml(self.records[:PAGE_SIZE], declaration=False,
                              nextgroup=nextgroup(COLUMN_ID, UNIT_ID, self.info.name))
        unit = (f'<div id="{UNIT_ID}"><script type="text/xml">{store}</script></div>'
                '<script language="javascript" src="/module/jslib/jquery/jpage/jquery.page.min.js"></script>'
                f"<script>$(function(){{ $('#{UNIT_ID}').jpage({{dataStore: $('#{UNIT_ID} datastore'), "
                f"perPage: {PAGE_SIZE}, groupSize: 1, barPosition: 'bottom'}}); }});</script>")
        self.site.add_page(column_path, lambda: self.column_page(unit), navigation=True)
        self.site.add_dynamic(PROXY, self.dataproxy)

    def dataproxy(self, request: Request) -> Response:
        """Page N of the column (``page=N``, 1-based; page 1 is the inline group), GET or POST, no totals."""
        xml = datastore_xml([])
        query = request.query
        if query.get("columnid") == str(COLUMN_ID) and query.get("page", "").isdigit():
            n = int(query["page"])
            records = self.records[(n - 1) * PAGE_SIZE:n * PAGE_SIZE] if n >= 1 else []
            xml = datastore_xml(records, nextgroup=nextgroup(COLUMN_ID, UNIT_ID, self.info.name, n + 1))
        return Response(200, xml.encode("utf-8"), {"Content-Type": "text/xml; charset=UTF-8"})


def build() -> FamilyPortal:
    platform_spec = PortalSpec(name="hanweb", host=PLATFORM, site_name=f"{COUNTY}政府信息公开平台", region=REGION,
                               site_id=SITE_ID, icp=ICP, family="hanweb",
                               columns=[ColumnSpec("ndbg", C.COLUMN_NAME, [], column_id=PLATFORM_COLUMN_ID)],
                               options={"webid": WEB_ID + 1})
    platform = PlatformBuilder(platform_spec)
    platform.site.bind = "127.0.0.2"
    www = InlineDatastoreBuilder(spec(), platform)
    www.build()
    platform.build()
    decoy = {"portal": "hanweb", "url": ELSEWHERE, "kind": "non_report", "title": ELSEWHERE_TITLE,
             "expect": "decoy", "source_url": www.site.url(www.column_path())}
    return FamilyPortal(name="hanweb", home=www.site.url("/"), sites=[www.site, platform.site],
                        extra_manifest=[decoy])
