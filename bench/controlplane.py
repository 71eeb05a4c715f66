#!/usr/bin/env python3
"""Control-plane figures of a Wadi distribution, measured on this machine.

Usage: bench/controlplane.py [idle|schedule|kill|failover|all] ...   (default: all)

  idle                 CPU the server uses while idle (no pipeline), over IDLE_SECONDS (default 60)
                       after a settling pause: the Karaf JVM alone, and with everything it started
                       (embedded PostgreSQL, standby worker process).
  schedule [N]         N pipelines (default 100: impulse at 1 event/s into blackhole, parallelism 1)
                       created one after another through the API on the embedded scheduler (a
                       worker JVM per job would need N x 170 MB): seconds to create them, seconds
                       until every job is Running, the server's CPU while they run, seconds to
                       delete them.
  kill [K]             K pipelines (default 3) Running on the process scheduler with checkpoints
                       every second; SIGKILL of the server's JVM; the server started again on the
                       same data: seconds from the restart to the API answering, and from the kill
                       to every job Running again in a new run (restored from its checkpoint).
  failover [K]         two servers on one database; SIGKILL of the active one's JVM: seconds until
                       the standby runs every job again in a new run.

The servers use the machine's PostgreSQL (127.0.0.1:5432, a fresh database per run, dropped after),
except `idle`, which measures the default: the embedded one. Env: WADI_HOME (the distribution,
default karaf-assembly/target/assembly), BASE_PORT (default 5700; each server takes 10 ports from
it), WORK (scratch folder, default /tmp/wadi-controlplane). Prints one line per figure on stdout,
progress on stderr.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HOME = os.environ.get("WADI_HOME", os.path.join(ROOT, "karaf-assembly/target/assembly"))
BASE_PORT = int(os.environ.get("BASE_PORT", "5700"))
WORK = os.environ.get("WORK", "/tmp/wadi-controlplane")
TICKS = os.sysconf("SC_CLK_TCK")
PG = "postgresql://postgres@127.0.0.1:5432"


def log(*args):
    print("#", *args, file=sys.stderr, flush=True)


def figure(name, value, unit, note=""):
    print(f"{name}\t{value}\t{unit}" + (f"\t{note}" if note else ""), flush=True)


def psql(sql, db="postgres"):
    subprocess.run(["psql", f"{PG}/{db}", "-qAtc", sql], check=True, stdout=subprocess.DEVNULL)


class Server:
    """A copy of the distribution in its own folder, with its own ports."""

    def __init__(self, name, slot, env):
        self.name = name
        self.dir = os.path.join(WORK, name)
        self.home = os.path.join(self.dir, "wadi")
        shutil.rmtree(self.dir, ignore_errors=True)
        os.makedirs(os.path.join(self.dir, "files"))
        shutil.copytree(HOME, self.home, symlinks=True, ignore=shutil.ignore_patterns("data"))
        port = BASE_PORT + 10 * slot
        self.url = f"http://127.0.0.1:{port}"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("WADI_", "KARAF_"))}
        self.env.update({
            "WADI_HTTP_PORT": str(port), "WADI_CONTROLLER_GRPC_PORT": str(port + 1),
            "WADI_SSH_PORT": str(port + 2), "WADI_RMI_REGISTRY_PORT": str(port + 3),
            "WADI_RMI_SERVER_PORT": str(port + 4), "WADI_FILE_ROOTS": os.path.join(self.dir, "files"),
            "WADI_DATABASE_EMBEDDED_DIR": os.path.join(self.dir, "postgres"),
        })
        self.env.update(env)
        self.process = None

    def start(self):
        out = open(os.path.join(self.dir, "wadi.out"), "ab")
        self.process = subprocess.Popen([os.path.join(self.home, "bin/wadi")], cwd=self.home, env=self.env,
                                        stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        started = time.monotonic()
        deadline = started + 300
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"{self.name}: bin/wadi exited with {self.process.returncode}; see {self.dir}/wadi.out")
            # ping registers after every other resource of the API: the whole API answers
            if self.status("/api/v1/ping") == 200 and self.status("/api/v1/pipelines") == 200:
                return time.monotonic() - started
            time.sleep(0.05)
        raise SystemExit(f"{self.name}: the API did not answer within 300 s")

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
        for pid in self.tree():
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def karaf_pid(self):
        for pid in pids():
            cmd = cmdline(pid)
            if "org.apache.karaf.main.Main" in cmd and self.home in cmd:
                return pid
        return None

    def tree(self):
        """Every process of this server — its JVM, its embedded PostgreSQL, its worker JVMs — by its
        folder on their command lines, so orphans of a killed JVM count too."""
        me = os.getpid()
        found = {pid for pid in pids() if pid != me and self.dir + "/" in cmdline(pid)
                 and "bin/wadi" not in cmdline(pid)}
        parents = {pid: ppid(pid) for pid in pids()}
        grew = True
        while grew:  # and their children: PostgreSQL's backends name no folder
            more = {pid for pid, parent in parents.items() if parent in found and pid not in found}
            found |= more
            grew = bool(more)
        return sorted(found)

    def workers(self):
        return [p for p in self.tree() if "org.wadi.launcher.WorkerMain" in cmdline(p)]

    def request(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, json.loads(r.read() or b"null")
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode(errors="replace")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return 0, None

    def status(self, path):
        return self.request("GET", path)[0]

    def job(self, pipeline):
        code, body = self.request("GET", f"/api/v1/pipelines/{pipeline}/jobs")
        if code != 200 or not body.get("data"):
            return None
        return body["data"][0]

    def create(self, name, query, checkpoint_micros=10_000_000):
        code, body = self.request("POST", "/api/v1/pipelines", {
            "name": name, "query": query, "parallelism": 1, "checkpoint_interval_micros": checkpoint_micros})
        if code != 200:
            raise SystemExit(f"{self.name}: creating {name} answered {code}: {body}")
        return body["id"]


def pids():
    return [int(p) for p in os.listdir("/proc") if p.isdigit()]


def cmdline(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def ppid(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return int(f.read().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return -1


def cpu_seconds(pid_list):
    total = 0
    for pid in pid_list:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except OSError:
            pass
    return total / TICKS


def wait(what, seconds, condition):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise SystemExit(f"timed out after {seconds} s waiting until {what}")


def database():
    name = "wadi_bench_" + uuid.uuid4().hex[:10]
    psql(f"CREATE DATABASE {name}")
    return name, f"jdbc:postgresql://127.0.0.1:5432/{name}?user=postgres"


def drop(name):
    psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


IMPULSE = ("CREATE TABLE impulse WITH (connector = 'impulse', event_rate = '{rate}');\n"
           "CREATE TABLE sink (counter BIGINT UNSIGNED) WITH (connector = 'blackhole');\n"
           "INSERT INTO sink SELECT counter FROM impulse;")


def all_running(server, pipelines, runs_before=None):
    for p in pipelines:
        j = server.job(p)
        if j is None or j["state"] != "Running":
            return False
        if runs_before is not None and j["run_id"] <= runs_before[p]:
            return False
    return True


def idle():
    seconds = int(os.environ.get("IDLE_SECONDS", "60"))
    s = Server("idle", 0, {})
    try:
        up = s.start()
        figure("server_start_to_api", f"{up:.1f}", "s", "embedded PostgreSQL, process scheduler")
        time.sleep(20)  # the standby worker process and the first passes settle
        jvm = s.karaf_pid()
        tree = s.tree()
        a, b = cpu_seconds([jvm]), cpu_seconds(tree)
        time.sleep(seconds)
        a2, b2 = cpu_seconds([jvm]), cpu_seconds(s.tree())
        figure("idle_cpu_server_jvm", f"{100 * (a2 - a) / seconds:.2f}", "% of a core", f"over {seconds} s")
        figure("idle_cpu_all", f"{100 * (b2 - b) / seconds:.2f}", "% of a core",
               f"server JVM + embedded PostgreSQL + standby worker: {len(tree)} processes")
    finally:
        s.stop()


def schedule(n):
    db, url = database()
    s = Server("schedule", 0, {"WADI_DATABASE_URL": url, "WADI_SCHEDULER": "embedded",
                               "WADI_API_MAX_PIPELINES": str(n + 10)})
    try:
        s.start()
        query = IMPULSE.format(rate=1)
        t0 = time.monotonic()
        pipelines = [s.create(f"p{i}", query) for i in range(n)]
        created = time.monotonic() - t0
        wait(f"all {n} jobs run", 600, lambda: all_running(s, pipelines))
        running = time.monotonic() - t0
        figure("schedule_create", f"{created:.2f}", "s", f"{n} pipelines, {n / created:.0f}/s")
        figure("schedule_all_running", f"{running:.2f}", "s", f"{n} pipelines from the first POST")
        jvm = s.karaf_pid()
        a = cpu_seconds([jvm])
        time.sleep(30)
        figure("cpu_with_running", f"{100 * (cpu_seconds([jvm]) - a) / 30:.1f}", "% of a core",
               f"{n} jobs at 1 event/s each, over 30 s")
        t1 = time.monotonic()
        for p in pipelines:
            code, body = s.request("DELETE", f"/api/v1/pipelines/{p}")
            if code not in (200, 204, 400, 409):
                raise SystemExit(f"DELETE {p}: {code} {body}")
            if code in (400, 409):  # still running: stop first, then delete
                s.request("PATCH", f"/api/v1/pipelines/{p}", {"stop": "immediate"})
        for p in pipelines:
            wait(f"{p} is gone", 300, lambda p=p: s.request("DELETE", f"/api/v1/pipelines/{p}")[0] in (200, 204, 404))
        figure("schedule_delete_all", f"{time.monotonic() - t1:.2f}", "s", f"{n} pipelines")
    finally:
        s.stop()
        drop(db)


def kill(k):
    db, url = database()
    s = Server("kill", 0, {"WADI_DATABASE_URL": url, "WADI_SCHEDULER": "process"})
    try:
        s.start()
        pipelines = [s.create(f"k{i}", IMPULSE.format(rate=100), 1_000_000) for i in range(k)]
        wait("all jobs run", 180, lambda: all_running(s, pipelines))
        time.sleep(3)  # a checkpoint or two
        runs = {p: s.job(p)["run_id"] for p in pipelines}
        jvm = s.karaf_pid()
        killed = time.monotonic()
        os.kill(jvm, signal.SIGKILL)
        wait("the killed server's worker processes exit", 60, lambda: not s.workers())
        workers_gone = time.monotonic() - killed
        s.process.wait(60)
        restarted = time.monotonic()
        up = s.start()
        wait("every job runs again", 300, lambda: all_running(s, pipelines, runs))
        done = time.monotonic()
        total = done - killed
        figure("kill_workers_exit", f"{workers_gone:.2f}", "s", "SIGKILL of the server JVM until its workers ended")
        figure("kill_restart_to_api", f"{up:.2f}", "s", "bin/wadi started again until the API answers")
        figure("kill_to_running", f"{total:.2f}", "s", f"{k} jobs Running in a new run, from the kill (restart included)")
        figure("restart_to_running", f"{done - restarted:.2f}", "s", "from the restart command")
    finally:
        s.stop()
        drop(db)


def failover(k):
    db, url = database()
    env = {"WADI_DATABASE_URL": url, "WADI_SCHEDULER": "process",
           "WADI_CHECKPOINT_STORAGE_URL": "file://" + os.path.join(WORK, "failover-checkpoints")}
    a = Server("failover-a", 0, env)
    b = Server("failover-b", 1, env)
    try:
        a.start()
        b.start()
        pipelines = [b.create(f"f{i}", IMPULSE.format(rate=100), 1_000_000) for i in range(k)]
        wait("all jobs run", 180, lambda: all_running(b, pipelines))
        active, standby = (a, b) if a.workers() else (b, a)
        time.sleep(3)
        runs = {p: standby.job(p)["run_id"] for p in pipelines}
        killed = time.monotonic()
        os.kill(active.karaf_pid(), signal.SIGKILL)
        wait("the standby runs every job again", 300, lambda: all_running(standby, pipelines, runs))
        figure("failover_to_running", f"{time.monotonic() - killed:.2f}", "s",
               f"SIGKILL of the active server until the standby runs all {k} jobs in a new run")
    finally:
        a.stop()
        b.stop()
        drop(db)
        shutil.rmtree(os.path.join(WORK, "failover-checkpoints"), ignore_errors=True)


def main(argv):
    if not os.access(os.path.join(HOME, "bin/wadi"), os.X_OK):
        raise SystemExit(f"no Wadi distribution at {HOME} (build it, or set WADI_HOME)")
    what = argv[0] if argv else "all"
    arg = int(argv[1]) if len(argv) > 1 else None
    log(os.popen("uptime").read().strip())
    if what in ("idle", "all"):
        idle()
    if what in ("schedule", "all"):
        schedule(arg or 100)
    if what in ("kill", "all"):
        kill(arg or 3)
    if what in ("failover", "all"):
        failover(arg or 3)
    log(os.popen("uptime").read().strip())


if __name__ == "__main__":
    main(sys.argv[1:])
