"""The portal registry: one data entry per portal, validated when loaded.

A portal is data; a new portal should rarely need new code. The registry is
package data (read with importlib.resources, so it works inside a scrapyd
egg); ``GAAR_REGISTRY`` (a path) replaces it for local experiments. A user adds
portals without touching the package: ``~/.config/gaar/portals.json`` and the
files ``GAAR_REGISTRY_EXTRA`` names are merged with it, and every problem of every
entry is reported at once.
"""

from __future__ import annotations

import codecs
import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Optional
from urllib.parse import urlsplit

from gaar_spiders.errors import RegistryError  # noqa: F401 (raised here; imported from here too)

_NAME = re.compile(r"^[a-z][a-z0-9_]{1,31}$")
_DIVISION = re.compile(r"^\d{6}$")
_POLITENESS_KEYS = {"download_delay": float, "concurrent_requests_per_domain": int, "autothrottle_target": float}


def cms_names() -> tuple[str, ...]:
    """What ``cms`` accepts: a CMS adapter's name (it pins that adapter) or ``unknown`` (detect)."""
    from gaar_spiders import cms

    return (*cms.names(), cms.DETECT)


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


def _url_problem(value, where: str) -> Optional[str]:
    parts = urlsplit(value) if isinstance(value, str) else None
    if not parts or parts.scheme not in ("http", "https") or not parts.hostname:
        return f"{where}: must be an absolute http(s) URL, got {value!r}"
    return None


