-- The monthly report's figures per community (api/reports/figures.py names them; each
-- is a column "group.period.item" of per_community, and monthly.py checks they are all
-- there), as recorded at %(end)s: the month's end, or now for the running month.
-- Parameters: %(start)s the month's start; %(as_of_day)s the day deadlines are judged
-- on; %(new_days)s days new construction has to be stopped in; %(late_days)s days a
-- late find has (api/campaign/deadlines.py); %(standing)s the
-- standing statuses and %(dealt_with)s the dealt-with ones (api.vocabulary);
-- %(community_id)s one community (null: all) within %(scope)s (null: every one).
-- Settled means demolished, rectified or dismissed.
WITH
-- When each was registered ('created', else its first event), and its latest moves
-- into a settled state before month end.
moves AS (
    SELECT e.violation_id AS id,
           COALESCE(min(e.at) FILTER (WHERE e.kind = 'created'), min(e.at)) AS registered_at,
           max(e.at) FILTER (WHERE e.to_status = 'demolished') AS demolished_at,
           max(e.at) FILTER (WHERE e.to_status = 'rectified') AS rectified_at,
           max(e.at) FILTER (WHERE e.to_status = 'dismissed') AS dismissed_at,
           max(e.at) FILTER (WHERE e.to_status = 'written_off') AS written_off_at,
           (array_agg(e.from_status ORDER BY e.at DESC, e.id DESC)
               FILTER (WHERE e.to_status = 'written_off'))[1] AS written_off_from
    FROM violation_event e
    WHERE e.at < %(end)s AND e.kind <> 'deleted'
    GROUP BY e.violation_id
),
-- Each violation as recorded at month end: its version valid just before then (none:
-- not recorded yet, or deleted by then — both are left out).
at_end AS (
    SELECT x.violation_id AS id, x.status, m.registered_at, m.demolished_at, m.rectified_at,
           m.dismissed_at, m.written_off_at, m.written_off_from,
           x.community_id, x.compound_id, x.ledger, x.found_date, x.floor_area_m2,
           x.plan_deadline, x.stopped_on, x.mapped_area_m2 AS footprint_m2
    FROM violation_version x
    JOIN moves m ON m.id = x.violation_id
    WHERE x.valid @> (%(end)s::timestamptz - interval '1 microsecond')
),
-- How each was settled: demolished, rectified or dismissed (a written-off one by what
-- it was before the write-off), and when.
settled AS (
    SELECT a.*, o.outcome,
           CASE o.outcome WHEN 'demolished' THEN a.demolished_at
                          WHEN 'rectified' THEN a.rectified_at
                          WHEN 'dismissed' THEN a.dismissed_at END AS settled_at
    FROM at_end a
    CROSS JOIN LATERAL (
        SELECT CASE WHEN a.status IN ('demolished', 'rectified', 'dismissed') THEN a.status
                    WHEN a.status = 'written_off'
                         AND a.written_off_from IN ('demolished', 'rectified')
                    THEN a.written_off_from END AS outcome
    ) o
),
-- What each counts for in the month.
counted AS (
    SELECT s.community_id, s.ledger, s.status, s.outcome, s.footprint_m2, s.floor_area_m2,
           s.registered_at >= %(start)s AS found_in_month,
           COALESCE(s.settled_at >= %(start)s, false) AS settled_in_month,
           COALESCE(s.written_off_at >= %(start)s, false) AS written_off_in_month,
           -- The deadline: the plan's, else the compound's, else for a late find (found
           -- after the compound's deadline) its found date plus %(late_days)s
           -- (api/campaign/deadlines.py).
           COALESCE(s.status = ANY(%(standing)s)
                    AND COALESCE(s.plan_deadline, CASE WHEN k.deadline < s.found_date
                                                       THEN s.found_date + %(late_days)s::int
                                                       ELSE k.deadline END) < %(as_of_day)s,
                    false) AS overdue,
           COALESCE(s.ledger = 'new' AND s.status <> 'dismissed' AND CASE
               WHEN s.stopped_on IS NULL
               THEN s.status = ANY(%(standing)s)
                    AND s.found_date + %(new_days)s::int < %(as_of_day)s
               ELSE s.stopped_on > s.found_date + %(new_days)s::int END, false) AS stop_overdue
    FROM settled s
    LEFT JOIN compound k ON k.id = s.compound_id
),
per_community AS (
    SELECT community_id,
           count(*) FILTER (WHERE found_in_month AND ledger = 'stock_ministry')
               AS "found.month.stock_ministry",
           count(*) FILTER (WHERE found_in_month AND ledger = 'stock_survey5')
               AS "found.month.stock_survey5",
           count(*) FILTER (WHERE found_in_month AND ledger = 'stock_missed')
               AS "found.month.stock_missed",
           count(*) FILTER (WHERE found_in_month AND ledger = 'new') AS "found.month.new",
           count(*) FILTER (WHERE found_in_month) AS "found.month.total",
           count(*) FILTER (WHERE ledger = 'stock_ministry') AS "found.cumulative.stock_ministry",
           count(*) FILTER (WHERE ledger = 'stock_survey5') AS "found.cumulative.stock_survey5",
           count(*) FILTER (WHERE ledger = 'stock_missed') AS "found.cumulative.stock_missed",
           count(*) FILTER (WHERE ledger = 'new') AS "found.cumulative.new",
           count(*) FILTER (WHERE true) AS "found.cumulative.total",
           count(*) FILTER (WHERE outcome = 'demolished' AND settled_in_month)
               AS "dealt.month.demolished",
           count(*) FILTER (WHERE outcome = 'rectified' AND settled_in_month)
               AS "dealt.month.rectified",
           count(*) FILTER (WHERE outcome IN ('demolished', 'rectified') AND settled_in_month)
               AS "dealt.month.total",
           count(*) FILTER (WHERE outcome = 'demolished') AS "dealt.cumulative.demolished",
           count(*) FILTER (WHERE outcome = 'rectified') AS "dealt.cumulative.rectified",
           count(*) FILTER (WHERE status = ANY(%(dealt_with)s))
               AS "dealt.cumulative.total",
           count(*) FILTER (WHERE outcome = 'demolished' AND settled_in_month)
               AS "demolitions.month.count",
           round(COALESCE(sum(footprint_m2)
               FILTER (WHERE outcome = 'demolished' AND settled_in_month), 0)::numeric, 2)
               AS "demolitions.month.footprint_m2",
           round(COALESCE(sum(floor_area_m2)
               FILTER (WHERE outcome = 'demolished' AND settled_in_month), 0)::numeric, 2)
               AS "demolitions.month.floor_area_m2",
           count(*) FILTER (WHERE outcome = 'demolished') AS "demolitions.cumulative.count",
           round(COALESCE(sum(footprint_m2) FILTER (WHERE outcome = 'demolished'), 0)::numeric, 2)
               AS "demolitions.cumulative.footprint_m2",
           round(COALESCE(sum(floor_area_m2) FILTER (WHERE outcome = 'demolished'), 0)::numeric, 2)
               AS "demolitions.cumulative.floor_area_m2",
           count(*) FILTER (WHERE outcome = 'dismissed' AND settled_in_month) AS "dismissed.month",
           count(*) FILTER (WHERE outcome = 'dismissed') AS "dismissed.cumulative",
           count(*) FILTER (WHERE status = 'written_off' AND written_off_in_month)
               AS "written_off.month",
           count(*) FILTER (WHERE status = 'written_off') AS "written_off.cumulative",
           count(*) FILTER (WHERE status = ANY(%(standing)s)) AS "standing",
           count(*) FILTER (WHERE overdue) AS "overdue",
           count(*) FILTER (WHERE stop_overdue) AS "stop_overdue"
    FROM counted
    GROUP BY community_id
)
-- Every community not deleted before month end, in the scope asked for.
SELECT c.id, c.code, c.name, to_jsonb(f) - 'community_id' AS figures
FROM community c
LEFT JOIN per_community f ON f.community_id = c.id
WHERE (c.deleted_at IS NULL OR c.deleted_at >= %(end)s)
  AND (%(community_id)s::bigint IS NULL OR c.id = %(community_id)s)
  AND (%(scope)s::bigint[] IS NULL OR c.id = ANY(%(scope)s))
ORDER BY c.code, c.id
