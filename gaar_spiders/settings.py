"""Scrapy settings for GAAR. Every setting says its default and why."""

BOT_NAME = "gaar"
SPIDER_MODULES = ["gaar_spiders.spiders"]
NEWSPIDER_MODULE = "gaar_spiders.spiders"
