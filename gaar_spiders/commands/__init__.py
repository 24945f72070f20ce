"""GAAR's Scrapy commands (``COMMANDS_MODULE`` in settings.py): ``scrapy crawl`` with a preflight.

Scrapy lets a project replace a command by naming a module of its own; scrapyd's runner
goes through the same ``scrapy.cmdline``, so its jobs get the same checks.
"""
