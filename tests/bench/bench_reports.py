"""Reports against plain SQL, on the province-scale data set of `seed_scale`, SQLite and PostgreSQL.

For each report NAME:
- `report_NAME_ratio`: the report's time (DataFrames fully built) over the same aggregate written
  as one raw SQL GROUP BY below, run alternately in the same process, median of three;
- `report_NAME_peak_mb`: peak resident memory (VmHWM) of a subprocess that runs the report
  alone (so C and Arrow memory count); the interpreter with Django and Wagtail loaded is part of
  it and printed as `report_baseline_peak_mb` (a subprocess that sets Django up and runs
  nothing); `report_NAME_added_mb` is what the report adds to it (pandas among it);
- on SQLite, `report_NAME_cpu_ratio`: the same ratio in CPU time of this process, which a
  machine shared with other work disturbs less than the wall clock (on PostgreSQL the server
  does the work in another process, so only the wall clock means something there).

Goal: every ratio ≤ 1.2 and every peak ≤ 150. The set's size comes from BENCH_REPORT_CADRES and
BENCH_REPORT_ENROLMENTS (100,000 and 1,000,000 by default). PostgreSQL runs when the server at
BENCH_POSTGRES (default postgres://postgres@127.0.0.1:5432) answers; a database is made and
dropped for it.
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _harness import ROOT, report, setup_django  # noqa: E402

NAMES = ("trained", "hours", "coverage", "certificates", "groups", "dvk", "plan")
PERIOD = (date(2025, 12, 15), date(2026, 12, 14))  # the State's year 2026
CADRES = int(os.environ.get("BENCH_REPORT_CADRES", "100000"))
ENROLMENTS = int(os.environ.get("BENCH_REPORT_ENROLMENTS", "1000000"))
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")


def _bounds():
    from django.utils import timezone

    start = timezone.make_aware(datetime.combine(PERIOD[0], datetime.min.time()))
    end = timezone.make_aware(datetime.combine(PERIOD[1] + timedelta(days=1), datetime.min.time()))
    return start, end


def _case(column: str) -> tuple[str, list]:
    from cadres.selectors import current_successors

    successors = current_successors()
    if not successors:
        return column, []
    params = [v for pair in sorted(successors.items()) for v in pair]
    whens = " ".join("WHEN %s THEN %s" for _ in successors)
    return f"(CASE {column} {whens} ELSE {column} END)", params


TRAINING = """
    SELECT e.cadre_id AS cadre, COALESCE(e.agency_id, c.agency_id) AS agency,
           c.category_id AS category, p.content_kind AS kind, e.hours_credited AS hours
    FROM training_enrolment e
    JOIN cadres_cadre c ON c.id = e.cadre_id
    JOIN training_offering o ON o.id = e.offering_id
    JOIN curriculum_coursepage p ON p.page_ptr_id = o.course_id
    WHERE e.status = 'completed' AND e.completed_at >= %s AND e.completed_at < %s
    UNION ALL
    SELECT x.cadre_id, COALESCE(x.agency_id, c.agency_id), c.category_id, x.content_kind, x.hours
    FROM training_externaltraining x JOIN cadres_cadre c ON c.id = x.cadre_id
    WHERE x.end_date >= %s AND x.end_date <= %s
"""
POPULATION = """
    SELECT s.cadre_id AS cadre, s.agency_id AS agency FROM cadres_posting s
    WHERE s.start_date <= %s AND (s.end_date IS NULL OR s.end_date >= %s)
