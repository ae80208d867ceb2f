"""Failed logins counted per client address, so that one address guessing passwords is
slowed down whichever usernames it tries, in every worker process alike.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01

One row per address that failed to log in: how many failures since the window began
(api/auth/throttle.py). A success does not reset it; a window that has ended starts
again at the next failure.
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

UPGRADE = """
CREATE TABLE login_throttle (
    address text PRIMARY KEY CHECK (address <> ''),
    failures integer NOT NULL CHECK (failures > 0),
    window_started_at timestamptz NOT NULL,
    last_failed_at timestamptz NOT NULL
);
COMMENT ON TABLE login_throttle IS 'Failed logins per client address in the current window.';
"""

DOWNGRADE = """
DROP TABLE login_throttle;
"""


def upgrade() -> None:
    op.execute(UPGRADE)


def downgrade() -> None:
    op.execute(DOWNGRADE)
