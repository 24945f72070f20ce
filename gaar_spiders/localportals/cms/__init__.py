"""One builder per CMS family: how its lists, pagination and article pages look."""

from .generic import GenericBuilder
from .hanweb import HanwebBuilder
from .trs import TRSBuilder

BUILDERS = {"trs": TRSBuilder, "hanweb": HanwebBuilder, "generic": GenericBuilder}