"""


def raw_sql(name: str):
    """The same aggregate as the report, as one statement: (sql, params)."""
    start, end = _bounds()
    training_params = [start, end, PERIOD[0], PERIOD[1]]
    population_params = [PERIOD[1], PERIOD[1]]
    if name == "trained":
        case, case_params = _case("t.agency")
        return (
            f"SELECT {case}, t.category, t.kind, COUNT(DISTINCT t.cadre), SUM(t.hours) "
            f"FROM ({TRAINING}) t GROUP BY 1, 2, 3",
            case_params + training_params,
        )
    if name == "hours":
        case, case_params = _case("p.agency")
        return (
            f"SELECT {case}, c.personnel_code, c.full_name, c.category_id, COALESCE(h.hours, 0) "
            f"FROM ({POPULATION}) p JOIN cadres_cadre c ON c.id = p.cadre LEFT JOIN "
            f"(SELECT t.cadre, SUM(t.hours) AS hours FROM ({TRAINING}) t GROUP BY t.cadre) h "
            "ON h.cadre = p.cadre",
            case_params + population_params + training_params,
        )
    if name == "certificates":
        s, e = _bounds()
        return (
            "SELECT body_id, year, "
            "SUM(CASE WHEN issued_on >= %s AND issued_on <= %s THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN revoked_at >= %s AND revoked_at < %s THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN expires_on >= %s AND expires_on <= %s THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN (revoked_at IS NULL OR revoked_at >= %s) "
            "AND (expires_on IS NULL OR expires_on > %s) THEN 1 ELSE 0 END) "
            "FROM training_certificate WHERE issued_on <= %s GROUP BY 1, 2",
            [PERIOD[0], PERIOD[1], s, e, PERIOD[0], PERIOD[1], e, PERIOD[1], PERIOD[1]],
        )
    if name == "groups":
        case, case_params = _case("p.agency")
        young = PERIOD[1].replace(year=PERIOD[1].year - 35)
        return (
            f"SELECT {case}, CASE WHEN c.gender = 'F' THEN 1 ELSE 0 END, "
            "CASE WHEN COALESCE(g.code, '') IN ('', '01') THEN 0 ELSE 1 END, "
            "CASE WHEN c.date_of_birth > %s THEN 1 ELSE 0 END, "
            "CASE WHEN h.cadre IS NULL THEN 0 ELSE 1 END, COUNT(*), SUM(COALESCE(h.hours, 0)) "
            f"FROM ({POPULATION}) p JOIN cadres_cadre c ON c.id = p.cadre "
            "LEFT JOIN cadres_ethnicgroup g ON g.id = c.ethnic_group_id LEFT JOIN "
            f"(SELECT t.cadre, SUM(t.hours) AS hours FROM ({TRAINING}) t GROUP BY t.cadre) h "
            "ON h.cadre = p.cadre GROUP BY 1, 2, 3, 4, 5",
            case_params + [young] + population_params + training_params,
        )
    if name == "coverage":
        # Required posts and those filled, per agency; the report also marks each holder
        # trained, untrained or expired (the requirements check), which this leaves out.
        return (
            "SELECT a.id, COUNT(r.id), COUNT(o.id) FROM cadres_agency a "
            "JOIN cadres_staffingrule r ON r.agency_kind_id = a.kind_id "
            "LEFT JOIN cadres_officerassignment o ON o.agency_id = a.id "
            "AND o.kind_id = r.responsibility_kind_id AND o.end_date IS NULL "
            "WHERE a.valid_to IS NULL GROUP BY a.id",
            [],
        )
    if name == "dvk":
        s, e = _bounds()
        return (
            "SELECT lead_agency_id, field, case_kind, COUNT(*) FROM curriculum_registration "
            "WHERE registered_at >= %s AND registered_at < %s GROUP BY 1, 2, 3",
            [s, e],
        )
    if name == "plan":
        # Per item of the submitted and approved plans of the period's years: its classes (not
        # cancelled) and their enrolments; the report adds the items up per agency in pandas.
        counted = ["approved", "in_progress", "completed", "failed"]
        marks = ", ".join(["%s"] * len(counted))
        return (
            "SELECT i.id, a.path, l.year, l.status, c.title, i.content_kind, i.quarter, "
            "i.headcount, i.estimated_cost, COALESCE(k.n, 0), COALESCE(d.enrolled, 0), "
            "COALESCE(d.completed, 0), COALESCE(d.hours, 0) "
            "FROM training_trainingplanitem i "
            "JOIN training_trainingplan l ON l.id = i.plan_id "
            "JOIN cadres_agency a ON a.id = l.agency_id "
            "LEFT JOIN wagtailcore_page c ON c.id = i.course_id "
            "LEFT JOIN (SELECT plan_item_id AS item, COUNT(*) AS n FROM training_offering "
            "WHERE cancelled = %s AND plan_item_id IS NOT NULL GROUP BY 1) k ON k.item = i.id "
            "LEFT JOIN (SELECT o.plan_item_id AS item, COUNT(*) AS enrolled, "
            "SUM(CASE WHEN e.status = 'completed' THEN 1 ELSE 0 END) AS completed, "
            "SUM(e.hours_credited) AS hours FROM training_enrolment e "
            "JOIN training_offering o ON o.id = e.offering_id "
            f"WHERE o.cancelled = %s AND o.plan_item_id IS NOT NULL AND e.status IN ({marks}) "
            "GROUP BY 1) d ON d.item = i.id "
            "WHERE l.year >= %s AND l.year <= %s AND l.status IN ('submitted', 'approved')",
            [False, False, *counted, PERIOD[0].year, PERIOD[1].year],
        )
    raise KeyError(name)


def run_raw(name: str) -> int:
    from django.db import connection

    sql, params = raw_sql(name)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return len(cursor.fetchall())


def run_report(name: str) -> int:
    from training import reports
    from training.periods import Period

    built = reports.run(name, reports.ReportFilter(period=Period(*PERIOD)))
    return sum(len(frame) for frame in built.frames.values())


def peak_rss_mb() -> float:
    """This process's peak resident memory. VmHWM, not getrusage's ru_maxrss: Linux carries
    the parent's peak over into ru_maxrss across fork and exec, so a child of the seeding
    process would report the parent's hundreds of MB whatever it did itself."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(name: str) -> None:
    """Run one report alone (or nothing, for the baseline) and print the peak memory in MB."""
    setup_django("cadre_site.settings.test")
    if name != "baseline":
        run_report(name)
    print(peak_rss_mb())


