"""The bundled portals, as data: five county-level sites modelled on real ones,
each with its columns, reports (synthetic and seed) and traps, plus the
generated ``bench`` portal for the crawl benchmark."""

from __future__ import annotations

from html import escape
from typing import Optional

from gaar_spiders.report import templates as T

from . import content as C
from .cms import BUILDERS
from .cms.trs import ROOT as TRS_ROOT, list_file, page_script
from .generator import ITEM_ROWS, STOCK_ROWS, Chain, YearEnd, make_report, template_for_year
from .render import SiteInfo, render_list_page, render_report_html
from .site import Request, Response, Site, html_response, not_found
from .spec import ColumnSpec, DocSpec, PortalSpec


def _docs(organ_years: list[tuple[str, tuple[int, ...]]], seed: int = 0, anchors: Optional[dict] = None,
          **special) -> list[DocSpec]:
    """Synthetic report docs; ``special`` maps ``"organ|year"`` to DocSpec overrides, where
    ``cross_year_break`` makes that year's report disagree with the office's year before;
    ``anchors`` maps an organ to the year ends its seed report prints (``generator.Chain``)."""
    docs = []
    for organ, years in organ_years:
        breaks = tuple((year, special[f"{organ}|{year}"]["cross_year_break"]) for year in years
                       if "cross_year_break" in special.get(f"{organ}|{year}", {}))
        chain = Chain(organ, tuple(sorted((anchors or {}).get(organ, {}).items())), breaks)
        for year in years:
            overrides = {k: v for k, v in special.get(f"{organ}|{year}", {}).items() if k != "cross_year_break"}
            docs.append(DocSpec(organ=organ, year=year, seed=seed + year, chain=chain, **overrides))
    return docs


#: a seed report's year end where it printed zeros: nothing carried forward, no items, no documents in force
_NONE_CARRIED = tuple((c, 0) for c in T.REQUEST_COLUMNS[:6])
_NO_ITEMS = tuple((row, 0) for row in ITEM_ROWS)
_NO_DOCUMENTS = tuple((row, 0) for row in STOCK_ROWS)


def _dazu() -> PortalSpec:
    p = "重庆市大足区"
    # the 2022 report carries over more requests than the 2021 report carried forward
    qzf = _docs([(f"{p}人民政府", (2019, 2020, 2021, 2022, 2023))],
                **{f"{p}人民政府|2022": {"cross_year_break": "carry_over"}}) + [
        DocSpec(organ=f"{p}人民政府", year=2021, kind="non_report"),
        DocSpec(organ=f"{p}人民政府办公室", year=2020, kind="trap", trap="http_404"),
    ]
    qjbm = _docs([
        (f"{p}发展和改革委员会", (2020, 2021, 2022)),
        (f"{p}教育委员会", (2019, 2021, 2023)),
        (f"{p}民政局", (2020, 2022)),
        (f"{p}财政局", (2021,)),
    ], **{f"{p}民政局|2022": {"broken": True}, f"{p}财政局|2021": {"trap": "truncated"}})
    zj = [DocSpec(organ=f"{p}邮亭镇人民政府", year=2019, kind="report_text_page", template="2019",
                  seed_file="000_acf128b87be38071.txt", title=f"{p}邮亭镇人民政府2019年信息公开工作年度报告",
                  published_on="2020-07-06", body_from="一、总体情况", body_until="扫一扫")]
    zj += _docs([
        (f"{p}邮亭镇人民政府", (2020, 2021, 2022, 2023)),
        (f"{p}龙岗街道办事处", (2019, 2020, 2021)),
        (f"{p}棠香街道办事处", (2020, 2021, 2022)),
        (f"{p}宝顶镇人民政府", (2019, 2021, 2022)),
        (f"{p}三驱镇人民政府", (2020, 2021, 2023)),
    ], **{f"{p}三驱镇人民政府|2021": {"broken": True}},
        # the seed 2019 report (000) ends with nothing carried forward and 163 + 55 licensing items
        anchors={f"{p}邮亭镇人民政府": {2019: YearEnd(carry_forward=_NONE_CARRIED, items=(
            ("licensing", 218), ("other_services", 0), ("penalties", 0), ("coercion", 0), ("fees", 0)))}})
    return PortalSpec(
        name="dazu", host="www.dazu.gov.cn", site_name="重庆市大足区人民政府", region="重庆市大足区",
        site_id="5001110001", icp="渝ICP备05003301号", family="trs",
        columns=[ColumnSpec("qzf", "区政府", qzf, per_page=8), ColumnSpec("qjbm", "区级部门", qjbm, per_page=8),
                 ColumnSpec("zj", "镇街", zj, per_page=8)],
        options={"first_id": 5012000},
    )


