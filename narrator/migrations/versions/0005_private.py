"""Private narrations and listeners: visibility, the listener's secret feed, shared audio, expiry.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "listeners",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("feed_token", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_listeners_feed_token", "listeners", ["feed_token"], unique=True)
    op.create_index("ix_listeners_seen_at", "listeners", ["seen_at"])
    with op.batch_alter_table("narrations") as batch:
        batch.add_column(sa.Column("visibility", sa.String(16), nullable=False, server_default="public"))
        batch.add_column(sa.Column("listener_id", sa.String(32), nullable=True))
        batch.add_column(sa.Column("render_key", sa.String(64), nullable=False, server_default=""))
        batch.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_index("ix_narrations_visibility", ["visibility"])
        batch.create_index("ix_narrations_listener_id", ["listener_id"])
        batch.create_index("ix_narrations_render_key", ["render_key"])
        batch.create_index("ix_narrations_expires_at", ["expires_at"])
    op.execute("UPDATE narrations SET render_key = content_hash")  # every earlier narration was public


def downgrade() -> None:
    with op.batch_alter_table("narrations") as batch:
        for name in ("expires_at", "render_key", "listener_id", "visibility"):
            batch.drop_index(f"ix_narrations_{name}")
            batch.drop_column(name)
    op.drop_table("listeners")
