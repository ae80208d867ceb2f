"""The synthetic demo district near Hangu (汉沽), Binhai New Area, Tianjin.

`load_demo(settings, scale=1, seed=2019, replace=False)` builds ~10 communities,
~60 compounds, ~500 grid cells, a few thousand households, ~3,000 violations with
their histories, ~2,000 sweeps, ~2,000 write-off requests, ~450 complaints with their
histories and ~2,500 photos per unit of scale, and writes them in one transaction (all
or nothing). The photo files (tiny JPEGs, ~2.5 KB with their thumbnails) go to
settings.photo_dir, stored by content as the photo service stores them. The same seed
always gives the same data, photo bytes included.
"""

from time import perf_counter

import psycopg

from api.analytics.maintained import refresh_sync
from api.photos.storage import PhotoStore
from api.settings import Settings
from demo import load, rows
from demo.build import build_district

ALREADY_LOADED = (
    "The demo district is already loaded ({n} communities); nothing was changed. "
    "Run `weijian demo load --replace` to empty the records and rebuild it."
)


def load_demo(
    settings: Settings, scale: int = 1, seed: int = 2019, replace: bool = False, photos: bool = True
) -> str:
    """Load the demo district; returns a printable summary (counts and timings).
    `photos=False` makes no photos (for benchmarks at large scales)."""
    if scale < 1:
        raise ValueError(f"scale must be 1 or more, not {scale}")
    started = perf_counter()
    with psycopg.connect(settings.database_url) as conn:
        conn.execute("SET LOCAL statement_timeout = 0")
        conn.execute("SET LOCAL jit = off")  # compiling costs more than these queries run
        # Whole histories are written at once: the versions are built once, at the end,
        # not by a trigger per event (migration 0009).
        conn.execute("SET LOCAL weijian.bulk_history = on")
        conn.execute("SELECT pg_advisory_xact_lock(hashtext('weijian demo load'))")
        try:
            existing = load.has_district(conn)
        except psycopg.errors.UndefinedTable as exc:
            raise RuntimeError(
                "the database has no Weijian tables yet: run `weijian db upgrade` first"
            ) from exc
        if existing and not replace:
            return ALREADY_LOADED.format(n=existing)
        timings: dict[str, float] = {}
        if existing:
            mark = perf_counter()
            load.empty_records(conn)
            timings["emptying"] = perf_counter() - mark
        district = build_district(settings, scale, seed, photos)
        timings |= {f"generating {k}": t for k, t in district.timings.items()}
        counts: dict[str, int] = {}

        def timed(label: str, work) -> None:
            mark = perf_counter()
            counts[label] = work()
            load.analyze(conn, label)
            timings[f"writing {label}"] = perf_counter() - mark

        timed(
            "community",
            lambda: load.copy_rows(
                conn, "community", rows.COMMUNITY, rows.community_rows(district)
            ),
        )
        timed(
            "compound",
            lambda: load.copy_rows(conn, "compound", rows.COMPOUND, rows.compound_rows(district)),
        )
        timed(
            "grid_cell",
            lambda: load.copy_rows(
                conn, "grid_cell", rows.GRID_CELL, rows.grid_cell_rows(district)
            ),
        )
        timed(
            "household",
            lambda: load.copy_rows(
                conn, "household", rows.HOUSEHOLD, rows.household_rows(district)
            ),
        )
        timed(
            "violation",
            lambda: load.insert_violations(conn, rows.VIOLATION, rows.violation_rows(district)),
        )
        timed(
            "violation_event",
            lambda: load.copy_rows(
                conn, "violation_event", rows.EVENT, rows.event_rows(district, load.locations(conn))
            ),
        )
        timed("sweep", lambda: load.insert_sweeps(conn, rows.sweep_rows(district)))
        timed(
            "write_off_request",
            lambda: load.copy_rows(
                conn, "write_off_request", rows.WRITE_OFF_REQUEST, rows.write_off_rows(district)
            ),
        )
        timed(
            "complaint",
            lambda: load.insert_complaints(conn, rows.COMPLAINT, rows.complaint_rows(district)),
        )
        timed(
            "complaint_event",
            lambda: load.copy_rows(
                conn,
                "complaint_event",
                rows.COMPLAINT_EVENT,
                rows.complaint_event_rows(district, load.complaint_places(conn)),
            ),
        )
        # The files first, then the rows (the service's order: a row never points at a
        # missing file); a file left by a failed load is harmless, and found again.
        mark = perf_counter()
        load.store_photos(PhotoStore(settings.photo_dir), district.photos)
        timings["writing photo files"] = perf_counter() - mark
        timed("photo", lambda: load.insert_photos(conn, rows.PHOTO, rows.photo_rows(district)))
        mark = perf_counter()
        load.finish(conn)
        timings["sequences"] = perf_counter() - mark
        mark = perf_counter()
        conn.execute("SELECT weijian_rebuild_violation_versions(NULL)")
        conn.execute("SET LOCAL weijian.bulk_history = off")
        load.analyze(conn, "violation_version")
        timings["violation versions"] = perf_counter() - mark
        mark = perf_counter()
        refresh_sync(conn)  # the maintained grid figures, ready for the first reader
        timings["grid statistics"] = perf_counter() - mark
        figures = _figures(conn, settings)
        size = sum(len(p.data) + len(p.inspected.thumbnail) for p in district.photos if p.inspected)
        figures["photo files"] = [("MB with their thumbnails", round(size / 1e6, 1))]
    timings["total"] = perf_counter() - started
    return _summary(scale, seed, bool(existing), counts, figures, timings)


