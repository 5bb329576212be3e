"""A one-node SLURM cluster on this machine, to try ``--slurm`` and to test it.

    python scripts/slurm_local.py start    # export SLURM_CONF=/tmp/diplomesa-slurm/slurm.conf
    python scripts/slurm_local.py status
    python scripts/slurm_local.py stop     # stops what start started, by pid file

Debian's ``slurm-wlm`` and ``munge`` (``apt-get install -y slurm-wlm munge``), run as root,
without systemd. This host is the controller and the only node, addressed as 127.0.0.1, in
one partition ``debug``. Everything it writes is under one folder (default
``$TMPDIR/diplomesa-slurm``): ``slurm.conf`` (clients find it through ``SLURM_CONF``), the
controller's state, the node's spool, logs, pid files, and munged's socket; only munge's key
is a system file (``/etc/munge/munge.key``, created if missing, as munged requires).

What already answers is reused and left running: a SLURM whose ``sinfo`` answers (with the
environment's ``SLURM_CONF`` or this folder's), a munged that signs and checks a credential.
What this starts is recorded in ``started.json``, and ``stop`` ends only that, by pid files
(never by name). ``tests/test_slurm.py`` uses the same functions.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DIR = Path(tempfile.gettempdir()) / "diplomesa-slurm"
PARTITION = "debug"
MUNGE_KEY = Path("/etc/munge/munge.key")
TOOLS = ("slurmctld", "slurmd", "sinfo", "sbatch", "squeue", "scancel")


class Unavailable(RuntimeError):
    """SLURM cannot be started here (not installed, or not root and none running)."""


class StartError(RuntimeError):
    """A daemon was started but the cluster did not come up (the logs say why)."""


@dataclass
class Cluster:
    """A cluster that answers: the environment its clients need, and what was started."""

    directory: Path
    env: dict[str, str]  # e.g. {"SLURM_CONF": ...}; empty when the environment's own is used
    partition: str | None  # None: the cluster's default partition
    started: list[str] = field(default_factory=list)  # daemons this started, in order

    def environ(self) -> dict[str, str]:
        return {**os.environ, **self.env}


def which(tool: str) -> str | None:
    """``tool``'s path, also in the sbin folders a user's PATH may lack (the daemons)."""
    return shutil.which(tool) or shutil.which(tool, path="/usr/local/sbin:/usr/sbin:/sbin")


def _run(cmd: list[str], env: dict[str, str] | None = None, timeout: float = 15):
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)


def answers(env: dict[str, str]) -> bool:
    """Whether a SLURM controller answers ``sinfo`` with a partition up, in ``env``."""
    try:
        proc = _run(["sinfo", "-h", "-o", "%a"], env=env)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return proc.returncode == 0 and "up" in proc.stdout.split()


def munge_works(sock: Path | None) -> bool:
    """Whether a munged signs and checks a credential on ``sock`` (None: the default)."""
    opt = [f"--socket={sock}"] if sock else []
    try:
        cred = _run(["munge", "-n", *opt])
        if cred.returncode != 0:
            return False
        check = subprocess.run(
            ["unmunge", *opt], input=cred.stdout, capture_output=True, text=True, timeout=15
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return check.returncode == 0


def alive(pid_file: Path, name: str) -> int | None:
    """The pid in ``pid_file`` if that process is alive and is ``name`` (not a reused pid)."""
    try:
        pid = int(pid_file.read_text().split()[0])
        status = Path(f"/proc/{pid}/status").read_text()
    except (OSError, ValueError, IndexError):
        return None
    fields = dict(line.split(":\t", 1) for line in status.splitlines() if ":\t" in line)
    if fields.get("Name", "").strip() != name[:15] or fields.get("State", "").startswith("Z"):
        return None
    return pid


def _pid_files(d: Path) -> dict[str, Path]:
    return {
        "munged": d / "munge" / "munged.pid",
        "slurmctld": d / "slurmctld.pid",
        "slurmd": d / "slurmd.pid",
    }


def _conf(d: Path, munge_socket: Path | None) -> str:
    host = socket.gethostname().split(".")[0]
    cpus = os.cpu_count() or 1
    with open("/proc/meminfo", encoding="ascii") as f:
        total_kb = next(int(line.split()[1]) for line in f if line.startswith("MemTotal"))
    mem = max(512, total_kb // 1024 - 1024)
    auth = f"AuthInfo=socket={munge_socket}\n" if munge_socket else ""
    return f"""\