def _jinghe() -> PortalSpec:
    p = "精河县"
    docs = _docs([
        (f"{p}人民政府", (2019, 2020, 2021, 2022, 2023)),
        (f"{p}发展和改革委员会", (2019, 2021, 2022, 2023)),
        (f"{p}教育局", (2020, 2021, 2022)),
        (f"{p}民政局", (2019, 2020, 2022, 2023)),
        (f"{p}财政局", (2021, 2022, 2023)),
        (f"{p}人力资源和社会保障局", (2020, 2022)),
        (f"{p}自然资源局", (2021, 2023)),
        (f"{p}精河镇人民政府", (2019, 2021, 2022)),
        (f"{p}大河沿子镇人民政府", (2020, 2021, 2023)),
        (f"{p}托托镇人民政府", (2021, 2022)),
        (f"{p}茫丁乡人民政府", (2019, 2022)),
        (f"{p}托里镇人民政府", (2019, 2020, 2022)),
    ], **{f"{p}民政局|2020": {"broken": True}, f"{p}托托镇人民政府|2022": {"broken": True},
          f"{p}财政局|2022": {"trap": "flaky_500"},
          # the 2023 report restates the normative documents in force (a cross-year warning)
          f"{p}人民政府|2023": {"cross_year_break": "in_force"}},
        # the seed 2021 report (001) carried over nothing and has no documents in force
        anchors={f"{p}托里镇人民政府": {2020: YearEnd(carry_forward=_NONE_CARRIED),
                                        2021: YearEnd(in_force=_NO_DOCUMENTS)}})
    docs += [
        DocSpec(organ=f"{p}托里镇人民政府", year=2021, kind="report_text_page", template="2021",
                seed_file="001_e699a22894dad6cb.txt", title=f"{p}托里镇人民政府2021年政府信息公开工作年度报告",
                published_on="2022-01-04",
                # the published table stops after （六）其他处理: no （七）总计, no 结转下年度 row
                expected_failed_checks=("cells.complete",)),
        DocSpec(organ=f"{p}卫生健康委员会", year=2022, kind="trap", trap="js_challenge"),
    ]
    return PortalSpec(
        name="jinghe", host="www.xjjh.gov.cn", site_name="精河县人民政府",
        region="新疆维吾尔自治区博尔塔拉蒙古自治州精河县", site_id="6527220001", icp="新ICP备10001234号",
        family="hanweb", columns=[ColumnSpec("ndbg", "政府信息公开年报", docs, per_page=15, column_id=1234)],
        options={"first_id": 567},
    )


def _daowai() -> PortalSpec:
    p = "哈尔滨市道外区"
    docs = _docs([
        (f"{p}人民政府", (2019, 2020, 2021, 2022)),
        (f"{p}巨源镇人民政府", (2021, 2022)),
        (f"{p}民政局", (2019, 2021)),
        (f"{p}教育局", (2020, 2022)),
        (f"{p}团结镇人民政府", (2019, 2021)),
        (f"{p}太古街道办事处", (2020, 2021, 2023)),
        (f"{p}民主镇人民政府", (2022,)),
    ], **{f"{p}教育局|2022": {"trap": "wrong_charset"}, f"{p}团结镇人民政府|2021": {"broken": True},
          f"{p}民主镇人民政府|2022": {"trap": "redirect"},
          # the 2020 report's 上一年项目数量 is not the 2019 report's count plus its change
          f"{p}人民政府|2020": {"cross_year_break": "prev_items"}},
        # the seed 2020 report (004) ends with zeros everywhere
        anchors={f"{p}巨源镇人民政府": {2020: YearEnd(carry_forward=_NONE_CARRIED, items=_NO_ITEMS)}})
    docs.append(DocSpec(organ="道外区巨源镇人民政府", year=2020, kind="report_text_page", template="2019",
                        seed_file="004_22022a201ead27fe.txt", title="道外区巨源镇2020年政府信息公开工作年度报告",
                        published_on="2021-02-05", body_from="根据《中华人民共和国政府信息公开条例》",
                        expected_failed_checks=("requests.balance",)))
    return PortalSpec(
        name="daowai", host="www.hrbdw.gov.cn", site_name="哈尔滨市道外区人民政府", region="黑龙江省哈尔滨市道外区",
        site_id="2301040001", icp="黑ICP备05000123号", family="generic", encoding="gbk", charset_label="GBK",
        pagination="query", columns=[ColumnSpec("", "政府信息公开年报", docs, per_page=7, column_id=12)],
        options={"first_id": 3400},
    )


