"""The speed benchmark: every command as a whole process against its floor.

    python benchmarks/run.py            # everything (a few minutes), exit 1 if a target is missed
    python benchmarks/run.py --quick    # fewer runs, no million-row import/export
    python benchmarks/run.py --only checkin --only status

What it does:
- builds a wheel of this checkout and installs it, non-editable, into its own
  venv (benchmarks/.cache/venv), so that imports cost what a real install costs;
- generates databases of 1 week, 1, 10 and 30 years of 10 habits and 10 years of
  50 habits (plus 10 and 30 years with every habit on a streak of 400 days),
  cached in benchmarks/.cache/ (gitignored) and copied for each case;
- runs each command paired with its floor, run by run (A B A B ...), and takes
  the median of the per-pair ratios (with their min and max): both sides of a
  pair see the same machine load;
- floor B is ``python -c "import click, sqlite3"``; the chart floor C is
  ``Figure(figsize=(12, 3)).savefig("x.png")`` with Agg; the HTML report is
  measured as (report - C) / B, its cost beyond drawing one chart;
- every check-in run writes a new day (the clock moves a day per run), and the
  rows written are counted afterwards;
- peak memory is each child's own maximum resident size (``os.wait4`` rusage).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CACHE = HERE / ".cache"
TODAY = date(2026, 11, 22)  # gen.TODAY: histories end the day before

# name: (days of history, habits, every habit on a long streak)
SIZES: dict[str, tuple[int, int, bool]] = {
    "1 week": (7, 10, False),
    "1 year": (365, 10, False),
    "10 years": (3650, 10, False),
    "30 years": (10950, 10, False),
    "10y x 50 habits": (3650, 50, False),
    "10y streaks": (3650, 10, True),
    "30y streaks": (10950, 10, True),
}
PLAIN = ("1 week", "1 year", "10 years", "30 years", "10y x 50 habits")
BIG = ("10 years", "30 years", "10y x 50 habits")
MILLION = (11600, 100)  # days x habits: 1.01 million entries (13% of habit-days empty)

CHART_FLOOR = 'from matplotlib.figure import Figure; Figure(figsize=(12, 3)).savefig("x.png")'
CHECKIN_FLAGS = ["--no-contact", "--workout", "--progress", "3", "--mood", "7", "--note", "bench",
                 "--no-interactive"]
CHECKIN_VALUES = {"journal": "done", "read": "25", "walk": "done", "friends": "done",
                  "swim": "done", "no-drinks": "kept", "sleep": "done", "no-contact": "kept",
                  "workout": "done", "goal": "3"}
GIVEN_BY_FLAGS = ("no-contact", "workout", "goal")


@dataclass
class Result:
    command: str
    size: str
    floor: str  # "B", "C" or "(x-C)/B"
    ratios: list[float]
    ms: list[float]
    peak_mb: float
    limit: float | None  # the target ratio, None: measured only
    extra: str = ""
    absolute: list[tuple[str, bool]] = field(default_factory=list)  # (what, met)
    cpu: float | None = None  # median per-pair ratio of CPU time (not judged)

    @property
    def median(self) -> float:
        return statistics.median(self.ratios)

    @property
    def met(self) -> bool:
        ok = self.limit is None or self.median <= self.limit
        return ok and all(met for _, met in self.absolute)


# ------------------------------------------------------------------ the venv


def bench_python() -> Path:
    """A venv with a non-editable install of this checkout (rebuilt every run)."""
    venv = CACHE / "venv"
    python = venv / "bin" / "python"
    marker = venv / "deps-installed"
    fresh = not marker.exists()
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    wheels = CACHE / "wheel"
    shutil.rmtree(wheels, ignore_errors=True)
    shutil.rmtree(REPO / "build", ignore_errors=True)  # stale build/lib keeps deleted modules
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps",
                    "-w", str(wheels), str(REPO)], check=True, stdout=subprocess.DEVNULL)
    shutil.rmtree(REPO / "build", ignore_errors=True)
    (wheel,) = wheels.glob("*.whl")
    extra = [] if fresh else ["--no-deps"]
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--force-reinstall", *extra,
                    str(wheel)], check=True, stdout=subprocess.DEVNULL)
    # dependencies added since the venv was made (a no-op when all are there)
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True,
                   stdout=subprocess.DEVNULL)
    marker.touch()
    return python


# ------------------------------------------------------------------ the data


def cached_db(python: Path, size: str) -> Path:
    days, habits, streak = SIZES[size]
    key = hashlib.sha256((HERE / "gen.py").read_bytes() + schema_names(python).encode()).hexdigest()
    path = CACHE / "db" / f"{days}d-{habits}h{'-streak' if streak else ''}-{key[:10]}.db"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob(f"{days}d-{habits}h{'-streak' if streak else ''}-*.db"):
            old.unlink()
        part = path.with_suffix(".part")
        part.unlink(missing_ok=True)
        argv = [str(python), str(HERE / "gen.py"), "db", str(part), "--days", str(days),
                "--habits", str(habits), *(["--streak"] if streak else [])]
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=clean_env())
        part.rename(path)
    return path


_SCHEMA: dict[Path, str] = {}


def schema_names(python: Path) -> str:
    if python not in _SCHEMA:
        _SCHEMA[python] = subprocess.run(
            [str(python), "-c", "from habit_tracker.schema import MIGRATION_NAMES as n; print(n)"],
            check=True, capture_output=True, text=True).stdout
    return _SCHEMA[python]


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("HABIT_TRACKER_", "PYTHON", "MPL"))}
    env.update(extra)
    env["MPLBACKEND"] = "Agg"
    return env


# ------------------------------------------------------------------ running


#: How long, per run, work the command left to a background process went on
#: after the command returned (the check-in's daily backup), in seconds.
BACKGROUND: list[float] = []
OURS_BACKGROUND: list[float] = []  # the same, for the measured command's runs only
CPU: list[float] = []  # each run's CPU seconds (user + system, the process itself)
#: The last paired() call's per-pair ratios of CPU time: less moved by other load
#: on the machine than wall time (shown beside the wall ratio, never judged).
LAST_CPU_RATIOS: list[float] = []
#: (argv[0], CPU seconds) of each run, for the cases that note their command's own
CPU_SECONDS: list[tuple[str, float]] = []


def run_once(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Seconds until the process exits, and its peak resident MB.  Standard error
    is a pipe read to its end, so a background job the command started (it keeps
    that pipe) is finished before the next run: it never overlaps the floor."""
    began = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - began
    assert proc.stderr is not None
    err = proc.stderr.read()
    proc.stderr.close()
    BACKGROUND.append(time.perf_counter() - began - elapsed)
    CPU.append(usage.ru_utime + usage.ru_stime)
    CPU_SECONDS.append((argv[0], usage.ru_utime + usage.ru_stime))
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}):\n{err.decode()}")
    return elapsed, usage.ru_maxrss / 1024