def _figures(conn: psycopg.Connection, settings: Settings) -> dict[str, list[tuple]]:
    return {
        "status": conn.execute(
            "SELECT status, count(*) FROM violation WHERE deleted_at IS NULL "
            "GROUP BY 1 ORDER BY 2 DESC"
        ).fetchall(),
        "ledger": conn.execute(
            "SELECT ledger, count(*) FROM violation WHERE deleted_at IS NULL "
            "GROUP BY 1 ORDER BY 2 DESC"
        ).fetchall(),
        "deleted": conn.execute(
            "SELECT 'soft-deleted', count(*) FROM violation WHERE deleted_at IS NOT NULL"
        ).fetchall(),
        "tracks": conn.execute(
            "SELECT 'GPS tracks', count(*) FROM sweep WHERE track IS NOT NULL"
        ).fetchall(),
        "write-off requests": conn.execute(
            "SELECT state, count(*) FROM write_off_request GROUP BY 1 ORDER BY 2 DESC"
        ).fetchall(),
        "complaints": conn.execute(
            "SELECT status, count(*) FROM complaint GROUP BY 1 ORDER BY 2 DESC"
        ).fetchall(),
        "photos": conn.execute(
            "SELECT stage, count(*) FROM photo GROUP BY 1 ORDER BY 2 DESC"
        ).fetchall()
        + conn.execute(
            "SELECT 'GPS far off', count(*) FROM photo WHERE gps_distance_m > %s",
            (settings.photo_gps_warning_m,),
        ).fetchall(),
    }


def _summary(
    scale: int, seed: int, replaced: bool, counts: dict, figures: dict, timings: dict
) -> str:
    lines = [
        f"Demo district loaded (scale {scale}, seed {seed}"
        f"{', replacing the previous records' if replaced else ''}):"
    ]
    lines += [f"  {table:<16}{n:>9,}" for table, n in counts.items()]
    for label, pairs in figures.items():
        lines.append(f"  {label}: " + ", ".join(f"{k} {n:,}" for k, n in pairs))
    lines.append("timings (s): " + ", ".join(f"{k} {t:.2f}" for k, t in timings.items()))
    return "\n".join(lines)
