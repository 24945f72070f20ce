"""Guangdong ``gkmlpt`` (crawl README pattern 12): the ``gkmlpt`` adapter.

Built from code descriptions only (hulelan/china-governance ``crawlers/gkmlpt.py``, RSSHub's
``gov/general`` route, crawler code for www.gd.gov.cn and Dongguan departments): no app
shell or API answer was saved, so the pages and answers below are written in the
documented shapes. The local portal ``gkmlpt`` (a county instance and a department
instance) is crawled in ``tests/test_families_crawl.py``.
"""

import json

from gaar_spiders import cms
from gaar_spiders.cms import gkmlpt
from gaar_spiders.cms.base import ListPage

GK = cms.get("gkmlpt")
HOME = "http://www.lianping.gov.cn"

TREE = [
    {"id": 1, "name": "机构职能", "post_count": 12, "children": []},
    {"id": 2, "name": "政策文件", "post_count": 340, "children": [
        {"id": 21, "name": "规范性文件", "post_count": 40, "children": []}]},
    {"id": 9, "name": "政府信息公开年报", "post_count": 150, "children": [
        {"id": 91, "name": "县政府年报", "post_count": 120, "children": []},
        {"id": 92, "name": "乡镇年报", "post_count": 30, "children": []},
        {"id": 93, "name": "部门年报", "post_count": 0, "jump_url": "/zwgk/bmxxgk/", "children": []}]},
    {"id": 10, "name": "依申请公开", "post_count": 0, "jump_url": "http://www.gdzwfw.gov.cn/ysqgk/", "children": []},
]


def shell(tree=TREE, sid="lp001", style="json") -> str:
    tree_js = json.dumps(tree, ensure_ascii=False)
    if style == "js":  # unquoted keys and single-quoted strings, as a hand-written config would be
        tree_js = tree_js.replace('"id"', "id").replace('"name"', "name").replace('"children"', "children") \
            .replace('"post_count"', "post_count").replace('"jump_url"', "jump_url").replace('"', "'")
    return (f"<html><head><title>政府信息公开</title><script>window._CONFIG = {{SID: '{sid}', IS_GD: true, "
            f"TREE: {tree_js}, SERVICE_AREA_ID: 441623}};</script></head>"
            '<body><div id="app"></div><script src="/gkmlpt/static/js/app.js"></script></body></html>')


def read(html: str, url: str):
    page = ListPage.from_html(html, url, column_url=url)
    return GK.detect(page), GK.read_list(page)


def test_the_app_shell_asks_the_api_for_the_nianbao_category_and_each_of_its_lists():
    score, listing = read(shell(), HOME + "/gkmlpt/index")
    assert score >= cms.STRONG
    assert [(r.url, r.answer, r.adapter, r.page) for r in listing.requests] == [
        (HOME + "/gkmlpt/api/all/9?page=1&sid=lp001", "json", "gkmlpt", 1),
        (HOME + "/gkmlpt/api/all/91?page=1&sid=lp001", "json", "gkmlpt", 1),
        (HOME + "/gkmlpt/api/all/92?page=1&sid=lp001", "json", "gkmlpt", 1)]
    # the size the TREE declares is its lists' post_count, 100 a page; the shell holds no record itself
    assert (listing.declared_records, listing.declared_pages, listing.pages_covered) == (150, 3, 0)
    # a 年报 leaf that jumps is a link elsewhere (read as an HTML list if the portal owns it), not an API list
    assert [(s.url, s.text) for s in listing.sub_columns] == [(HOME + "/zwgk/bmxxgk/", "部门年报")]
    assert listing.records == []


def test_a_hand_written_config_with_bare_keys_and_single_quotes_is_read_alike():
    _, listing = read(shell(style="js"), HOME + "/gkmlpt/index")
    assert [r.url.split("?")[0].rsplit("/", 1)[-1] for r in listing.requests] == ["9", "91", "92"]


def test_a_tree_without_a_nianbao_category_asks_for_nothing():
    _, listing = read(shell(tree=TREE[:2]), HOME + "/gkmlpt/index")
    assert listing.requests == [] and listing.sub_columns == []


