"""Group commits (issue 17): a writer's items go into one transaction per batch, committed at 50
reports or 1 s, whichever comes first, and at close; a reader sees committed batches only.

These run ``GroupCommit`` on a real SQLite file with a second, read-only connection as the reader,
a clock the test moves and a timer the test fires (the crawl's timer is the reactor's; the kill
tests in ``test_resume_kill.py`` run the real crawl)."""

from __future__ import annotations

import sqlite3

import pytest

from pipelines.storage import Storage
from pipelines.storage.batches import GroupCommit, from_settings, settings_problem
from tests.storage_support import make_report


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Timers:
    """``schedule(delay, function)`` as the crawl's ``call_later``: the test fires the calls."""

    def __init__(self):
        self.pending: list[list] = []

    def __call__(self, delay, function):
        entry = [delay, function, True]
        self.pending.append(entry)

        class Handle:
            def cancel(self_inner):
                entry[2] = False
        return Handle()

    def fire(self) -> int:
        fired = 0
        for entry in list(self.pending):
            self.pending.remove(entry)
            if entry[2]:
                entry[1]()
                fired += 1
        return fired


@pytest.fixture
def storage(tmp_path):
    with Storage(str(tmp_path / "gaar.db")) as s:
        yield s


def committed(storage: Storage, sql: str = "SELECT count(*) FROM reports") -> int:
    """What another process sees: a read-only connection of its own."""
    conn = sqlite3.connect(f"file:{storage.path}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def store_report(storage: Storage, batch: GroupCommit, i: int, **kw) -> str:
    """One crawl item: a page and its report, written as the pipelines write them."""
    report = make_report(organ=f"测试{i}镇人民政府", seed=i, **kw)
    with batch.item():
        page_id = storage.save_page({"url": f"https://t.gov.cn/{i}.html", "body": report.body_text.encode(),
                                     "spider": "t", "run_id": "run-1"})
        storage.save_report(report, page_id)
        batch.add_reports()
    return report.report_id


def test_a_batch_is_committed_when_it_holds_the_reports_bound_and_not_before(storage):
    batch = GroupCommit(storage, reports=3, seconds=60, clock=Clock())
    for i in range(2):
        store_report(storage, batch, i)
    assert committed(storage) == 0 and batch.open  # written, not committed: readers do not see it yet
    assert storage.conn.execute("SELECT count(*) FROM reports").fetchone()[0] == 2  # the writer does
    store_report(storage, batch, 2)
    assert committed(storage) == 3 and not batch.open
    assert committed(storage, "SELECT count(*) FROM cells") == storage.conn.execute(
        "SELECT count(*) FROM cells").fetchone()[0] > 0


def test_the_time_bound_commits_at_the_next_item_and_by_the_timer_when_none_comes(storage):
    clock, timers = Clock(), Timers()
    batch = GroupCommit(storage, reports=50, seconds=1.0, clock=clock, schedule=timers)
    store_report(storage, batch, 0)
    assert [t[0] for t in timers.pending] == [1.0]  # the batch's timer, set when it opened
    clock.now += 1.0
    store_report(storage, batch, 1)  # an item after the bound: committed with it
    assert committed(storage) == 2 and not batch.open
    assert timers.fire() == 0  # that batch's timer was cancelled by its commit

    store_report(storage, batch, 2)  # a new batch, and then no item arrives
    assert committed(storage) == 2
    assert timers.fire() == 1
    assert committed(storage) == 3 and not batch.open and batch.commits == 2


def test_items_without_a_report_ride_in_the_batch_until_a_bound(storage):
    clock = Clock()
    batch = GroupCommit(storage, reports=1, seconds=1.0, clock=clock)
    with batch.item():
        storage.save_links("t", [{"url": "https://t.gov.cn/0.html", "kind": "page"}], run_id="run-1")
    assert committed(storage, "SELECT count(*) FROM links") == 0
    store_report(storage, batch, 0)  # reports=1: the first report closes the batch, links and all
    assert committed(storage, "SELECT count(*) FROM links") == 1 and committed(storage) == 1


def test_seconds_zero_is_a_transaction_per_write_as_before(storage):
    batch = GroupCommit(storage, reports=50, seconds=0)
    with batch.item():
        storage.save_links("t", [{"url": "https://t.gov.cn/0.html", "kind": "page"}], run_id="run-1")
        assert committed(storage, "SELECT count(*) FROM links") == 1  # committed by the write itself
    assert not batch.open and batch.commits == 0


def test_close_commits_the_open_batch(storage):
    batch = GroupCommit(storage, reports=50, seconds=60, clock=Clock())
    store_report(storage, batch, 0)
    assert committed(storage) == 0
    batch.close()
    assert committed(storage) == 1 and not storage.conn.in_transaction


def test_a_write_that_fails_in_a_batch_leaves_nothing_of_itself_and_the_batch_stands(storage):
    """``Storage.transaction`` inside an open batch is a savepoint: a report whose cells SQLite refuses
    (an integer beyond 64 bits) leaves no row of it, while the reports before it are committed whole."""
    batch = GroupCommit(storage, reports=50, seconds=60, clock=Clock())
    kept = store_report(storage, batch, 0)
    bad = make_report(organ="测试9镇人民政府", seed=9)
    bad.cells[0].value = 2 ** 70
    with pytest.raises(OverflowError):
        with batch.item():
            storage.save_report(bad)
    assert batch.open  # the batch goes on
    batch.close()
    ids = {r for (r,) in storage.conn.execute("SELECT report_id FROM reports")}
    assert ids == {kept}
    assert committed(storage, f"SELECT count(*) FROM cells WHERE report_id = '{bad.report_id}'") == 0
    assert committed(storage, f"SELECT count(*) FROM cells WHERE report_id = '{kept}'") == len(
        make_report(organ="测试0镇人民政府", seed=0).cells)


def test_inside_a_callers_transaction_the_items_are_part_of_it(storage):
    batch = GroupCommit(storage, reports=1, seconds=60, clock=Clock())
    with storage.transaction():
        store_report(storage, batch, 0)  # the report bound is reached, but the caller's transaction decides
        assert not batch.open and committed(storage) == 0
    assert committed(storage) == 1


def test_the_settings_give_the_bounds(storage, monkeypatch):
    assert (from_settings(storage).max_reports, from_settings(storage).max_seconds) == (50, 1.0)
    monkeypatch.setenv("GAAR_COMMIT_REPORTS", "7")
    monkeypatch.setenv("GAAR_COMMIT_SECONDS", "0")
    batch = from_settings(storage)
    assert (batch.max_reports, batch.grouping) == (7, False)
    assert from_settings(storage, {"GAAR_COMMIT_SECONDS": "2.5"}).max_seconds == 2.5


@pytest.mark.parametrize("name, value", [("GAAR_COMMIT_REPORTS", "0"), ("GAAR_COMMIT_REPORTS", "many"),
                                         ("GAAR_COMMIT_SECONDS", "-1"), ("GAAR_COMMIT_SECONDS", "soon")])
def test_bounds_that_cannot_work_are_refused_in_words(storage, name, value):
    problem = settings_problem({name: value})
    assert problem.startswith(f"{name} takes ") and problem.endswith(f"not {value!r}")
    with pytest.raises(ValueError):
        from_settings(storage, {name: value})


def test_what_waits_for_a_commit_runs_once_the_writes_before_it_are_committed(storage):
    """A distributed node tells Redis a request is finished only once its page is committed
    (``after_commit``): told earlier, a kill would lose the open batch and the request with it."""
    batch = GroupCommit(storage, reports=2, seconds=60, clock=Clock())
    told: list[tuple[str, int]] = []
    store_report(storage, batch, 0)
    batch.after_commit(lambda: told.append(("first", committed(storage))))
    assert told == []  # the batch holding its report is still open
    store_report(storage, batch, 1)  # the bound: committed
    assert told == [("first", 2)]  # told after the commit, which readers already see
    batch.after_commit(lambda: told.append(("no batch open", committed(storage))))
    assert told[-1] == ("no batch open", 2)  # nothing waits: at once


def test_a_batch_that_is_never_committed_never_tells(storage):
    batch = GroupCommit(storage, reports=50, seconds=60, clock=Clock())
    told = []
    store_report(storage, batch, 0)
    batch.after_commit(lambda: told.append(1))
    storage.conn.execute("ROLLBACK")  # what a crash leaves: the batch gone
    assert told == [] and committed(storage) == 0