def entry_problems(raw: dict) -> list[str]:
    """Every problem of one registry entry (none: it is valid), each naming the entry and field."""
    name = raw.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        return [f"portal {name!r}: name must match {_NAME.pattern}"]
    where = f"portal {name!r}"
    problems = []
    unknown = set(raw) - {f for f in Portal.__dataclass_fields__}
    if unknown:
        problems.append(f"{where}: unknown fields {sorted(unknown)}")
    for key in ("organ", "region"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            problems.append(f"{where}: {key} is required")
    if not _DIVISION.match(str(raw.get("division_code", ""))):
        problems.append(f"{where}: division_code must be the 6-digit administrative division code")
    elif isinstance(raw.get("region"), str) and raw["region"].strip():
        # the division tables load only when a registry entry is checked: `gaar parse` (which
        # imports this module for RegistryError) never pays for them
        from gaar_spiders.divisions.resolve import registry_problem

        problem = registry_problem(str(raw["division_code"]), raw["region"])
        if problem:  # the code must exist and the region must name it (青山区 alone is 150204 and 420107)
            problems.append(f"{where}: {problem}")
    problems += filter(None, [_url_problem(raw.get("root_url"), f"{where}: root_url")])
    columns = raw.get("column_urls") or ()
    if not isinstance(columns, (list, tuple)):
        problems.append(f"{where}: column_urls must be a list of URLs")
    else:
        problems += filter(None, [_url_problem(u, f"{where}: column_urls") for u in columns])
    cms = raw.get("cms", "unknown")
    if cms not in cms_names():
        problems.append(f"{where}: cms must be one of {cms_names()}, got {cms!r}")
    encoding = raw.get("encoding")
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except (LookupError, TypeError):
            problems.append(f"{where}: unknown encoding {encoding!r}")
    politeness = raw.get("politeness") or {}
    if not isinstance(politeness, dict):
        problems.append(f"{where}: politeness must be an object")
        politeness = {}
    for key, value in politeness.items():
        if key not in _POLITENESS_KEYS:
            problems.append(f"{where}: politeness.{key} is not one of {sorted(_POLITENESS_KEYS)}")
            continue
        try:
            number = _POLITENESS_KEYS[key](value)
        except (TypeError, ValueError):
            problems.append(f"{where}: politeness.{key} must be a number")
            continue
        if number <= 0:
            # a delay of 0 is not only rude: Scrapy 2.19's downloader then starts every request queued
            # for a host at once, beyond concurrent_requests_per_domain (settings.py, DOWNLOAD_DELAY)
            problems.append(f"{where}: politeness.{key} must be more than 0, got {value!r}")
    obey = raw.get("obey_robots", True)
    if not isinstance(obey, bool):
        problems.append(f"{where}: obey_robots must be true or false")
    reason = raw.get("robots_reason")
    if obey is False and not (isinstance(reason, str) and reason.strip()):
        problems.append(f"{where}: obey_robots is false, so robots_reason must say why")
    return problems


def validate_entry(raw: dict) -> Portal:
    problems = entry_problems(raw)
    if problems:
        raise RegistryError("; ".join(problems))
    politeness = {k: _POLITENESS_KEYS[k](v) for k, v in (raw.get("politeness") or {}).items()}
    return Portal(name=raw["name"], organ=raw["organ"], region=raw["region"], division_code=str(raw["division_code"]),
                  root_url=raw["root_url"], column_urls=tuple(raw.get("column_urls") or ()),
                  cms=raw.get("cms", "unknown"), encoding=raw.get("encoding"), politeness=politeness,
                  obey_robots=raw.get("obey_robots", True), robots_reason=raw.get("robots_reason"),
                  note=raw.get("note", ""))


def _entries(text: str, source: str) -> tuple[list, list[str]]:
    """The raw entries of one registry file, or the problem that it has none."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return [], [f"{source} is not valid JSON: {exc}"]
    entries = data.get("portals") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return [], [f'{source} must be an object with a "portals" list']
    return entries, []


def parse_registries(sources: list[tuple[str, str]]) -> dict[str, Portal]:
    """The portals of several registry files ``[(text, where it came from)]``, the first the base.

    Every problem of every file and entry is collected and raised at once (a user adding
    five portals sees all their mistakes in one go, not one per try). A name must be
    unique across the files (and ``portal`` is the generic spider's).
    """
    portals: dict[str, Portal] = {}
    origin: dict[str, str] = {}
    problems: list[str] = []
    for text, source in sources:
        entries, found = _entries(text, source)
        problems += found
        for raw in entries:
            if not isinstance(raw, dict):
                problems.append(f"{source}: a registry entry must be an object, got {raw!r}")
                continue
            entry_errors = entry_problems(raw)
            name = raw.get("name")
            if isinstance(name, str) and (name in origin or name == "portal"):
                taken = f"by {origin[name]}" if name in origin else "by the generic spider"
                entry_errors.append(f"portal {name!r}: the name is taken {taken}")
            if entry_errors:
                problems += [f"{source}: {e}" if len(sources) > 1 else e for e in entry_errors]
                continue
            portals[name] = validate_entry(raw)
            origin[name] = source
    if problems:
        raise RegistryError(problems[0] if len(problems) == 1 else
                            f"{len(problems)} problems in the portal registry:\n  " + "\n  ".join(problems))
    return portals


def parse_registry(text: str) -> dict[str, Portal]:
    return parse_registries([(text, "the registry")])


def user_registry_paths() -> list[Path]:
    """The user's own registry files, merged with the bundled one: ``GAAR_REGISTRY_EXTRA`` (a path,
    or several separated by ``os.pathsep``) and ``~/.config/gaar/portals.json``
    (``$XDG_CONFIG_HOME/gaar/portals.json``) when it exists."""
    from gaar_spiders import config

    paths = [Path(p).expanduser() for p in str(config.setting("GAAR_REGISTRY_EXTRA") or "").split(os.pathsep) if p]
    home = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    default = home / "gaar" / "portals.json"
    if default.is_file() and default not in paths:
        paths.append(default)
    return paths


@lru_cache(maxsize=4)
def load_registry(path: Optional[str] = None) -> dict[str, Portal]:
    """The registry at ``path``, else the ``GAAR_REGISTRY`` setting's (environment only, see
    settings.py), else the bundled one — with the user's registry files added
    (``user_registry_paths``: a portal added without editing the packaged JSON)."""
    from gaar_spiders import config

    path = path or config.setting("GAAR_REGISTRY")
    if path:
        with open(path, encoding="utf-8") as fh:
            sources = [(fh.read(), str(path))]
    else:
        sources = [(resources.files(__name__).joinpath("registry.json").read_text(encoding="utf-8"),
                    "the bundled registry")]
    for extra in user_registry_paths():
        try:
            sources.append((extra.read_text(encoding="utf-8"), str(extra)))
        except OSError as exc:
            raise RegistryError(f"cannot read the registry file {extra}: {exc.strerror or exc}") from None
    return parse_registries(sources)