def test_a_department_instance_answers_under_its_path_prefix():
    tree = [{"id": 5, "name": "年度报告", "post_count": 3, "children": []}]
    _, listing = read(shell(tree=tree, sid="lpjyj01"), HOME + "/lpjyj/gkmlpt/index")
    assert [r.url for r in listing.requests] == [HOME + "/lpjyj/gkmlpt/api/all/5?page=1&sid=lpjyj01"]


def article(n: int, title: str) -> dict:
    return {"id": 2519000 + n, "title": title, "url": f"{HOME}/gkmlpt/content/2/2519/post_{2519000 + n}.html",
            "date": 1705708800, "publisher": "连平县人民政府办公室", "identifier": f"007234-0{n}"}


def answer(request, articles: list, total) -> ListPage:
    body = {"articles": articles, "classify": {}}
    if total is not None:
        body["total"] = total
    return ListPage(url=request.url, body=json.dumps(body, ensure_ascii=False).encode(), answer="json",
                    state=request.state)


def test_an_api_answer_lists_its_articles_and_asks_for_every_further_page_of_its_total():
    _, listing = read(shell(), HOME + "/gkmlpt/index")
    first = listing.requests[1]  # 县政府年报, 120 posts
    articles = [article(1, "连平县2023年政府信息公开工作年度报告"), article(2, "连平县2023年法治政府建设年度报告")]
    got = GK.read_answer(answer(first, articles, 120), first.state)
    assert [(r.url, r.text, r.date) for r in got.reports] == [
        (HOME + "/gkmlpt/content/2/2519/post_2519001.html", "连平县2023年政府信息公开工作年度报告", "2024-01-20")]
    assert [r.text for r in got.skipped] == ["连平县2023年法治政府建设年度报告"]
    assert got.record_count == 2 and got.declared_records == 120 and got.declared_pages == 2
    assert [(r.url, r.page) for r in got.requests] == [(HOME + "/gkmlpt/api/all/91?page=2&sid=lp001", 2)]
    second = GK.read_answer(answer(got.requests[0], [article(3, "连平县2019年政府信息公开工作年度报告")], 120),
                            got.requests[0].state)
    assert second.requests == []  # page 2 of 2: every page was asked for by page 1


def test_an_answer_without_a_total_asks_for_the_next_page_until_one_lists_nothing():
    _, listing = read(shell(), HOME + "/gkmlpt/index")
    request = listing.requests[2]
    got = GK.read_answer(answer(request, [article(4, "连平县上坪镇2023年政府信息公开工作年度报告")], None), request.state)
    (follow,) = got.requests
    assert follow.url.endswith("/api/all/92?page=2&sid=lp001")
    assert GK.read_answer(answer(follow, [], None), follow.state).requests == []


def test_a_department_page_linking_the_departments_instances_is_their_list():
    html = ('<ul><li><a href="/lpjyj/gkmlpt/index">连平县教育局</a></li><li><a href="/lpczj/gkmlpt/index#2">连平县财政局</a>'
            '</li><li><a href="/gkmlpt/index">连平县人民政府</a></li></ul>')
    score, listing = read(html, HOME + "/zwgk/bmxxgk/")
    assert score >= cms.STRONG
    # every instance it links is a list (the county's own too: the walk reads an instance once)
    assert [s.url for s in listing.sub_columns] == [HOME + "/lpjyj/gkmlpt/index", HOME + "/lpczj/gkmlpt/index",
                                                   HOME + "/gkmlpt/index"]
    # a home page linking only the portal's own instance is not a list
    assert GK.detect(ListPage.from_html('<a href="/gkmlpt/index">政府信息公开</a>', HOME + "/")) == 0


def test_gkmlpt_is_detected_before_every_other_family():
    page = ListPage.from_html(shell(), HOME + "/gkmlpt/index")
    assert cms.detect(page)[0] is GK
    assert gkmlpt.instance_prefix(HOME + "/lpjyj/gkmlpt/index") == "/lpjyj"
    assert gkmlpt.instance_prefix(HOME + "/gkmlpt/content/2/2519/post_2519001.html") is None
