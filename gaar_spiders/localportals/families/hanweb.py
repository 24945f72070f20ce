"""A Hanweb (大汉) county portal: the column page ``/col/col{id}/index.html`` holds a jpage
script; its records come from ``/module/web/jpage/dataproxy.jsp`` (a POST of the
``ajaxParam`` form, ``startrecord/endrecord/perpage`` in the query), answered as
``<datastore>`` XML of CDATA records; articles ``/art/Y/M/D/art_{col}_{id}.html``,
bodies in ``div#zoom``.

Shapes: crawl README §1 row 03, §2 (江苏 人社 dataproxy), §3 pattern 4. Adapter: ``cms/hanweb.py``.
"""

from __future__ import annotations

from ..cms import BUILDERS
from ..spec import ColumnSpec, DocSpec, PortalSpec
from . import FamilyPortal

HOST = "www.yuanzhou.gov.cn"


def spec() -> PortalSpec:
    district = "原州区"
    docs = [DocSpec(organ=f"{district}人民政府", year=y, seed=400 + y) for y in (2019, 2020, 2021, 2022, 2023)]
    docs += [DocSpec(organ=f"{district}三营镇人民政府", year=y, seed=410 + y) for y in (2022, 2023)]
    docs.append(DocSpec(organ=f"{district}人民政府", year=2023, kind="non_report"))
    return PortalSpec(
        name="hanweb", host=HOST, site_name=f"固原市{district}人民政府", region=f"宁夏回族自治区固原市{district}",
        site_id="6404020001", icp="宁ICP备05001402号", family="hanweb",
        columns=[ColumnSpec("ndbg", "政府信息公开年报", docs, per_page=3, column_id=31251)],
        options={"first_id": 88100},
    )


def build() -> FamilyPortal:
    site = BUILDERS["hanweb"](spec()).build()
    return FamilyPortal(name="hanweb", home=site.url("/"), sites=[site])
