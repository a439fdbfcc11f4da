"""Real redis-server and PostgreSQL (Debian packages) started on loopback in a temporary folder, for tests and benches."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from .server import free_port


def redis_missing() -> str:
    """Why a Redis server cannot be started here ('' when it can)."""
    return "" if shutil.which("redis-server") else "redis-server is not installed (apt-get install redis-server)"


def postgres_bin() -> Path | None:
    """The newest installed PostgreSQL server's bin folder."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[4]))
    return Path(found[-1]).parent if found else None


def postgres_missing() -> str:
    """Why a PostgreSQL server cannot be started here ('' when it can)."""
    if postgres_bin() is None:
        return "PostgreSQL is not installed (apt-get install postgresql)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no 'postgres' user to run PostgreSQL as"
    return ""


class RedisServer:
    """redis-server on a free loopback port, without persistence."""

    def __init__(self, port: int = 0) -> None:
        """A new server; `port` reuses a stopped one's port (to bring "the same" Redis back)."""
        self.folder = Path(tempfile.mkdtemp(prefix="narrator-redis-"))
        self.port = port or free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder),
             "--save", "", "--appendonly", "no", "--protected-mode", "yes"],
            stdout=open(self.folder / "redis.log", "wb"), stderr=subprocess.STDOUT)
        _wait_for(self._ping, f"redis-server on port {self.port}", self.folder / "redis.log")

    def _ping(self) -> bool:
        import redis

        try:
            return bool(redis.Redis.from_url(self.url, socket_timeout=1).ping())
        except redis.exceptions.ConnectionError:
            return False

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)
        shutil.rmtree(self.folder, ignore_errors=True)


class PostgresServer:
    """A throwaway PostgreSQL cluster on a free loopback port, trust auth, fsync off; run as 'postgres' when root."""

    def __init__(self, database: str = "narrator") -> None:
        bin_dir = postgres_bin()
        assert bin_dir is not None, postgres_missing()
        self.folder = Path(tempfile.mkdtemp(prefix="narrator-pg-"))
        self.port = free_port()
        self._as_user: list[str] = []
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            user = pwd.getpwnam("postgres")
            os.chown(self.folder, user.pw_uid, user.pw_gid)
            self._as_user = ["runuser", "-u", "postgres", "--"]
        data = self.folder / "data"
        self._pg_ctl = [*self._as_user, str(bin_dir / "pg_ctl"), "-D", str(data)]
        subprocess.run([*self._as_user, str(bin_dir / "initdb"), "-D", str(data), "-U", "narrator", "-A", "trust",
                        "--no-sync", "-E", "UTF8"], check=True, capture_output=True)
        options = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        subprocess.run([*self._pg_ctl, "-o", options, "-l", str(self.folder / "postgres.log"), "-w", "-t", "60",
                        "start"], check=True, capture_output=True)
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=narrator dbname=postgres",
                             autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{database}"')
        self.url = f"postgresql+psycopg://narrator@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        subprocess.run([*self._pg_ctl, "-m", "immediate", "-w", "stop"], capture_output=True)
        shutil.rmtree(self.folder, ignore_errors=True)


def _wait_for(ready, what: str, log: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready():
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not start: {log.read_text(errors='replace')[-2000:]}")