# written by scripts/slurm_local.py: this host is the controller and the only node
ClusterName=local
SlurmctldHost={host}(127.0.0.1)
AuthType=auth/munge
CredType=cred/munge
{auth}ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SlurmctldPidFile={d}/slurmctld.pid
SlurmdPidFile={d}/slurmd.pid
StateSaveLocation={d}/state
SlurmdSpoolDir={d}/spool
SlurmUser=root
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
SlurmctldLogFile={d}/log/slurmctld.log
SlurmdLogFile={d}/log/slurmd.log
NodeName={host} NodeAddr=127.0.0.1 CPUs={cpus} RealMemory={mem} State=UNKNOWN
PartitionName={PARTITION} Nodes={host} Default=YES MaxTime=INFINITE State=UP
"""


def _start_munged(d: Path) -> Path:
    """munged as the munge user, its socket, pid, log and seed in ``d/munge``."""
    import pwd

    try:
        user = pwd.getpwnam("munge")
    except KeyError:
        raise Unavailable("no 'munge' user: apt-get install -y munge") from None
    if not MUNGE_KEY.exists():  # what Debian's package would create; munged needs one
        MUNGE_KEY.parent.mkdir(parents=True, exist_ok=True)
        MUNGE_KEY.write_bytes(os.urandom(1024))
    os.chown(MUNGE_KEY.parent, user.pw_uid, user.pw_gid)
    os.chown(MUNGE_KEY, user.pw_uid, user.pw_gid)
    os.chmod(MUNGE_KEY.parent, 0o700)
    os.chmod(MUNGE_KEY, 0o400)
    m = d / "munge"
    m.mkdir(exist_ok=True)
    os.chown(m, user.pw_uid, user.pw_gid)
    os.chmod(m, 0o711)  # munged: the socket's folder must be searchable by all, writable by it
    sock = m / "munge.socket"
    cmd = [
        which("munged") or "/usr/sbin/munged",
        f"--socket={sock}",
        f"--pid-file={m / 'munged.pid'}",
        f"--log-file={m / 'munged.log'}",
        f"--seed-file={m / 'munged.seed'}",
        f"--key-file={MUNGE_KEY}",
    ]
    proc = subprocess.run(
        cmd, user="munge", group="munge", capture_output=True, text=True, timeout=30
    )
    if proc.returncode != 0:
        raise StartError(f"munged did not start: {(proc.stderr or proc.stdout).strip()}")
    for _ in range(50):
        if munge_works(sock):
            return sock
        time.sleep(0.1)
    raise StartError(f"munged started but does not answer on {sock}")


def _record(d: Path, started: list[str]) -> None:
    (d / "started.json").write_text(json.dumps({"started": started}), encoding="utf-8")


def start(directory: Path = DEFAULT_DIR, timeout: float = 30) -> Cluster:
    """A one-node cluster that answers: one already running, or one started now.

    Raises :class:`Unavailable` where SLURM cannot run here (the tests skip), and
    :class:`StartError` where it should have started and did not (the tests fail).
    """
    missing = [t for t in TOOLS if which(t) is None]
    if missing:
        raise Unavailable(
            f"{', '.join(missing)} not installed (apt-get install -y slurm-wlm munge)"
        )
    if answers(dict(os.environ)):
        return Cluster(directory, {}, None)
    d = Path(directory).resolve()
    conf = d / "slurm.conf"
    env = {**os.environ, "SLURM_CONF": str(conf)}
    pids = _pid_files(d)
    # left running by an earlier start (sinfo would wait ~10 s for a controller not there)
    if conf.exists() and alive(pids["slurmctld"], "slurmctld") and answers(env):
        return Cluster(d, {"SLURM_CONF": str(conf)}, PARTITION)
    if os.geteuid() != 0:
        raise Unavailable("no SLURM controller answers sinfo, and only root can start one here")
    if which("munged") is None or which("munge") is None:
        raise Unavailable("munged not installed (apt-get install -y munge)")
    d.mkdir(parents=True, exist_ok=True)
    os.chmod(d, 0o755)  # munged, as its own user, must reach its socket's folder
    for sub in ("state", "spool", "log"):
        (d / sub).mkdir(exist_ok=True)
    started: list[str] = []
    if munge_works(None):
        sock = None  # the system's munged
    elif munge_works(d / "munge" / "munge.socket"):
        sock = d / "munge" / "munge.socket"
    else:
        sock = _start_munged(d)
        started.append("munged")
    _record(d, started)
    conf.write_text(_conf(d, sock), encoding="utf-8")
    for daemon in ("slurmctld", "slurmd"):
        if alive(pids[daemon], daemon):
            continue  # running from an earlier start, reused
        # -c: a fresh controller forgets the jobs of an earlier one (none may start again)
        cmd = [which(daemon) or daemon, *(["-c"] if daemon == "slurmctld" else [])]
        proc = _run(cmd, env=env, timeout=30)
        if proc.returncode != 0:
            stop(d, started)
            raise StartError(f"{daemon} did not start: {(proc.stderr or proc.stdout).strip()}")
        started.append(daemon)
        _record(d, started)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        info = _run(["sinfo", "-h", "-o", "%a %t"], env=env)
        if info.returncode == 0 and "up idle" in info.stdout:
            return Cluster(d, {"SLURM_CONF": str(conf)}, PARTITION, started)
        time.sleep(0.2)
    logs = "\n".join(_tail(d / "log" / f"{n}.log") for n in ("slurmctld", "slurmd"))
    stop(d, started)
    raise StartError(f"SLURM did not come up within {timeout:g} s:\n{logs}")


def _tail(path: Path, lines: int = 10) -> str:
    try:
        return f"{path}:\n" + "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return f"{path}: (none)"


def stop(directory: Path = DEFAULT_DIR, started: list[str] | None = None) -> list[str]:
    """Stop the daemons ``start`` started (``started``, or those in ``started.json``).

    Each by the pid in its pid file, and only if that pid is still that daemon; waits until
    each is gone. Returns the daemons stopped.
    """
    d = Path(directory).resolve()
    record = d / "started.json"
    if started is None:
        try:
            started = json.loads(record.read_text(encoding="utf-8"))["started"]
        except (OSError, ValueError, KeyError):
            started = []
    if not started:
        return []  # nothing of ours runs (a reused cluster keeps its record)
    stopped = []
    pids = _pid_files(d)
    for daemon in reversed(started):  # the node, the controller, then munged
        pid = alive(pids[daemon], daemon)
        if pid is None:
            continue
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        while alive(pids[daemon], daemon) and time.monotonic() < deadline:
            time.sleep(0.1)
        if alive(pids[daemon], daemon):
            os.kill(pid, signal.SIGKILL)
        stopped.append(daemon)
    record.unlink(missing_ok=True)
    return stopped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["start", "stop", "status"])
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help=f"default {DEFAULT_DIR}")
    args = parser.parse_args(argv)
    if args.action == "stop":
        stopped = stop(args.dir)
        print(f"stopped: {', '.join(stopped) or 'nothing (nothing started by start)'}")
        return 0
    if args.action == "status":
        conf = args.dir.resolve() / "slurm.conf"
        env = {**os.environ, **({"SLURM_CONF": str(conf)} if conf.exists() else {})}
        up = answers(env)
        print("up" if up else "down", f"(SLURM_CONF={env.get('SLURM_CONF', 'default')})")
        return 0 if up else 1
    try:
        cluster = start(args.dir)
    except (Unavailable, StartError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"# started: {', '.join(cluster.started) or 'nothing (already running)'}")
    for k, v in cluster.env.items():
        print(f"export {k}={v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