Maker = Callable[[int], tuple[list[str], dict[str, str]]]


def paired(make: Maker, floors: list[list[str]], cwd: Path, runs: int,
           ratio: Callable[[float, list[float]], float]) -> tuple[list[float], list[float], float]:
    """Alternate the command with its floor(s); per-pair ratios, ms, peak MB."""
    env0 = clean_env()
    argv, env = make(0)
    run_once(argv, env, cwd)  # warm-up: byte-code, page cache
    for floor in floors:
        run_once(floor, env0, cwd)
    ratios, ms, peak = [], [], 0.0
    LAST_CPU_RATIOS.clear()
    for i in range(1, runs + 1):
        argv, env = make(i)
        ours, rss = run_once(argv, env, cwd)
        OURS_BACKGROUND.append(BACKGROUND[-1])
        ours_cpu = CPU[-1]
        base = [run_once(floor, env0, cwd)[0] for floor in floors]
        LAST_CPU_RATIOS.append(ratio(ours_cpu, CPU[-len(floors):]))
        ratios.append(ratio(ours, base))
        ms.append(ours * 1000)
        peak = max(peak, rss)
    return ratios, ms, peak


def over_b(ours: float, base: list[float]) -> float:
    return ours / base[0]


def html_ratio(ours: float, base: list[float]) -> float:
    return (ours - base[1]) / base[0]


# ------------------------------------------------------------------ the cases


