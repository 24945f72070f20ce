"""Scrapy settings for GAAR. Every setting says its default and why.

Every GAAR_* setting is here. A crawl reads them from Scrapy's settings (``-s NAME=VALUE``
overrides); commands that run without Scrapy (gaar parse, gaar reparse …) read the same
defaults through ``gaar_spiders.config``, where an environment variable of the same name
overrides one. This module imports only the standard library (through ``gaar_spiders.machine``), so those commands read it without
loading Scrapy.
"""

from gaar_spiders.machine import usable_cores

BOT_NAME = "gaar"
SPIDER_MODULES = ["gaar_spiders.spiders"]
NEWSPIDER_MODULE = "gaar_spiders.spiders"
# Default None: GAAR's ``scrapy crawl`` checks the spider arguments, GAAR_DB and GAAR_HOST_MAP
# before the crawl starts and says what is wrong in one line (gaar_spiders/commands/crawl.py).
COMMANDS_MODULE = "gaar_spiders.commands"

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
# Never 0 against a real portal: besides the haste, Scrapy 2.19's downloader with no delay may
# start every request queued for a host at once, beyond CONCURRENT_REQUESTS_PER_DOMAIN (it counts
# a request as transferring only once its asyncio task runs; with a delay it starts one at a time).
DOWNLOAD_DELAY = 0.5
# Default off: slow down when a portal slows down.
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
# Default 2 retries on 500/502/503/504/522/524/408/429: one more for flaky county servers.
RETRY_ENABLED = True
RETRY_TIMES = 3
# (DOWNLOAD_TIMEOUT, REDIRECT_MAX_TIMES and DOWNLOAD_MAXSIZE: see the crawl safety block below.)
# Default "": keep Scrapy's log readable in scrapyd.
LOG_LEVEL = "INFO"
# Default True: Scrapy's telnet console, a Python shell into the running crawl on a local port,
# whose password Scrapy prints in the crawl's log, which scrapyd serves at /logs/. Off: GAAR
# never needs it (docs/scrapyd.md, "Authentication"); turn it on for one debugging run only.
TELNETCONSOLE_ENABLED = False
# Default 0 (the same): lists before deep pages is what the request priorities already ask for.
DEPTH_PRIORITY = 0

# --- GAAR's downloader middlewares and extension --------------------------------------------
DOWNLOADER_MIDDLEWARES = {
    # One job a module (gaar_spiders/middlewares/); each reads the request's kind from
    # meta["gaar_kind"]. Replaces Scrapy's offsite filter: redirects into the portal's own
    # disclosure platform (another host of its registrable domain) go through.
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "gaar_spiders.middlewares.PortalOffsiteMiddleware": 50,
    # before HttpProxyMiddleware (750), which sends a mapped request to its local address
    "gaar_spiders.middlewares.HostMapMiddleware": 740,
    # after HttpCompression (590) has inflated the body, before MetaRefresh (580)
    "gaar_spiders.middlewares.ChallengeMiddleware": 587,
    "gaar_spiders.middlewares.CharsetMiddleware": 586,
    # crawl safety: size caps and timeouts per kind of request; the tag bound
    "gaar_spiders.middlewares.SafetyLimitsMiddleware": 555,
    # crawl safety: Scrapy's RetryMiddleware, with GAAR_TIMEOUT_RETRIES for timeouts
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "gaar_spiders.middlewares.TimeoutRetryMiddleware": 550,
    # crawl safety: sees a 3xx before RedirectMiddleware (600)
    "gaar_spiders.middlewares.RedirectLoopMiddleware": 610,
    # a redirect out of the portal is a failure (offsite_redirect), not a silent drop: before
    # RedirectMiddleware (600) builds a request the offsite filter would drop without a word
    "gaar_spiders.middlewares.OffsiteRedirectMiddleware": 605,
}
SPIDER_MIDDLEWARES = {
    # crawl safety: mojibake report pages are recorded, never parsed
    "gaar_spiders.middlewares.MojibakeSpiderMiddleware": 550,
}
EXTENSIONS = {
    # Scrapy's memory guard (MEMUSAGE_*, below), measuring the crawl's current memory, not a peak
    # inherited from the process that started it
    "scrapy.extensions.memusage.MemoryUsage": None,
    "gaar_spiders.extensions.MemoryGuard": 0,
    "gaar_spiders.extensions.CrawlHealth": 500,
    # the crawl's byte budget (GAAR_MAX_CRAWL_BYTES, below): closes it cleanly, recorded
    "gaar_spiders.extensions.CrawlBudget": 510,
    "gaar_spiders.progress.CrawlProgress": 520,
    # feeds (-O items.jsonl) hold pages and failures, not the crawl's bookkeeping items
    "scrapy.extensions.feedexport.FeedExporter": None,
    "gaar_spiders.exports.FeedExporter": 0,
}
# Default (none; Scrapy's LogStats says pages and items every 60 s): a progress line in GAAR's
# words — pages fetched and their rate, reports stored, failures, list pages — every this many
# seconds, and a last one at close (gaar_spiders/progress.py). 0 turns it off.
GAAR_PROGRESS_INTERVAL = 60
# Default {}: Scrapy's feed exports (-O items.jsonl / .json / .csv) serialise GAAR's items through
# their fields' serializers (bytes as sha256:<hex>, a report as its record); CSV gets the columns
# of both item kinds and nested values as JSON (gaar_spiders/exports.py).
FEED_EXPORTERS = {"csv": "gaar_spiders.exports.CsvItemExporter"}
# Default {}: {"www.xjjh.gov.cn": "127.0.0.1:8001"} sends a portal's host elsewhere
# (the demo and the tests map every portal onto the bundled local servers).
GAAR_HOST_MAP = {}
# Default False: refuse every request that is not to a loopback address (tests, demo).
GAAR_LOOPBACK_ONLY = False
# Default True: write a crawl_runs row with the crawl's health at close.
GAAR_HEALTH_ENABLED = True
# Default True: a 年报 or 政府信息公开 link to another host of the portal's registrable domain
# (zwgk.x.gov.cn from www.x.gov.cn, by the public suffix list tldextract ships), or to a
# platform a CMS adapter recognises, is followed as part of the portal; False keeps a crawl
# on the hosts it started from (docs/crawling.md, "Links that leave the host").
GAAR_FOLLOW_PLATFORM_HOSTS = True