def measure(label: str) -> None:
    from django.core.management import call_command

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("seed_scale", cadres=CADRES, enrolments=ENROLMENTS, stdout=quiet)
    report(f"report_seed_seconds_{label}", time.monotonic() - started, "s")
    compare(label, NAMES)


def compare(label: str, names) -> None:
    """The ratio and the peak of each report, on the database Django is set up with."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cadre_site.settings.test"}

    def peak(name: str) -> float:
        out = subprocess.run(
            [sys.executable, __file__, "--child", name],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        return float(out.stdout.strip().splitlines()[-1])

    baseline = peak("baseline")
    report(f"report_baseline_peak_mb_{label}", baseline, "MB")
    for name in names:
        run_report(name), run_raw(name)  # warm the caches of both sides
        ours, theirs, ours_cpu, theirs_cpu = [], [], [], []
        for _ in range(3):
            t, c = time.perf_counter(), time.process_time()
            run_report(name)
            ours.append(time.perf_counter() - t)
            ours_cpu.append(time.process_time() - c)
            t, c = time.perf_counter(), time.process_time()
            run_raw(name)
            theirs.append(time.perf_counter() - t)
            theirs_cpu.append(time.process_time() - c)
        ratio = statistics.median(ours) / statistics.median(theirs)
        report(f"report_{name}_ratio", ratio, f"({label}: {statistics.median(ours):.3f} s)")
        if label == "sqlite":
            cpu = statistics.median(ours_cpu) / statistics.median(theirs_cpu)
            report(f"report_{name}_cpu_ratio", cpu, f"({statistics.median(ours_cpu):.3f} s)")
        peak_mb = peak(name)
        report(f"report_{name}_peak_mb", peak_mb, f"MB ({label})")
        report(f"report_{name}_added_mb", peak_mb - baseline, f"MB over the baseline ({label})")


def main() -> None:
    backend = sys.argv[1] if len(sys.argv) > 1 else "all"
    if backend == "all":
        for which in ("sqlite", "postgresql"):
            subprocess.run([sys.executable, __file__, which], check=True)
        return
    if backend == "sqlite":
        folder = tempfile.mkdtemp(prefix="cadre-bench-reports-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/reports.sqlite3"
        setup_django("cadre_site.settings.test")
        try:
            measure("sqlite")
        finally:
            shutil.rmtree(folder, ignore_errors=True)  # 60-400 MB at these sizes
        return
    import psycopg

    name = f"cadre_bench_reports_{os.getpid()}"
    try:
        admin = psycopg.connect(f"{POSTGRES}/postgres", autocommit=True)
    except psycopg.OperationalError:
        print(f"report_postgresql: skipped (no server at {POSTGRES})")
        return
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        os.environ["DATABASE_URL"] = f"{POSTGRES}/{name}"
        setup_django("cadre_site.settings.test")
        measure("postgresql")
        from django.db import connections

        connections.close_all()
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(sys.argv[2])
    else:
        main()
