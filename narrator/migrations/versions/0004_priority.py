"""Queue priority of a narration (listeners' requests before archive imports).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("narrations") as batch:
        batch.add_column(sa.Column("priority", sa.Integer, nullable=False, server_default="10"))


def downgrade() -> None:
    with op.batch_alter_table("narrations") as batch:
        batch.drop_column("priority")
