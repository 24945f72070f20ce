"""Which division a report's office belongs to (``division_code``) and which office it is
(``organ_key``), stable across spellings and years.

The division comes from, in order of trust: the registry entry of the portal crawled,
the page's ``SiteIDCode`` (its first six digits), the areas the organ (or the
report's region) names. The organ's own names refine that context (a township
inside the county, a county inside a prefecture's site) or, when there is no
context, are all there is. A stale code is mapped forward (新津县 510132 → 510118).
Nothing is guessed: a name that fits several divisions, a code in no list (a
development zone's own code) or a split county give a NULL code and a reason.

``organ_key`` is ``<division_code>/<office>``: the office folded so that the same
office prints one key (``words.py``): 道外区巨源镇人民政府, 巨源镇人民政府 and 巨源镇
on the 道外区 portal are all ``230104113000/人民政府``; 区民政局 and 青山区民政局 on the
武汉 portal are ``420107/民政局``; the 人民政府办公室 keeps its own key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from . import words as W
from .names import fold, named_areas
from .table import COUNTY, Tables, Township, contains, load

SOURCES = ("registry", "site_id_code", "report")
_SITE_ID = re.compile(r"^(\d{6})\d{4}$")
_TOWNSHIP_NAME = re.compile(r"^(.{1,12}?(?:" + "|".join(W.TOWNSHIP_ENDINGS) + "))")
_TRAILING_ALIAS = re.compile(r"\([^()]*\)$")


@dataclass(frozen=True)
class Identity:
    """Where an office is and which office it is; ``reason`` says what could not be settled."""

    division_code: Optional[str] = None
    organ_key: Optional[str] = None
    #: which source gave the division: registry, site_id_code or report (its organ or region)
    source: Optional[str] = None
    reason: Optional[str] = None


def site_id_prefix(site_id_code: Optional[str]) -> Optional[str]:
    """The owning government's code in a 网站标识码 (6 digits + a 4-digit serial); None for the
    central ministries' ``bm…`` codes and anything else."""
    m = _SITE_ID.match((site_id_code or "").strip())
    return m[1] if m else None


def identify(organ: Optional[str], *, level: Optional[str] = None, year: Optional[int] = None,
             region: Optional[str] = None, registry_code: Optional[str] = None,
             site_id_code: Optional[str] = None, tables: Optional[Tables] = None) -> Identity:
    """The division and the office key of one report.

    ``organ`` is the office as the report names it (None when the report does not name it:
    the division may still be known, the key is not); ``level`` the parser's level;
    ``region`` the report's region; ``registry_code`` the crawled portal's entry;
    ``site_id_code`` the page's SiteIDCode meta tag.
    """
    T = tables or load()
    notes: list[str] = []
    context, source = _context(T, registry_code, site_id_code, notes)
    text = fold(organ)
    chain, rest = named_areas(text, T, year)
    if not chain and region:
        chain = named_areas(fold(region), T, year)[0]
    division = _division(T, context, source, chain, rest, notes)
    if division is None:
        return Identity(None, None, None if not context else source, "; ".join(notes) or "no division found")
    source = source if context else "report"
    if not organ:
        notes.append("the report does not name its office, so it has no organ_key")
        return Identity(division, None, source, "; ".join(notes))
    code, office = _office(T, division, rest, level, notes)
    return Identity(code, f"{code}/{office}" if office else None, source, "; ".join(notes) or None)


def _context(T: Tables, registry_code, site_id_code, notes) -> tuple[Optional[str], Optional[str]]:
    """The division the portal or the page says it belongs to (registry first)."""
    context = source = None
    if registry_code:
        context, why = T.forward(str(registry_code))
        if context:
            source = "registry"
        else:
            notes.append(f"the portal's registry code {registry_code}: {why}")
    if site_id_code:
        prefix = site_id_prefix(site_id_code)
        current, why = T.forward(prefix) if prefix else (None, "names no local division (a central ministry's or an unknown form)")
        if not current:
            if not context:
                suffix = " (a development zone's own code?)" if prefix and not T.known(prefix) else ""
                notes.append(f"SiteIDCode {site_id_code}: {why}{suffix}")
        elif context and not (contains(current, context) or contains(context, current)):
            notes.append(f"SiteIDCode {site_id_code} ({current} {T.full_name(current)}) disagrees with the portal's "
                         f"registry entry ({context} {T.full_name(context)}); the registry entry is kept")
        elif not context:
            context, source = current, "site_id_code"
    return context, source


def _describe(T: Tables, codes) -> str:
    return ", ".join(f"{c} ({T.full_name(c)})" for c in codes)


def _division(T: Tables, context, source, chain, rest, notes) -> Optional[str]:
    """The 6-digit division: the context, refined (or, without one, given) by the names."""
    named = chain[-1] if chain else None
    for link in chain:
        notes.extend(link.problems)
    if context is None:
        if named is None:
            notes.append("the organ names no division and no portal entry or SiteIDCode gives one")
            return None
        if len(named.codes) == 1:
            return named.codes[0]
        if named.codes:
            notes.append(f"{named.name} is ambiguous by name alone: {_describe(T, named.codes)}")
        return None
    if named is None or not named.codes:
        return context
    fitting = [c for c in named.codes if contains(c, context) or contains(context, c)]
    if not fitting:
        notes.append(f"the report names {named.name} ({_describe(T, named.codes)}), outside the {source.replace('_', ' ')} "
                     f"division {context} ({T.full_name(context)}); that division is kept")
        return context
    if len(fitting) > 1:
        notes.append(f"{named.name} is ambiguous within {context} ({T.full_name(context)}): {_describe(T, fitting)}")
        return None
    code = fitting[0]
    # a superior's office with a branch here (重庆市生态环境局大足区分局) belongs here
    if code != context and contains(code, context) and (T.name_of(context) or "\0") in rest:
        return context
    return code