# --- Item pipelines and the SQLite database (pipelines/, docs/architecture.md) ----------
# One step a module, in this order; each can be turned off alone by setting it to None. The steps
# that write share the crawl's one connection and its batches (GAAR_COMMIT_*, pipelines/crawler_db.py).
ITEM_PIPELINES = {
    "pipelines.raw.RawStorePipeline": 100,  # raw bytes + provenance, before anything can fail
    "pipelines.read.ReadPipeline": 300,  # decode, cut the chrome, parse, check: one worker trip per page
    "pipelines.store.StorePipeline": 500,  # the report with all its rows (or the page's status), at once
}


# Default: the number of cores the crawl may use (its CPU affinity). The read step (decode,
# cut the chrome, parse: a few ms of CPU a page) runs in this many spawned worker processes, one
# trip per page, so the crawl process keeps downloading and reading pages arrive on every core
# it has: with one worker, a crawl of many portals at once is bound to one core's parsing.
# The crawl process itself mostly waits on the network, so it needs no core of its own.
# 0: read inline, in the crawl process (tests, debugging). See pipelines/workers.py.
GAAR_PARSE_WORKERS = usable_cores()
# Default "gaar.db" (relative to the crawl's working directory). Several scrapyd
# jobs may share one file: give them the same absolute path (-s GAAR_DB=/data/gaar.db).
# (gaar parse, reparse, stats … take the file as --db instead.)
GAAR_DB = "gaar.db"
# Default 60 seconds: how long a writer waits for another job's transaction before
# failing. A crawl holds the write lock for one batch at a time (GAAR_COMMIT_SECONDS below,
# 1 s), so waits are brief.
GAAR_DB_BUSY_TIMEOUT = 60
# Default "NORMAL": in WAL mode a committed report survives any crash of GAAR; only a power
# cut or an OS crash can lose the last commits (never corrupt the file). "FULL" fsyncs every
# commit as well (a crawl commits once per batch: GAAR_COMMIT_* below). (SQLite's PRAGMA
# synchronous; NORMAL, FULL or EXTRA.)
GAAR_DB_SYNCHRONOUS = "NORMAL"
# --- group commits (issue 17; pipelines/storage/batches.py, docs/database.md "Writers and readers at once")
# Default 50 reports or 1 second, whichever comes first: a crawl's writes (raw pages, readings, reports
# with their cells and checks, links, column walks, failures, cross-year checks) go into one
# transaction per batch, committed at these bounds and always at close (spider close, Ctrl-C,
# SIGTERM). A commit per write cost a WAL commit and a trigram-index update each, several per page;
# readers (gaar stats, Datasette) lose at most a second. A crash (kill -9, power cut) loses the open
# batch at most, and the next incremental crawl fetches those pages again. The time bound holds when
# no item arrives (a timer). GAAR_COMMIT_REPORTS=1: a commit after every report; GAAR_COMMIT_SECONDS=0:
# no batches, every write its own transaction (as before). gaar reparse and gaar parse --db batch the
# same way (the environment variables of the same names).
GAAR_COMMIT_REPORTS = 50
GAAR_COMMIT_SECONDS = 1.0
# Default None: the bundled registry of portals (gaar_spiders/portals/registry.json); a path
# to another registry file replaces it, for experiments. Read from the ENVIRONMENT only
# (GAAR_REGISTRY=/path.json scrapy list): the named spiders are made from the registry when
# Scrapy loads the spider modules, before any -s setting is read.
GAAR_REGISTRY = None
# Default None: more registry files, merged with the registry above (a path, or several separated
# by ':'); ~/.config/gaar/portals.json ($XDG_CONFIG_HOME/gaar/portals.json) is merged too when it
# exists. Same format; a name may not repeat one already taken. Environment only, like GAAR_REGISTRY.
GAAR_REGISTRY_EXTRA = None

