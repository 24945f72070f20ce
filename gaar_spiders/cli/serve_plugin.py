"""GAAR's Datasette plugin for ``gaar serve``: a server nobody can exhaust with one query.

Datasette's own settings (``serve.LIMITS``) bound time, rows and facets; what they cannot bound
is the size of one value, and the raw bodies GAAR keeps (``pages.body_gzip`` — attachments of up
to 50 MB — and ``failures.body_gzip``) would go into every JSON and HTML page of those tables.
So every connection Datasette opens:

- has SQLite's own length limit (``SQLITE_LIMIT_LENGTH``, ``MAX_VALUE_BYTES``): no string or
  blob larger than it is ever made — ``select zeroblob(400000000)`` is refused ("string or blob
  too big") instead of building 400 MB, and so is any other way to make one;
- reads the raw bodies as NULL (an SQLite authorizer answers ``SQLITE_IGNORE`` for those two
  columns, in tables, views and any SQL alike); the HTML table shows a download link in their
  place, and one page's body is served by ``/-/gaar/{pages|failures}/{id}/body``, streamed from
  the blob in chunks (never held whole), as an attachment that a browser will not render (a
  hostile portal's page must not run as Datasette's origin).
"""

from __future__ import annotations

import sqlite3

import markupsafe
from datasette import hookimpl
from datasette.utils.asgi import Response

from pipelines.storage.reader import RAW_BODY_TABLES as RAW_BODIES  # table -> its key, raw bodies in body_gzip

#: the largest string or blob a query may make (a report's text is some 10-200 KB)
MAX_VALUE_BYTES = 1024 * 1024
BODY_COLUMN = "body_gzip"
#: read and sent in pieces this large
CHUNK = 64 * 1024


def _authorizer(action, arg1, arg2, database, source):
    if action == sqlite3.SQLITE_READ and arg2 == BODY_COLUMN and arg1 in RAW_BODIES:
        return sqlite3.SQLITE_IGNORE  # the column reads as NULL
    return sqlite3.SQLITE_OK


@hookimpl
def prepare_connection(conn, database, datasette):
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    conn.set_authorizer(_authorizer)


def body_url(datasette, database: str, table: str, row_id) -> str:
    return datasette.urls.path(f"/-/gaar/{database}/{table}/{row_id}/body")


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if column != BODY_COLUMN or table not in RAW_BODIES:
        return None
    try:
        row_id = row[RAW_BODIES[table]]
    except (IndexError, KeyError):
        return markupsafe.Markup("<em>hidden: raw body</em>")
    return markupsafe.Markup('<a href="{}">download the raw body</a>').format(
        body_url(datasette, database, table, row_id))


async def serve_body(request, send, datasette):
    """One stored body, inflated as it is read from the blob (storage's ``Reader.raw_body``), as a
    download."""
    from pipelines.storage import Reader

    database, table = request.url_vars["database"], request.url_vars["table"]
    if table not in RAW_BODIES or database not in datasette.databases:
        return Response.text("not found", status=404)
    if not await datasette.permission_allowed(request.actor, "view-table", resource=(database, table), default=True):
        return Response.text("forbidden", status=403)
    with Reader(datasette.databases[database].path) as reader:
        found = reader.raw_body(table, int(request.url_vars["row_id"]), chunk=CHUNK)
        if found is None:
            return Response.text("no stored body", status=404)
        content_type, pieces = found
        await send({"type": "http.response.start", "status": 200, "headers": [
            [b"content-type", content_type.encode("latin-1", "replace")],
            [b"content-disposition", f'attachment; filename="{table}-{request.url_vars["row_id"]}.body"'.encode()],
            [b"x-content-type-options", b"nosniff"],
            [b"content-security-policy", b"sandbox; default-src 'none'"],
        ]})
        for piece in pieces:
            await send({"type": "http.response.body", "body": piece, "more_body": True})
        await send({"type": "http.response.body", "body": b"", "more_body": False})
    return None


@hookimpl
def register_routes():
    return [(r"^/-/gaar/(?P<database>[^/]+)/(?P<table>[a-z_]+)/(?P<row_id>[0-9]+)/body$", serve_body)]
