"""Scrapy settings for GAAR. Every setting says its default and why."""

BOT_NAME = "gaar"
SPIDER_MODULES = ["gaar_spiders.spiders"]
NEWSPIDER_MODULE = "gaar_spiders.spiders"

# --- Storage: item pipelines and the SQLite database (issue 3, pipelines/) -----------
# One step a module, in this order; each can be turned off alone by setting it to None.
ITEM_PIPELINES = {
    "pipelines.raw.RawStorePipeline": 100,  # raw bytes + provenance, before anything can fail
    "pipelines.chrome.ChromePipeline": 200,  # page chrome off (decode only until stripping lands)
    "pipelines.parse.ParsePipeline": 300,  # the shared parser; failures become statuses
    "pipelines.checks.ChecksPipeline": 400,  # the report's own arithmetic
    "pipelines.store.StorePipeline": 500,  # one transaction per report
}
# Default "gaar.db" (relative to the crawl's working directory). Several scrapyd
# jobs may share one file: give them the same absolute path (-s GAAR_DB=/data/gaar.db).
GAAR_DB = "gaar.db"
# Default 60 seconds: how long a writer waits for another job's transaction before
# failing. Reports are written in short transactions, so waits are brief.
GAAR_DB_BUSY_TIMEOUT = 60
# --- end of storage settings ------------------------------------------------------------