# === crawl safety (issue 8, docs/safety.md) ===============================================
# Broken and hostile portals must never hang the crawl, blow memory or lose reports.
# Every cap ends the request with a reason in the failures table; the crawl goes on.
# --- time
# Default 180 s: connect + the whole answer of one request. A slow page delays only
# itself; a server that trickles bytes forever is cut off here.
DOWNLOAD_TIMEOUT = 30
# Default: DOWNLOAD_TIMEOUT. The time to DOWNLOAD an attachment (multi-MB PDFs from slow county
# servers get longer); the time to read one is GAAR_EXTRACT_TIMEOUT below.
GAAR_ATTACHMENT_TIMEOUT = 120
# Default (Scrapy) RETRY_TIMES: a request that timed out is tried at most once more, then
# recorded as ``timeout`` (a trickling server would otherwise cost 4 x DOWNLOAD_TIMEOUT).
GAAR_TIMEOUT_RETRIES = 1
# Default 0 (off): the overall budget of one crawl in seconds (Scrapy's CloseSpider
# extension). A crawl ended by it closes with reason ``closespider_timeout``, and its
# crawl_runs row says so (status ``degraded`` at best). E.g. -s CLOSESPIDER_TIMEOUT=21600.
CLOSESPIDER_TIMEOUT = 0
# --- size (enforced while downloading, and on the inflated body of gzip/deflate/br answers)
# Default 1 GiB / 32 MiB: the cap for attachments; reports and their attachments are far smaller.
DOWNLOAD_MAXSIZE = 50 * 1024 * 1024
DOWNLOAD_WARNSIZE = 10 * 1024 * 1024
# Default (none): a report page over 8 MiB is not a report page (the parser refuses the same).
GAAR_MAX_PAGE_BYTES = 8 * 1024 * 1024
# Default (none): home, nav and list pages, and Hanweb XML answers.
GAAR_MAX_LIST_BYTES = 4 * 1024 * 1024
# Default 0: use DOWNLOAD_MAXSIZE. The download cap of an attachment (crawl safety).
GAAR_MAX_ATTACHMENT_BYTES = 0
# --- reading attachments (docs/attachments.md): the caps on what extracting ONE downloaded
# file may cost, enforced in the child process that extracts it (the read step passes them on;
# gaar parse and gaar reparse take GAAR_OCR=1 and the like from the environment).
# Default 30 MiB: a larger attachment is stored but not read (``too_large``). Real reports run
# to a few MB; GAAR_MAX_ATTACHMENT_BYTES above is what the crawl downloads at all.
GAAR_EXTRACT_MAX_BYTES = 30 * 1024 * 1024
# Default 60 s: the time one file may take to convert and extract (``timeout``). Not the download
# time: that is GAAR_ATTACHMENT_TIMEOUT above.
GAAR_EXTRACT_TIMEOUT = 60
# Default 256 MiB: the address space of the extracting child (``failed: memory limit``); a PDF or
# DOCX bomb fails alone, and a compressed stream or DOCX member may inflate to a quarter of it.
# Reading a real 30-page report takes 40-60 MB; the whole crawl's process tree stays under
# 512 MB (docs/safety.md, "Memory"): the crawl ~130 MB, the parse worker ~70-150 MB, and ONE
# extraction at a time (this cap, or LibreOffice converting a .doc: ~210 MB). Raise it for OCR of
# large scans (tesseract runs under it too).
GAAR_EXTRACT_MAX_MEMORY = 256 * 1024 * 1024
# Default 300: a PDF with more pages is not read (``too_large``); reports run to 5-30 pages.
GAAR_PDF_MAX_PAGES = 300
# Default False: run tesseract (chi_sim) on PDFs without a text layer; off, they stay ``needs_ocr``
# (gaar reparse reads them later, with GAAR_OCR=1).
GAAR_OCR = False
# Default "soffice": the LibreOffice binary that converts .doc and .wps to .docx (a name on PATH
# or a path); without it those files stay ``unsupported`` with what to install.
GAAR_DOC_CONVERTER = "soffice"
# Default on with no limit (0): Scrapy's memory guard of the crawl process itself, a last resort
# above what the caps bound (a crawl of the hostile portal peaks at ~130 MB RSS,
# tests/test_safety_crawl.py), checked every 15 s (Scrapy: 60) on the process's current size
# (gaar_spiders.extensions.MemoryGuard). Over the limit it closes the
# crawl with reason ``memusage_exceeded``, which the crawl_runs row records. 256 MB is the crawl's
# share of the 512 MB the whole process tree stays under (docs/safety.md, "Memory").
MEMUSAGE_ENABLED = True
MEMUSAGE_LIMIT_MB = 256
MEMUSAGE_WARNING_MB = 192
MEMUSAGE_CHECK_INTERVAL_SECONDS = 15
# --- loops and traps
# Default 20: a redirect loop stops after 5 hops; a redirect back into its own chain at once
# (RedirectLoopMiddleware), recorded as ``redirect_loop``.
REDIRECT_MAX_TIMES = 5
# --- failed pages and the crawl's byte budget (issue 14, docs/crawling.md "Resuming, back-off, budget")
# Default 20 hours: a report page or attachment that failed (an HTTP error, a timeout, a wall, a
# body that cannot be read) waits this long after its first failure in a row, twice as long after
# each next one (gaar_spiders/crawl/backoff.py): a daily crawl tries it again the next day, then
# after 2, 4, 7, 14 and 27 days. Under a day, so a daily cron job is never a day late; 0: every run.
GAAR_RETRY_BACKOFF_HOURS = 20
# Default 30 days: the longest wait; a page that fails for ever is still tried once a month.
GAAR_RETRY_BACKOFF_MAX_DAYS = 30
# Default 2 GiB: the bytes one crawl may download (bodies as received, all requests). A large
# county's whole 年报 column with its attachments is some hundreds of MB; a portal that serves
# endless or ever-changing bodies is stopped here, cleanly: the crawl closes with reason
# ``gaar_byte_budget``, recorded in its crawl_runs row (degraded). 0: no budget.
GAAR_MAX_CRAWL_BYTES = 2 * 1024 * 1024 * 1024
# Default 200: the most list requests one column walk may send (a trap cannot run forever);
# a walk stopped here leaves a ``list_page_cap`` row (gaar_spiders/cms/walk.py).
GAAR_MAX_LIST_PAGES = 200
# === end of crawl safety ===================================================================

