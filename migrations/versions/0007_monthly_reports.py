"""Monthly reports (月报): the figures a community submitted for a month, frozen.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27

A submission freezes the figures of one community and month as they were computed at
that moment (`figures`, the JSON the report shows; `rules`, the settings they were
computed under), so later edits of the data do not change what was reported. Rows are
never changed or removed (append-only, like the violation history). A month may be
submitted again — by the street office, with a reason — as a new row that names the
one it `supersedes`; the current submission is the one nothing supersedes, and the
time a row was superseded is its successor's `submitted_at`. The keys keep the chain
straight: one first submission per community and month, each row superseded at most
once, and only by a row of the same community and month.
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

UPGRADE = """
CREATE TABLE monthly_report (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    community_id bigint NOT NULL REFERENCES community (id),
    month date NOT NULL CHECK (extract(day FROM month) = 1),
    figures jsonb NOT NULL CHECK (jsonb_typeof(figures) = 'object'),
    rules jsonb NOT NULL DEFAULT '{}'::jsonb,
    as_of timestamptz NOT NULL,
    submitted_by text NOT NULL CHECK (submitted_by <> ''),
    submitted_at timestamptz NOT NULL DEFAULT now(),
    reason text,
    supersedes bigint,
    request_id text,
    UNIQUE (id, community_id, month),
    UNIQUE (supersedes),
    FOREIGN KEY (supersedes, community_id, month)
        REFERENCES monthly_report (id, community_id, month),
    CHECK (supersedes IS NULL OR reason IS NOT NULL)
);
CREATE UNIQUE INDEX monthly_report_first_key ON monthly_report (community_id, month)
    WHERE supersedes IS NULL;
CREATE INDEX monthly_report_month_idx ON monthly_report (month, community_id, id);
CREATE TRIGGER monthly_report_append_only
    BEFORE UPDATE OR DELETE ON monthly_report
    FOR EACH ROW EXECUTE FUNCTION weijian_append_only();
CREATE TRIGGER monthly_report_no_truncate
    BEFORE TRUNCATE ON monthly_report
    FOR EACH STATEMENT EXECUTE FUNCTION weijian_append_only();
"""

DOWNGRADE = """
DROP TABLE monthly_report;
"""


def upgrade() -> None:
    op.execute(UPGRADE)


def downgrade() -> None:
    op.execute(DOWNGRADE)
