"""Fault-test fixtures: a throwaway PostgreSQL cluster of our own (the shared server at 5432 is
never stopped), a TCP proxy that cuts the network, and the `slow` switch for the long runs."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from shared.db import open_database
from tests.fault.pgproxy import PgProxy

PG_BIN = Path(os.environ.get("PULSE_PG_BIN", "/usr/lib/postgresql/15/bin"))
ROOT = Path(__file__).resolve().parents[2]
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The long variants run only when asked for (``-m slow``). Fault runs cut the network
    and kill processes on purpose, so the sync's and the deliveries' WARNING records about
    it are expected here (elsewhere a WARNING fails the test)."""
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.allow_log_warnings)
    if "slow" in (config.getoption("-m") or ""):
        return
    skip = pytest.mark.skip(reason="long fault run: use -m slow")
    for item in items:
        if "slow" in item.keywords and Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(skip)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgCluster:
    """initdb + pg_ctl on a free port in a temp dir, run as the ``postgres`` OS user."""

    def __init__(self, extra_opts: str = "") -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="pulse-pg-"))
        self.data = self.dir / "data"
        self.log = self.dir / "server.log"
        self.port = free_port()
        self.restarts = 0
        self._as_postgres = os.geteuid() == 0
        if self._as_postgres:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                  "--no-sync")
        opts = (f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
                "-c max_connections=60 -c shared_buffers=16MB " + extra_opts).strip()
        self._opts = opts

    def _run(self, tool: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        cmd = [str(PG_BIN / tool), *args]
        if self._as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, check=check, timeout=120)

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", self._opts, "-w",
                  "-t", "60", "start")

    def stop(self, mode: str = "immediate") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def restart_immediate(self) -> None:
        self.stop("immediate")
        self.start()
        self.restarts += 1

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        self._run("psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-c",
                  f'CREATE DATABASE "{name}"')
        return self.url(name)

    def destroy(self) -> None:
        self.stop("fast")
        shutil.rmtree(self.dir, ignore_errors=True)


def _binaries_missing() -> str | None:
    if not (PG_BIN / "initdb").exists():
        return f"no PostgreSQL binaries in {PG_BIN} (set PULSE_PG_BIN)"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root without runuser"
    return None


# A plant's or a head office's server: logical replication on, quick to reconnect after a
# cut (the subscriber retries every half second), and no minute-long WAL sender timeouts.
LOGICAL_OPTS = ("-c wal_level=logical -c max_wal_senders=10 -c max_replication_slots=10 "
                "-c max_worker_processes=16 -c max_logical_replication_workers=8 "
                "-c max_sync_workers_per_subscription=4 -c wal_retrieve_retry_interval=500ms "
                "-c wal_sender_timeout=10s -c wal_receiver_timeout=10s "
                "-c wal_receiver_status_interval=1s")


@pytest.fixture
def logical_clusters() -> Iterator[list[PgCluster]]:
    """Three servers of the test's own with logical replication: two plants, a head office."""
    reason = _binaries_missing()
    if reason:
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)
    from concurrent.futures import ThreadPoolExecutor

    def make() -> PgCluster:
        cluster = PgCluster(LOGICAL_OPTS)
        cluster.start()
        return cluster

    clusters: list[PgCluster] = []
    try:
        with ThreadPoolExecutor(3) as pool:  # initdb and start side by side
            futures = [pool.submit(make) for _ in range(3)]
            clusters = [f.result() for f in futures]
        yield clusters
    finally:
        if clusters:
            clusters[-1].stop("immediate")  # the head office first: its workers stop reading

        def end(cluster: PgCluster) -> None:
            cluster.stop("immediate")  # nothing to keep: no wait for the WAL senders
            cluster.destroy()
        with ThreadPoolExecutor(3) as pool:  # side by side
            list(pool.map(end, clusters))


@pytest.fixture
def pg_cluster() -> Iterator[PgCluster]:
    """A PostgreSQL server of the test's own, which the test may stop and start at will."""
    reason = _binaries_missing()
    if reason:
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)
    cluster = PgCluster()
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture
def central_on_cluster(pg_cluster: PgCluster) -> str:
    """A migrated central database on the throwaway cluster; returns its URL."""
    url = pg_cluster.create_database("central")
    db = open_database(url, upgrade=True)
    db.dispose()
    return url


@pytest.fixture
def pg_proxy_factory() -> Iterator[list[PgProxy]]:
    proxies: list[PgProxy] = []
    yield proxies
    for proxy in proxies:
        proxy.close()


def wait_until(predicate, timeout: float, step: float = 0.05) -> bool:  # type: ignore[no-untyped-def]
    """Poll a real process's progress (these tests drive real processes, not Qt)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return bool(predicate())