# === distributed crawls (issue 19, docs/distributed.md) ======================================
# Default None: one machine, no Redis (nothing of gaar_spiders/distributed is imported). A Redis
# URL (redis://host:6379/0; scrapy-redis' own REDIS_URL works too) makes `scrapy crawl portal` a
# node that takes whole portals from Redis (`gaar enqueue` fills the queue) and keeps each
# portal's requests there (scrapy-redis' scheduler and dupefilter, persisted), so several
# machines share one crawl and a stopped crawl resumes from Redis.
GAAR_REDIS_URL = None
# Default "gaar": the first part of every Redis key, so several campaigns can share one Redis.
GAAR_REDIS_PREFIX = "gaar"
# Default 2: portals one node crawls at a time (each a Scrapy crawler of its own, polite to its
# portal as on one machine; each has its own parse workers, so mind memory: docs/safety.md).
GAAR_NODE_PORTALS = 2
# Default 60 s: a node renews its heartbeat every third of this; a node silent for this long is
# taken for dead, and its portals and in-flight requests go to the others. Longer than any
# stall of a live node (a long extraction does not stall it: the heartbeat has its own thread).
GAAR_NODE_TTL = 60
# Default 0 s: how long a node with nothing to do (no portal queued, none crawled by any node)
# waits for `gaar enqueue` before it closes; while another node crawls, it always waits (a node
# may die and its portals come back).
GAAR_NODE_IDLE = 0
# Default None: set by the node for its crawlers (host:pid:start); not a setting to give.
GAAR_NODE_ID = None
# === end of distributed crawls ===============================================================