class Bench:
    def __init__(self, python: Path, runs: int, work: Path) -> None:
        self.python = python
        self.script = str(python.parent / "habit-tracker")
        self.runs = runs
        self.work = work
        self.floor_b = [str(python), "-c", "import click, sqlite3"]
        self.floor_c = [str(python), "-c", CHART_FLOOR]
        self.results: list[Result] = []

    def copy(self, size: str, tag: str) -> Path:
        target = self.work / f"{tag}-{size.replace(' ', '_')}.db"
        shutil.copyfile(cached_db(self.python, size), target)
        return target

    def env(self, db: Path, day: date = TODAY) -> dict[str, str]:
        return clean_env(HABIT_TRACKER_DB=str(db), HABIT_TRACKER_NOW=f"{day.isoformat()}T21:00:00")

    def cpu(self) -> str:
        """The median CPU time of our command's runs since CPU_SECONDS was cleared
        (the warm-up run included)."""
        ours = [cpu for name, cpu in CPU_SECONDS if name == self.script]
        return f"{statistics.median(ours):.1f} s CPU" if ours else "CPU not measured"

    def record(self, result: Result) -> None:
        if result.cpu is None and LAST_CPU_RATIOS:
            result.cpu = statistics.median(LAST_CPU_RATIOS)
        self.results.append(result)
        print(format_row(result), file=sys.stderr, flush=True)

    def simple(self, name: str, size: str, args: list[str], *, limit: float | None,
               floor: str = "B") -> None:
        db = self.copy(size, "read")
        env = self.env(db)
        floors = [self.floor_b] if floor == "B" else [self.floor_c] if floor == "C" else [
            self.floor_b, self.floor_c]
        ratio = over_b if floor in ("B", "C") else html_ratio
        ratios, ms, peak = paired(lambda i: ([self.script, *args], env), floors, self.work,
                                  self.runs, ratio)
        self.record(Result(name, size, floor, ratios, ms, peak, limit))

    def checkins(self, cases: list[tuple[str, str]]) -> None:
        """The check-in cases, (name, size) each, their pairs interleaved: pair i
        of every case, then pair i + 1, so that a burst of load on the machine
        spreads over all of them instead of deciding one case's median."""
        setups = [self._checkin_setup(size) for _name, size in cases]
        # Twice the pairs (and one): a check-in is the shortest run measured and the
        # closest to its target, so one disturbed pair moves a short median most.
        runs = 2 * self.runs + 1
        env0 = clean_env()
        for make, _db in setups:
            run_once(*make(0), self.work)  # warm-up: byte-code, page cache
        run_once(self.floor_b, env0, self.work)
        ratios: list[list[float]] = [[] for _ in cases]
        cpu: list[list[float]] = [[] for _ in cases]
        ms: list[list[float]] = [[] for _ in cases]
        later: list[list[float]] = [[] for _ in cases]
        peak = [0.0 for _ in cases]
        for i in range(1, runs + 1):
            for index, (make, _db) in enumerate(setups):
                ours, rss = run_once(*make(i), self.work)
                later[index].append(BACKGROUND[-1])
                ours_cpu = CPU[-1]
                base, _ = run_once(self.floor_b, env0, self.work)
                ratios[index].append(ours / base)
                cpu[index].append(ours_cpu / CPU[-1])
                ms[index].append(ours * 1000)
                peak[index] = max(peak[index], rss)
        for index, ((name, size), (_make, db)) in enumerate(zip(cases, setups, strict=True)):
            with closing(sqlite3.connect(db)) as conn:
                (rows,) = conn.execute("SELECT COUNT(*) FROM entries WHERE date >= ?",
                                       (TODAY.isoformat(),)).fetchone()
                (days,) = conn.execute("SELECT COUNT(DISTINCT date) FROM entries WHERE date >= ?",
                                       (TODAY.isoformat(),)).fetchone()
            expected = (runs + 1) * SIZES[size][1]
            after = statistics.median(later[index]) * 1000
            self.record(Result(name, size, "B", ratios[index], ms[index], peak[index], 1.25,
                               extra=f"{rows} rows on {days} new days; backup done {after:.0f} ms "
                                     "after the prompt is back",
                               absolute=[(f"{rows}/{expected} rows written", rows == expected)],
                               cpu=statistics.median(cpu[index])))

    def _checkin_setup(self, size: str) -> tuple[Maker, Path]:
        db = self.copy(size, "checkin")
        # closed at once: a connection left open keeps every run's write-ahead log
        # from being checkpointed on close, which is not how a user runs it
        with closing(sqlite3.connect(db)) as conn:
            slugs = [r[0] for r in conn.execute("SELECT slug FROM habits ORDER BY position")]
        sets = []
        for slug in slugs:
            if slug in GIVEN_BY_FLAGS:
                continue
            base = slug.rsplit("-", 1)[0] if slug[-1].isdigit() else slug
            sets += ["--set", f"{slug}={CHECKIN_VALUES[base]}"]
        argv = [self.script, "checkin", *CHECKIN_FLAGS, *sets]

        def make(i: int) -> tuple[list[str], dict[str, str]]:
            return argv, self.env(db, TODAY + timedelta(days=i))

        return make, db

    def export_import(self, size: str) -> None:
        db = self.copy(size, "export")
        out = self.work / f"export-{size.replace(' ', '_')}.csv"
        env = self.env(db)
        ratios, ms, peak = paired(
            lambda i: ([self.script, "export", "--format", "csv", "--output", str(out)], env),
            [self.floor_b], self.work, self.runs, over_b)
        self.record(Result("export --format csv", size, "B", ratios, ms, peak, None))

        def make(i: int) -> tuple[list[str], dict[str, str]]:
            target = self.work / f"import-{i}.db"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
            return [self.script, "import", str(out)], self.env(target)

        ratios, ms, peak = paired(make, [self.floor_b], self.work, self.runs, over_b)
        self.record(Result("import (our CSV)", size, "B", ratios, ms, peak, None))

    def million(self) -> None:
        """A million entries: our own CSV export (gen.py writes exactly what
        ``export --format csv`` writes) imported into a new database, imported
        again (nothing new: nothing written), exported as CSV (which must give
        the imported file's bytes back) and JSON, and the import undone."""
        days, habits = MILLION
        source = CACHE / "db" / f"million-{days}d-{habits}h-v2.csv"
        counted = source.with_suffix(".rows")
        if not source.exists() or not counted.exists():
            source.parent.mkdir(parents=True, exist_ok=True)
            made = subprocess.run([str(self.python), str(HERE / "gen.py"), "csv", str(source),
                                   "--days", str(days), "--habits", str(habits)], check=True,
                                  capture_output=True, text=True, env=clean_env())
            counted.write_text(made.stdout.strip())
        entries = int(counted.read_text())
        if entries < 1_000_000:
            raise SystemExit(f"{source} holds {entries:,} entries, not a million")
        rows = f"{entries / 1e6:.2f}M entries"
        db = self.work / "million.db"
        runs = max(1, min(2, self.runs))

        def make(i: int) -> tuple[list[str], dict[str, str]]:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            shutil.rmtree(db.parent / "backups", ignore_errors=True)
            return [self.script, "import", str(source)], self.env(db)

        CPU_SECONDS.clear()
        ratios, ms, peak = paired(make, [self.floor_b], self.work, runs, over_b)
        seconds = statistics.median(ms) / 1000
        self.record(Result("import 1M rows (new database)", rows, "B", ratios, ms, peak, None,
                           extra=f"{seconds:.1f} s ({self.cpu()})",
                           absolute=[("< 10 s", seconds < 10), ("< 100 MB", peak < 100)]))
        with sqlite3.connect(db) as conn:
            stored = conn.execute("SELECT COUNT(*) FROM entries").fetchone()[0]
            log_rows, log_bytes = conn.execute(
                "SELECT COUNT(*), COALESCE(SUM(LENGTH(key) + LENGTH(COALESCE(before, '')) + "
                "LENGTH(COALESCE(after, ''))), 0) FROM change_rows").fetchone()
        if stored != entries:
            raise SystemExit(f"the import stored {stored:,} entries of {entries:,}")
        log = f"undo log {log_rows} rows, {log_bytes / 1024:.0f} kB"

        CPU_SECONDS.clear()
        ratios, ms, peak = paired(lambda i: ([self.script, "import", str(source)], self.env(db)),
                                  [self.floor_b], self.work, runs, over_b)
        self.record(Result("import 1M rows again (no-op)", rows, "B", ratios, ms, peak, None,
                           extra=f"{statistics.median(ms) / 1000:.1f} s ({self.cpu()})"))
        for fmt in ("csv", "json"):
            out = self.work / f"million.{fmt}"
            CPU_SECONDS.clear()
            ratios, ms, peak = paired(
                lambda i, out=out: ([self.script, "export", "--output", str(out)], self.env(db)),
                [self.floor_b], self.work, runs, over_b)
            checks = [("< 50 MB", peak < 50)]
            if fmt == "csv":
                checks.append(("same bytes", _same_file(out, source)))
            self.record(Result(f"export --format {fmt} 1M rows", rows, "B", ratios, ms, peak, None,
                               extra=f"{statistics.median(ms) / 1000:.1f} s ({self.cpu()})",
                               absolute=checks))
        CPU_SECONDS.clear()
        seconds, peak = run_once([self.script, "undo"], self.env(db), self.work)
        cpu = self.cpu()
        undo_cpu = CPU[-1]
        floors = [run_once(self.floor_b, clean_env(), self.work)[0] for _ in range(3)]
        floor_cpu = statistics.median(CPU[-3:])
        with sqlite3.connect(db) as conn:
            left = conn.execute("SELECT COUNT(*) FROM entries").fetchone()[0]
        self.record(Result("undo of the 1M-row import", rows, "B",
                           [seconds / statistics.median(floors)], [seconds * 1000], peak, None,
                           extra=f"{seconds:.1f} s ({cpu}); {log}",
                           absolute=[("all undone", left == 0)], cpu=undo_cpu / floor_cpu))


