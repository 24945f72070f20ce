"""Which division and which office a report is: the bundled division tables, division_code,
organ_key, SiteIDCode, stale codes, and the portal registry checked against the divisions."""

from __future__ import annotations

import csv
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from gaar_spiders.divisions import identify, load, office_name, registry_problem, site_id_prefix
from gaar_spiders.portals import load_registry
from gaar_spiders.report import parse_report

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data" / "divisions"
SEEDS = REPO / "tests" / "data" / "seeds"

#: seed file -> (portal it is published on, the county it must resolve to)
SEED_PORTALS = {
    "000_acf128b87be38071.txt": ("dazu", "500111"),
    "001_e699a22894dad6cb.txt": ("jinghe", "652722"),
    "002_e1015790c6b78731.txt": ("qingshan", "420107"),
    "003_f375f0e851984426.txt": ("suixi", "440823"),
    "004_22022a201ead27fe.txt": ("daowai", "230104"),
}


# --- the bundled tables -----------------------------------------------------------------------

def test_the_bundled_tables_hold_every_division_and_township_with_their_licences():
    T = load()
    in_use = [d for entries in T.by_code.values() for d in entries if d.status == "u"]
    assert sum(1 for d in in_use if d.level == 3) == 2846  # the 2024 list's county-level units
    assert sum(1 for d in in_use if d.level == 2) == 333
    assert T.township_count() == 38749 == sum(len(T.townships_of(c)) for c in T._township_lines)
    data = resources.files("gaar_spiders.divisions").joinpath("data")
    assert data.joinpath("LICENSE-areacodes-CC0").read_text(encoding="utf-8").startswith("Creative Commons")
    sources = data.joinpath("SOURCES.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in sources and "国家地名信息库" in sources and "yescallop/areacodes" in sources


def test_the_build_script_makes_the_compact_tables_from_the_sources(tmp_path):
    out = tmp_path / "data"
    result = subprocess.run([sys.executable, str(REPO / "tools" / "build_divisions.py"), str(DATA / "sources"),
                             "--out", str(out)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    history = (out / "history.tsv").read_text(encoding="utf-8").splitlines()
    assert "510132\t新津县\t3\td\t1983\t2020\t510118" in history
    townships = dict(line.split("\t") for line in (out / "townships.tsv").read_text(encoding="utf-8").splitlines())
    assert townships["500111"].split()[:2] == ["001=龙滩子街道", "002=龙岗街道"]
    assert (out / "LICENSE-areacodes-CC0").exists()


def test_the_build_script_refuses_sources_that_disagree(tmp_path):
    sources = tmp_path / "src"
    sources.mkdir()
    for f in (DATA / "sources").iterdir():
        (sources / f.name).write_bytes(f.read_bytes())
    with open(sources / "areacodes-2024.txt", "a", encoding="utf-8") as fh:
        fh.write("999999 不存在县\n")
    result = subprocess.run([sys.executable, str(REPO / "tools" / "build_divisions.py"), str(sources),
                             "--out", str(tmp_path / "out")], capture_output=True, text=True)
    assert result.returncode != 0 and "differ" in result.stderr
    assert not (tmp_path / "out").exists()


# --- codes over time --------------------------------------------------------------------------

def test_a_stale_code_maps_forward_through_every_change():
    T = load()
    assert T.forward("510132") == ("510118", "")  # 新津县 became 新津区 in 2020
    assert T.forward("512126") == ("500111", "")  # 大足县 (永川地区) → 510230 → 500225 → 大足区
    code, why = T.forward("130103")  # 桥东区 was divided between two districts
    assert code is None and "split among 130102, 130104" in why


def test_a_name_is_read_as_it_was_in_the_statistics_year():
    assert identify("大足县人民政府", level="county", year=2010).division_code == "500111"
    assert identify("新津县人民政府", level="county", year=2019).division_code == "510118"
    split = identify("石家庄市桥东区人民政府", level="county", year=2012)
    assert split.division_code is None and "split among" in split.reason


# --- SiteIDCode ----------------------------------------------------------------------------------

def _site_examples():
    with open(DATA / "siteidcode-examples.csv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("row", _site_examples(), ids=lambda r: r["site_id_code"])
def test_every_real_site_id_code_resolves_or_says_why_not(row):
    found = identify(None, site_id_code=row["site_id_code"])
    in_list = row["prefix_in_mca"].startswith("yes")
    if in_list:
        assert found.division_code == row["prefix6"] and found.source == "site_id_code"
    elif row["prefix6"] == "510132":  # stale: the registration code of 新津, mapped forward
        assert found.division_code == "510118"
    else:
        assert found.division_code is None
        assert row["site_id_code"] in found.reason
        if row["prefix6"].isdigit():
            assert "no division list" in found.reason and "development zone" in found.reason
        else:
            assert site_id_prefix(row["site_id_code"]) is None  # a central ministry's bm… code


def test_a_prefecture_site_is_refined_by_the_county_the_organ_names():
    found = identify("邯郸市磁县人民政府", level="county", year=2022, site_id_code="1304000009")
    assert found.division_code == "130427" and found.source == "site_id_code"


# --- the registry first, then the page, then the report --------------------------------------

def test_seed_reports_resolve_to_their_county_through_their_portals_registry_entry():
    registry = load_registry()
    for name, (portal, county) in SEED_PORTALS.items():
        report = parse_report((SEEDS / name).read_text(encoding="utf-8"))
        found = identify(report.organ, level=report.level, year=report.year, region=report.region,
                         registry_code=registry[portal].division_code)
        assert found.division_code and found.division_code[:6] == county, (name, found)
        assert found.source == "registry"
        assert found.organ_key.startswith(found.division_code + "/")


def test_qingshan_is_two_districts_by_name_and_the_registry_entry_settles_it():
    alone = identify("青山区民政局", level="department", year=2019)
    assert alone.division_code is None and alone.organ_key is None
    assert "ambiguous by name alone" in alone.reason and "150204" in alone.reason and "420107" in alone.reason
    wuhan = identify("青山区民政局", level="department", year=2019, registry_code="420107")
    assert (wuhan.division_code, wuhan.organ_key) == ("420107", "420107/民政局")
    baotou = identify("包头市青山区民政局", level="department", year=2019)  # the city named: no ambiguity
    assert baotou.division_code == "150204"


def test_the_registry_outranks_a_site_id_code_that_disagrees_and_says_so():
    found = identify("区民政局", level="department", year=2019, registry_code="420107", site_id_code="1502040001")
    assert found.division_code == "420107" and found.source == "registry"
    assert "disagrees" in found.reason and "150204" in found.reason


def test_a_report_naming_another_division_than_its_portal_keeps_the_portal_and_says_so():
    found = identify("包头市青山区民政局", level="department", year=2019, registry_code="420107")
    assert found.division_code == "420107" and "outside" in found.reason


def test_a_superiors_report_on_a_county_portal_is_the_superiors():
    assert identify("重庆市人民政府", level="province", year=2021, registry_code="500111").organ_key == "500000/人民政府"
    branch = identify("重庆市生态环境局大足区分局", level="department", year=2021, registry_code="500111")
    assert branch.organ_key == "500111/生态环境局"


def test_nothing_is_guessed_without_a_division():
    for organ in ("区民政局", "巨源镇人民政府"):  # no area named, no portal, no page code
        found = identify(organ, year=2021)
        assert found.division_code is None and found.organ_key is None and "names no division" in found.reason


def test_a_report_that_does_not_name_its_office_gets_the_division_but_no_key():
    found = identify(None, level="township", year=2021, registry_code="230104")
    assert found.division_code == "230104" and found.organ_key is None and "does not name its office" in found.reason


# --- townships ------------------------------------------------------------------------------

def test_one_township_in_three_spellings_is_one_organ_key():
    keys = {identify(organ, level="township", year=year, registry_code="230104").organ_key
            for organ, year in (("道外区巨源镇人民政府", 2020), ("巨源镇人民政府", 2021), ("巨源镇", 2022),
                                ("哈尔滨市道外区巨源镇政府", 2023))}
    assert keys == {"230104113000/人民政府"}


def test_a_street_is_found_as_its_office_prints_it():
    for organ in ("重庆市大足区龙岗街道办事处", "龙岗街道", "龙岗办事处", "大足区龙岗街道办"):
        assert identify(organ, level="township", year=2021, registry_code="500111").organ_key == "500111002000/人民政府"


def test_a_township_in_traditional_characters_resolves():
    found = identify("城月鎮人民政府", level="township", year=2020, registry_code="440823")
    assert found.organ_key == "440823107000/人民政府"


def test_a_township_missing_from_the_list_keeps_its_county_and_its_name():
    found = identify("遂溪县遂城镇人民政府", level="township", year=2020, registry_code="440823")
    assert found.division_code == "440823" and found.organ_key == "440823/遂城镇人民政府"
    assert "not in the township list of 440823" in found.reason
    corps = identify("石河子市北泉镇人民政府", level="township", year=2021)  # a county with no township list
    assert corps.division_code == "659001" and "no township list" in corps.reason


# --- the office -----------------------------------------------------------------------------

def test_the_general_office_is_kept_apart_from_its_government():
    government = identify("精河县人民政府", level="county", year=2021, registry_code="652722").organ_key
    office = {identify(o, level="department", year=2021, registry_code="652722").organ_key
              for o in ("精河县人民政府办公室", "县政府办公室", "精河县政府办")}
    assert government == "652722/人民政府" and office == {"652722/人民政府办公室"}


@pytest.mark.parametrize("printed, office", [
    ("区民政局", "民政局"),
    ("發展和改革委員會", "发展改革委员会"),
    ("发改委", "发展改革委员会"),
    ("卫生健康委", "卫生健康委员会"),
    ("人力资源和社会保障局", "人力资源社会保障局"),
    ("人社局", "人力资源社会保障局"),
    ("县人民政府国有资产监督管理委员会", "国有资产监督管理委员会"),
    ("市场监督管理局", "市场监督管理局"),  # 市 here is part of the name, not a tier
    ("乡村振兴局", "乡村振兴局"),
    ("民族宗教事务局(民委)", "民族宗教事务局"),
])
def test_departments_are_keyed_by_their_normalised_name(printed, office):
    from gaar_spiders.divisions.names import fold

    assert office_name(fold(printed)) == office


# --- the registry ---------------------------------------------------------------------------

def test_every_registry_entry_names_its_division():
    for portal in load_registry().values():
        assert registry_problem(portal.division_code, portal.region) is None, portal.name


def test_registry_problems_are_named():
    assert "is in no division list" in registry_problem("123456", "某省某县")
    assert "today's code is 510118" in registry_problem("510132", "四川省成都市新津县")
    assert "it names 150204" in registry_problem("420107", "内蒙古自治区包头市青山区")