def _suixi() -> PortalSpec:
    p = "遂溪县"
    docs = _docs([
        (f"{p}人民政府", (2019, 2020, 2021, 2022, 2023)),
        (f"{p}发展和改革局", (2021,)),
        (f"{p}教育局", (2022,)),
        (f"{p}民政局", (2019, 2020)),
        (f"{p}遂城镇人民政府", (2019, 2020, 2021, 2022)),
        (f"{p}黄略镇人民政府", (2020, 2023)),
    ], **{f"{p}发展和改革局|2021": {"kind": "report_pdf"}, f"{p}教育局|2022": {"kind": "report_docx"},
          f"{p}遂城镇人民政府|2021": {"broken": True}})
    docs += [
        DocSpec(organ="城月鎮人民政府", year=2020, kind="report_text_page", template="legacy",
                seed_file="003_f375f0e851984426.txt", title="城月鎮人民政府2020年度政府信息公開工作年度報告",
                published_on="2021-01-28", body_from="根據《中華人民共和國政府信息公開條例》",
                # a 2020 report still in the pre-2019 narrative format
                expected_failed_checks=("template.current",)),
        DocSpec(organ=f"{p}人民政府", year=2021, kind="non_report"),
    ]
    return PortalSpec(
        name="suixi", host="www.suixi.gov.cn", site_name="遂溪县人民政府", region="广东省湛江市遂溪县",
        site_id="4408230001", icp="粤ICP备05080001号", family="generic", pagination="numbered",
        columns=[ColumnSpec("", "政府信息公开年报", docs, per_page=7)],
        options={"first_id": 1530000, "root": "/zwgk/ndbg/", "year_subcolumns": True},
    )


def _qingshan() -> PortalSpec:
    p = "青山区"
    qzf = _docs([(f"{p}人民政府", (2019, 2020, 2021, 2022, 2023))])
    qmzj = [DocSpec(organ="区民政局", year=2019, kind="report_text_page", template="2019",
                    seed_file="002_e1015790c6b78731.txt", title="青山区民政局2019年政府信息公开工作年度报告",
                    published_on="2020-01-20", body_until="扫一扫",
                    expected_failed_checks=("requests.balance", "requests.results_total"))]
    # the seed 2019 report (002, 区民政局) ends with zeros: the same office as 青山区民政局 after it
    qmzj += _docs([(f"{p}民政局", (2020, 2021, 2022))], **{f"{p}民政局|2022": {"broken": True}},
                  anchors={f"{p}民政局": {2019: YearEnd(carry_forward=_NONE_CARRIED, items=_NO_ITEMS)}})
    # 武汉市青山区's streets (the registry's 420107; see its note)
    jd = _docs([
        (f"{p}红钢城街道办事处", (2019, 2020, 2021, 2022)),
        (f"{p}新沟桥街道办事处", (2020, 2021, 2022)),
        (f"{p}冶金街道办事处", (2019, 2021, 2023)),
        (f"{p}白玉山街道办事处", (2021, 2022)),
    ], **{f"{p}红钢城街道办事处|2021": {"cross_year_break": "carry_over"},
          # back to the older format after a 2021 report in the 2021 format
          f"{p}新沟桥街道办事处|2022": {"template": "2019"}})
    jd.append(DocSpec(organ=f"{p}工人村街道办事处", year=2021, kind="trap", trap="http_404"))
    return PortalSpec(
        name="qingshan", host="www.qingshan.gov.cn", site_name="武汉市青山区人民政府",
        region="湖北省武汉市青山区", site_id="4201070001", icp="鄂ICP备05001234号", family="generic",
        pagination="next_only",
        columns=[ColumnSpec("qzf", "区政府", qzf, per_page=6), ColumnSpec("qmzj", "区民政局", qmzj, per_page=6),
                 ColumnSpec("jd", "街道", jd, per_page=5)],
        options={"first_id": 88000, "root": "/xxgk/ndbg/"},
    )


#: portal name → function returning its spec
PORTALS = {"dazu": _dazu, "jinghe": _jinghe, "daowai": _daowai, "suixi": _suixi, "qingshan": _qingshan}


def _hostile() -> Site:
    from .hostile import build_hostile

    return build_hostile()


#: portals served only when asked for by name (never in "all"): the hostile portal's traps
#: (a server that trickles bytes, endless bodies) would slow every crawl of the five above
OPT_IN_PORTALS = {"hostile": _hostile}


def portal_spec(name: str) -> PortalSpec:
    return PORTALS[name]()


def build_portal(name: str) -> Site:
    if name in OPT_IN_PORTALS:
        return OPT_IN_PORTALS[name]()
    spec = portal_spec(name)
    return BUILDERS[spec.family](spec).build()


