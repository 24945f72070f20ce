"""China's administrative divisions, bundled: which division a report's office belongs to.

``identify`` gives a report its ``division_code`` (county level, or a township's
12 digits) and ``organ_key`` (the same office across spellings and years);
``registry_problem`` checks a portal registry entry against the divisions. The
tables (``table.py``) are loaded once per process from ``data/`` (sources and
licences in ``data/SOURCES.md``).
"""

from .resolve import (  # noqa: F401
    Identity, identify, identify_report, office_name, registry_problem, site_id_prefix, with_identity,
)
from .table import load  # noqa: F401

__all__ = ["Identity", "identify", "identify_report", "load", "office_name", "registry_problem", "site_id_prefix",
           "with_identity"]
