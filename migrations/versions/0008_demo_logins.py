"""The demo's logins, for the login page of a demo to offer.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01

Filled only by `weijian demo load` (the demo package, demo/accounts.py), which writes the
demo accounts it creates here — username, password, role and a label — so that the
service can offer them on the login page without knowing the demo. The service reads
this table only when WEIJIAN_ENV=demo (`/api/v1/public/map-config`'s `demo_logins`);
anywhere else it is left empty, and ignored even if it is not.

The passwords are kept in the clear on purpose: they are the demo's public passwords
(printed by `make demo` and listed in the README), never a real account's. The real
accounts' password hashes stay in app_user.
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

UPGRADE = """
CREATE TABLE demo_login (
    position smallint PRIMARY KEY,
    username text NOT NULL UNIQUE CHECK (username <> ''),
    password text NOT NULL CHECK (password <> ''),
    role text NOT NULL CHECK (role IN ('admin', 'inspector', 'viewer')),
    name text NOT NULL DEFAULT ''
);
COMMENT ON TABLE demo_login IS 'The demo''s public logins: written by `weijian demo load` '
    'only, read only when WEIJIAN_ENV=demo.';
"""

DOWNGRADE = """
DROP TABLE demo_login;
"""


def upgrade() -> None:
    op.execute(UPGRADE)


def downgrade() -> None:
    op.execute(DOWNGRADE)