def _same_file(one: Path, other: Path) -> bool:
    if one.stat().st_size != other.stat().st_size:
        return False
    with one.open("rb") as a, other.open("rb") as b:
        while True:
            x, y = a.read(1 << 20), b.read(1 << 20)
            if x != y:
                return False
            if not x:
                return True


def format_row(r: Result) -> str:
    target = f"<= {r.limit:.2f}" if r.limit is not None else ""
    target += "".join(f" {what}" for what, _ in r.absolute if r.limit is None)
    mark = "ok" if r.met else "MISSED"
    spread = f"{min(r.ratios):.2f}-{max(r.ratios):.2f}"
    cpu = f"{r.cpu:5.2f}x" if r.cpu is not None else "     -"
    return (f"| {r.command:<30} | {r.size:<15} | {r.floor:<7} | {r.median:5.2f}x | {spread:<9} "
            f"| {cpu} | {statistics.median(r.ms):7.0f} | {r.peak_mb:5.0f} | {target:<16} | {mark:<6} "
            f"| {r.extra}")


HEADER = ("| command                        | history         | floor   | ratio  | min-max   "
          "| cpu    | ms (med) | MB    | target           | result | notes")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 pairs a case, no 1M rows")
    parser.add_argument("--runs", type=int, default=None, help="pairs per case (default 7)")
    parser.add_argument("--only", action="append", default=[],
                        help="run only the commands whose name contains this (repeatable)")
    args = parser.parse_args()
    runs = args.runs or (3 if args.quick else 7)
    python = bench_python()
    load = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="habit-bench-") as tmp:
        bench = Bench(python, runs, Path(tmp))

        def wanted(name: str) -> bool:
            return not args.only or any(part in name for part in args.only)

        print(HEADER, file=sys.stderr)
        if wanted("checkin"):
            bench.checkins([("checkin (a new day each run)", size) for size in PLAIN]
                           + [("checkin, all on long streaks", size)
                              for size in ("10y streaks", "30y streaks")])
        reads = [
            ("status", ["status"]),
            ("streaks --json", ["streaks", "--json"]),
            ("report --format json", ["report", "--format", "json"]),
            ("report --format text", ["report", "--format", "text"]),
            ("report --format markdown", ["report", "--format", "markdown"]),
            ("history --from '2 weeks ago'", ["history", "--from", "2 weeks ago"]),
        ]
        for name, argv in reads:
            if wanted(name):
                for size in PLAIN:
                    bench.simple(name, size, argv, limit=1.5 if size in BIG else None)
        if wanted("report --format html"):
            for size in PLAIN:
                bench.simple("report --format html", size,
                             ["report", "--format", "html", "--output", "r.html"],
                             limit=1.5, floor="(x-C)/B")
        if wanted("chart"):
            for size in PLAIN:
                bench.simple("chart dashboard", size, ["chart", "dashboard", "-o", "c.png"],
                             limit=1.5 if size == "30 years" else None, floor="C")
            for kind in ("heatmap", "streaks", "goal", "weekly", "mood", "urges"):
                bench.simple(f"chart {kind}", "30 years", ["chart", kind, "-o", "c.png"],
                             limit=1.5, floor="C")
        if wanted("export") or wanted("import"):
            for size in PLAIN:
                bench.export_import(size)
            if not args.quick:
                bench.million()
    after = os.getloadavg()
    print(f"habit-tracker benchmark: {runs} pairs a case ({2 * runs + 1} a check-in); load average "
          f"{load[0]:.2f} before, {after[0]:.2f} after ({os.cpu_count()} cores)")
    print("ratio: median of per-pair ratios of wall time against the floor (judged); cpu: the "
          "same for CPU time (shown, not judged); B = python -c 'import click, sqlite3', C = the "
          "chart floor, (x-C)/B = the HTML report's cost beyond one chart")
    print(HEADER)
    for result in bench.results:
        print(format_row(result))
    missed = [r for r in bench.results if not r.met]
    print(f"{len(bench.results) - len(missed)} of {len(bench.results)} cases met their target")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
