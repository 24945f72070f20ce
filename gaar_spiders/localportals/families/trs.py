"""A TRS WCM county portal: the 年报 column's lists paginated by
``createPageHTML(count, current, "index", "html")`` (page k = ``index_{k-1}.html``),
articles ``./YYYYMM/tYYYYMMDD_ID.html`` with the body in ``div.TRS_Editor``.

Shapes: crawl README §1 rows 01 and 08 (TRS naming), §3 pattern 1. Adapter: ``cms/trs.py``.
"""

from __future__ import annotations

from ..cms import BUILDERS
from ..spec import ColumnSpec, DocSpec, PortalSpec
from . import FamilyPortal

HOST = "www.hjx.gov.cn"


def spec() -> PortalSpec:
    county = "和静县"
    docs = [DocSpec(organ=f"{county}人民政府", year=y, seed=300 + y) for y in (2019, 2020, 2021, 2022, 2023)]
    docs += [DocSpec(organ=f"{county}财政局", year=y, seed=310 + y) for y in (2021, 2022, 2023)]
    docs.append(DocSpec(organ=f"{county}人民政府", year=2022, kind="non_report"))
    return PortalSpec(
        name="trs", host=HOST, site_name=f"{county}人民政府", region=f"新疆维吾尔自治区巴音郭楞蒙古自治州{county}",
        site_id="6528270001", icp="新ICP备12000827号", family="trs",
        columns=[ColumnSpec("xzf", "县政府", docs, per_page=4)], options={"first_id": 4410000},
    )


def build() -> FamilyPortal:
    site = BUILDERS["trs"](spec()).build()
    return FamilyPortal(name="trs", home=site.url("/"), sites=[site])
