"""Errors a user is told in one line (``gaar`` and ``scrapy crawl`` print the message, exit 2).

A module of its own, importing nothing: ``gaar``'s entry point catches these for every command,
and must not load what raises them (the portal registry, its division tables) to do so.
"""


class RegistryError(ValueError):
    """A registry entry is malformed; the message names the entry and the field."""