def _office(T: Tables, division: str, rest: str, level, notes) -> tuple[str, str]:
    """(the division code, refined to a township's 12 digits where it resolves; the office key)."""
    if T.level_of(division) != COUNTY:
        return division, office_name(rest)
    township, after = match_township(T, division, rest)
    if township:
        return township.code, office_name(after)
    m = _TOWNSHIP_NAME.match(rest)
    if m and (level == "township" or _is_government(rest[m.end():])):
        name = m[1]
        if T.has_township_list(division):
            notes.append(f"township {name} is not in the township list of {division} ({T.full_name(division)}); "
                         "the county code is kept")
        else:
            notes.append(f"no township list for {division} ({T.full_name(division)}); the county code is kept")
        return division, name + office_name(rest[m.end():])
    return division, office_name(rest, T.name_of(division))


def match_township(T: Tables, county: str, rest: str) -> tuple[Optional[Township], str]:
    """The township of ``county`` that ``rest`` starts with (longest name; a listed one before an
    abolished one), and what follows its name."""
    best: Optional[tuple[int, bool, Township, str]] = None
    for t in T.townships_of(county):
        for printed in _printed_forms(t.name):
            if rest.startswith(printed):
                candidate = (len(printed), not t.revoked, t, rest[len(printed):])
                if best is None or candidate[:2] > best[:2]:
                    best = candidate
    return (best[2], best[3]) if best else (None, rest)


def _printed_forms(name: str) -> tuple[str, ...]:
    if name.endswith("街道"):
        core = name[:-2]
        return tuple(core + form for form in W.STREET_FORMS)
    return (name,)


def _is_government(office: str) -> bool:
    return office in W.GOVERNMENT_FORMS or office in W.GENERAL_OFFICE_FORMS


def office_name(rest: str, area_name: Optional[str] = None) -> str:
    """The office part of an organ's name, folded: 人民政府, 人民政府办公室, or a department's name
    without its area, tier, connectors and short forms (区发改委 → 发展改革委员会)."""
    s = _TRAILING_ALIAS.sub("", rest)
    if len(s) > 1 and s[0] in W.TIER_CHARS and not s.startswith(W.TIER_WORD_STARTS):
        s = s[1:]  # 区民政局: the district's 民政局
    if s in W.GOVERNMENT_FORMS:
        return W.GOVERNMENT
    if s in W.GENERAL_OFFICE_FORMS:
        return W.GENERAL_OFFICE
    for government in ("人民政府", "政府"):
        if s.startswith(government) and len(s) > len(government):
            s = s[len(government):]  # 县人民政府国有资产监督管理委员会: the department itself
            break
    if area_name and s.endswith(area_name + W.BRANCH_ENDING):
        s = s[: -len(area_name + W.BRANCH_ENDING)]  # 生态环境局大足区分局: the county's bureau
    s = s[:1] + "".join(ch for ch in s[1:] if ch not in W.CONNECTORS)
    s = W.DEPARTMENT_SHORT_NAMES.get(s, s)
    for short, full in W.ENDING_FORMS:
        if s.endswith(short) and not s.endswith(full):
            s = s[: -len(short)] + full
            break
    return s


def registry_problem(code: str, region: str, tables: Optional[Tables] = None) -> Optional[str]:
    """Why a registry entry's ``division_code`` and ``region`` do not fit the division tables, or None.

    The code must be in force and the region must name exactly that division
    (青山区 alone is two divisions; 湖北省武汉市青山区 is 420107)."""
    T = tables or load()
    current = T.current(code)
    if current is None:
        if T.known(code):
            today, why = T.forward(code)
            hint = f"today's code is {today} ({T.full_name(today)})" if today else why
            return f"division_code {code} is no longer in force: {hint}"
        return f"division_code {code} is in no division list"
    chain, rest = named_areas(fold(region), T)
    named = chain[-1].codes if chain else ()
    if rest or named != (code,):
        return (f"region {region!r} does not name division {code} ({T.full_name(code)})"
                + (f"; it names {_describe(T, named)}" if named and not rest else ""))
    return None


def identify_report(report, hints=None, page_meta=None) -> Identity:
    """The identity of a parsed report where it was found: ``hints`` are the spider's (the registry
    entry's ``division_code`` and ``region``), ``page_meta`` the page's meta tags (``SiteIDCode``).
    The organ is the report's own (never the portal's, which would make every department the county)."""
    hints, page_meta = hints or {}, page_meta or {}
    return identify(report.organ, level=report.level, year=report.year,
                    region=report.region or hints.get("region"), registry_code=hints.get("division_code"),
                    site_id_code=page_meta.get("SiteIDCode"))


def with_identity(report, hints=None, page_meta=None):
    """Set the report's ``division_code``, ``organ_key``, ``division_source`` and ``division_reason``."""
    found = identify_report(report, hints, page_meta)
    report.division_code, report.organ_key = found.division_code, found.organ_key
    report.division_source, report.division_reason = found.source, found.reason
    return report
