"""The portal registry: one data entry per portal, validated when loaded.

A portal is data; a new portal should rarely need new code. The registry is
package data (read with importlib.resources, so it works inside a scrapyd
egg); ``GAAR_REGISTRY`` (a path) replaces it for local experiments.
"""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Optional
from urllib.parse import urlsplit

from gaar_spiders.divisions.resolve import registry_problem

_NAME = re.compile(r"^[a-z][a-z0-9_]{1,31}$")
_DIVISION = re.compile(r"^\d{6}$")
_POLITENESS_KEYS = {"download_delay": float, "concurrent_requests_per_domain": int, "autothrottle_target": float}


def cms_names() -> tuple[str, ...]:
    """What ``cms`` accepts: a CMS adapter's name (it pins that adapter) or ``unknown`` (detect)."""
    from gaar_spiders import cms

    return (*cms.names(), cms.DETECT)


class RegistryError(ValueError):
    """A registry entry is malformed; the message names the entry and the field."""


@dataclass(frozen=True)
class Portal:
    name: str
    organ: str
    region: str
    division_code: str
    root_url: str
    column_urls: tuple[str, ...] = ()
    cms: str = "unknown"
    encoding: Optional[str] = None
    politeness: dict = field(default_factory=dict)
    obey_robots: bool = True
    robots_reason: Optional[str] = None
    note: str = ""

    @property
    def hosts(self) -> tuple[str, ...]:
        hosts = [urlsplit(self.root_url).hostname] + [urlsplit(u).hostname for u in self.column_urls]
        return tuple(dict.fromkeys(h for h in hosts if h))

    @property
    def start_urls(self) -> tuple[str, ...]:
        return self.column_urls or (self.root_url,)

    def hints(self) -> dict:
        return {"portal": self.name, "portal_organ": self.organ, "region": self.region,
                "division_code": self.division_code}


def _url(value, where: str) -> str:
    parts = urlsplit(value) if isinstance(value, str) else None
    if not parts or parts.scheme not in ("http", "https") or not parts.hostname:
        raise RegistryError(f"{where}: must be an absolute http(s) URL, got {value!r}")
    return value


def validate_entry(raw: dict) -> Portal:
    name = raw.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise RegistryError(f"portal {name!r}: name must match {_NAME.pattern}")
    where = f"portal {name!r}"
    unknown = set(raw) - {f for f in Portal.__dataclass_fields__}
    if unknown:
        raise RegistryError(f"{where}: unknown fields {sorted(unknown)}")
    for key in ("organ", "region"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise RegistryError(f"{where}: {key} is required")
    if not _DIVISION.match(str(raw.get("division_code", ""))):
        raise RegistryError(f"{where}: division_code must be the 6-digit administrative division code")
    problem = registry_problem(str(raw["division_code"]), raw["region"])
    if problem:  # the code must exist and the region must name it (青山区 alone is 150204 and 420107)
        raise RegistryError(f"{where}: {problem}")
    root = _url(raw.get("root_url"), f"{where}: root_url")
    columns = tuple(_url(u, f"{where}: column_urls") for u in raw.get("column_urls") or ())
    cms = raw.get("cms", "unknown")
    if cms not in cms_names():
        raise RegistryError(f"{where}: cms must be one of {cms_names()}, got {cms!r}")
    encoding = raw.get("encoding")
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise RegistryError(f"{where}: unknown encoding {encoding!r}") from None
    politeness = dict(raw.get("politeness") or {})
    for key, value in politeness.items():
        if key not in _POLITENESS_KEYS:
            raise RegistryError(f"{where}: politeness.{key} is not one of {sorted(_POLITENESS_KEYS)}")
        try:
            politeness[key] = _POLITENESS_KEYS[key](value)
        except (TypeError, ValueError):
            raise RegistryError(f"{where}: politeness.{key} must be a number") from None
    obey = raw.get("obey_robots", True)
    if not isinstance(obey, bool):
        raise RegistryError(f"{where}: obey_robots must be true or false")
    reason = raw.get("robots_reason")
    if not obey and not (isinstance(reason, str) and reason.strip()):
        raise RegistryError(f"{where}: obey_robots is false, so robots_reason must say why")
    return Portal(name=name, organ=raw["organ"], region=raw["region"], division_code=str(raw["division_code"]),
                  root_url=root, column_urls=columns, cms=cms, encoding=encoding, politeness=politeness,
                  obey_robots=obey, robots_reason=reason, note=raw.get("note", ""))


def parse_registry(text: str) -> dict[str, Portal]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RegistryError(f"the registry is not valid JSON: {exc}") from None
    entries = data.get("portals") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise RegistryError('the registry must be an object with a "portals" list')
    portals: dict[str, Portal] = {}
    for raw in entries:
        if not isinstance(raw, dict):
            raise RegistryError(f"a registry entry must be an object, got {raw!r}")
        portal = validate_entry(raw)
        if portal.name in portals or portal.name == "portal":
            raise RegistryError(f"portal {portal.name!r}: the name is taken")
        portals[portal.name] = portal
    return portals


@lru_cache(maxsize=4)
def load_registry(path: Optional[str] = None) -> dict[str, Portal]:
    """The registry at ``path``, else the ``GAAR_REGISTRY`` setting's (environment only, see
    settings.py), else the bundled one."""
    from gaar_spiders import config

    path = path or config.setting("GAAR_REGISTRY")
    if path:
        with open(path, encoding="utf-8") as fh:
            return parse_registry(fh.read())
    text = resources.files(__name__).joinpath("registry.json").read_text(encoding="utf-8")
    return parse_registry(text)
