"""Crawling knowledge that is not Scrapy code and not one CMS family's: what a link is
(``links``), which hosts belong to a portal (``hosts``), what an incremental run skips
(``known``). Families live in ``gaar_spiders/cms/``.

Small pure functions, each tested alone; the spider and the adapters compose them.
"""