# --- the benchmark portal ------------------------------------------------------------------------

BENCH_HOST = "www.bench.gov.cn"
BENCH_PER_PAGE = 20
BENCH_ORGANS = ("示范县人民政府", "示范县发展和改革委员会", "示范县教育局", "示范县民政局", "示范县城关镇人民政府",
                "示范县东城街道办事处", "示范县财政局", "示范县自然资源局", "示范县河口乡人民政府")
BENCH_FIRST_ID = 1_000_000


def _bench_doc(i: int) -> tuple[str, int, str, str]:
    """(organ, year, published_on, path) of bench report ``i``, computed, never stored."""
    organ = BENCH_ORGANS[i % len(BENCH_ORGANS)] if i < len(BENCH_ORGANS) * 5 else \
        f"{BENCH_ORGANS[i % len(BENCH_ORGANS)][:-4]}{i // len(BENCH_ORGANS)}{BENCH_ORGANS[i % len(BENCH_ORGANS)][-4:]}"
    year = 2019 + i % 5
    published = f"{year + 1}-{1 + i % 3:02d}-{1 + i % 28:02d}"
    compact = published.replace("-", "")
    return organ, year, published, f"{TRS_ROOT}{compact[:6]}/t{compact}_{BENCH_FIRST_ID + i}.html"


def build_bench(n: int) -> Site:
    """A TRS-style portal of ``n`` generated reports, 20 per list page, pages made on request."""
    site = Site("bench", BENCH_HOST)
    info = SiteInfo(name="示范县人民政府", host=BENCH_HOST, site_id="9999990001", icp="京ICP备00000000号",
                    column_path=TRS_ROOT)
    pages = max(1, -(-n // BENCH_PER_PAGE))
    column = f'<a href="{TRS_ROOT}">{escape(C.COLUMN_NAME)}</a>'
    site.add_page("/", lambda: render_list_page(C.BREADCRUMB_HOME, f"<ul><li>{column}</li></ul>", site=info),
                  navigation=True)
    site.add_page("/zwgk/", lambda: render_list_page(C.OPEN_GOV, f"<ul><li>{column}</li></ul>", site=info),
                  navigation=True)
    for name, path in zip(C.NAV[2:], C.NAV_PATHS[2:]):
        site.add_page(path, lambda name=name: render_list_page(name, f"<p>{C.SERVICE_PAGE_TEXT}</p>", site=info),
                      navigation=True)
    for page in range(pages):
        site.add_navigation(TRS_ROOT if page == 0 else TRS_ROOT + list_file(page))
    for i in range(n):
        organ, year, published, path = _bench_doc(i)
        page = i // BENCH_PER_PAGE
        site.record(path, kind="report_html", title=C.TITLE_FORMAT.format(organ=organ, year=year), organ=organ,
                    year=year, template=template_for_year(year), published_on=published,
                    source_url=site.url(TRS_ROOT if page == 0 else TRS_ROOT + list_file(page)),
                    generator_args=dict(organ=organ, year=year, template=template_for_year(year), seed=i,
                                        broken_arithmetic=False))

    def list_page(request: Request) -> Response:
        name = request.path[len(TRS_ROOT):] or "index.html"
        if name == "index.html":
            page = 0
        elif name.startswith("index_") and name.endswith(".html") and name[6:-5].isdigit():
            page = int(name[6:-5])
        else:
            return detail(request)
        if page >= pages:
            return not_found()
        items = []
        for i in range(page * BENCH_PER_PAGE, min(n, (page + 1) * BENCH_PER_PAGE)):
            organ, year, published, path = _bench_doc(i)
            title = escape(C.TITLE_FORMAT.format(organ=organ, year=year))
            items.append(f'<li><a href="./{path[len(TRS_ROOT):]}" title="{title}" target="_blank">{title}</a>'
                         f"<span>{published}</span></li>")
        body = '<ul class="list">' + "".join(items) + "</ul>" + page_script(pages, page)
        return html_response(render_list_page(C.COLUMN_NAME, body, site=info))

    def detail(request: Request) -> Response:
        tail = request.path.rsplit("_", 1)[-1]
        if not tail.endswith(".html") or not tail[:-5].isdigit():
            return not_found()
        i = int(tail[:-5]) - BENCH_FIRST_ID
        if not 0 <= i < n or _bench_doc(i)[3] != request.path:
            return not_found()
        organ, year, published, _ = _bench_doc(i)
        report = make_report(organ, year, template_for_year(year), i)
        report.published_on = published
        return html_response(render_report_html(report, family="trs", site=info))

    site.add_dynamic(TRS_ROOT, list_page)
    return site
