-- Template. The figures of cell_stats.sql computed afresh for the period asked
-- (placeholder stats), in the columns of maintained_stats.sql: computed now, so no
-- `computed_at`.
SELECT f.*, NULL::timestamptz AS computed_at FROM ({stats}) f
