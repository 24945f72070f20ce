"""Scrapy settings for GAAR. Every setting says its default and why."""

BOT_NAME = "gaar"
SPIDER_MODULES = ["gaar_spiders.spiders"]
NEWSPIDER_MODULE = "gaar_spiders.spiders"

# --- Politeness: government servers are slow and small ------------------------------------
# Scrapy's default UA hides who we are; GAAR says so, with where to read about it.
USER_AGENT = "GAAR/0.1 (research crawler of 政府信息公开工作年度报告; see the project README)"
# Default True in new Scrapy projects: obey robots.txt. A registry entry may turn it off
# only with a robots_reason (validated when the registry loads).
ROBOTSTXT_OBEY = True
# Default 16 / 8: at most 2 requests at a time to one portal.
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
# Default 0: half a second between requests to one portal (AutoThrottle adapts from there).
DOWNLOAD_DELAY = 0.5
# Default off: slow down when a portal slows down.
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
# Default 180 s: a slow page should delay only itself.
DOWNLOAD_TIMEOUT = 30
# Default 2 retries on 500/502/503/504/522/524/408/429: one more for flaky county servers.
RETRY_ENABLED = True
RETRY_TIMES = 3
# Default 20: a redirect loop stops after 5 hops.
REDIRECT_MAX_TIMES = 5
# Default 1 GiB / 32 MiB: reports and their attachments are far smaller.
DOWNLOAD_MAXSIZE = 50 * 1024 * 1024
DOWNLOAD_WARNSIZE = 10 * 1024 * 1024
# Default "": keep Scrapy's log readable in scrapyd.
LOG_LEVEL = "INFO"
# Default BFO: lists before deep pages is what the priorities already ask for.
DEPTH_PRIORITY = 0
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"

# --- GAAR's downloader middlewares and extension --------------------------------------------
DOWNLOADER_MIDDLEWARES = {
    # highest number: maps last on the way out, restores the real URL first on the way back
    "gaar_spiders.middlewares.HostMapMiddleware": 950,
    # after HttpCompression (590) has inflated the body, before MetaRefresh (580)
    "gaar_spiders.middlewares.ChallengeMiddleware": 587,
    "gaar_spiders.middlewares.CharsetMiddleware": 586,
}
EXTENSIONS = {
    "gaar_spiders.extensions.CrawlHealth": 500,
}
# Default {}: {"www.xjjh.gov.cn": "127.0.0.1:8001"} sends a portal's host elsewhere
# (the demo and the tests map every portal onto the bundled local servers).
GAAR_HOST_MAP = {}
# Default False: refuse every request that is not to a loopback address (tests, demo).
GAAR_LOOPBACK_ONLY = False
# Default 200: the most list pages one column walk may fetch (a trap cannot run forever).
GAAR_MAX_LIST_PAGES = 200
# Default 1: chrome stripping and parsing run in this many worker processes, so the
# crawl keeps downloading meanwhile (0: inline, in the crawl process). See pipelines/workers.py.
GAAR_PARSE_WORKERS = 1
# Default True: write a crawl_runs row with the crawl's health at close.
GAAR_HEALTH_ENABLED = True

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
