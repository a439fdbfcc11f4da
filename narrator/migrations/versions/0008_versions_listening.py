"""Versions of a narration (corrections update it in place) and anonymous per-day listening counters.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("narrations") as batch:
        batch.add_column(sa.Column("external_id", sa.String(300), nullable=True))
        batch.add_column(sa.Column("version", sa.Integer, nullable=False, server_default="1"))
        batch.add_column(sa.Column("live_version", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("published_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_index("ix_narrations_external_id", ["external_id"])
    op.execute("UPDATE narrations SET live_version = 1, published_at = finished_at WHERE status = 'done'")
    op.create_table(
        "narration_versions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("narration_id", sa.String(32), sa.ForeignKey("narrations.id", ondelete="CASCADE"), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("source_text", sa.Text, nullable=False),
        sa.Column("source_format", sa.String(16), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("author", sa.String(300), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("error", sa.Text, nullable=False, server_default=""),
        sa.Column("restored_from", sa.Integer, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("duration_s", sa.Float, nullable=True),
        sa.Column("sentences_synthesized", sa.Integer, nullable=True),
        sa.Column("sentences_reused", sa.Integer, nullable=True),
        sa.UniqueConstraint("narration_id", "number", name="uq_narration_versions_number"),
    )
    op.create_index("ix_narration_versions_narration_id", "narration_versions", ["narration_id"])
    op.execute("INSERT INTO narration_versions (narration_id, number, content_hash, source_text, source_format, title, "
               "author, status, error, created_at, finished_at, duration_s) SELECT id, 1, content_hash, source_text, "
               "source_format, title, author, status, '', created_at, finished_at, duration_s FROM narrations")
    op.create_table(
        "listening_daily",
        sa.Column("narration_id", sa.String(32), sa.ForeignKey("narrations.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("plays", sa.Integer, nullable=False, server_default="0"),
        sa.Column("reached_25", sa.Integer, nullable=False, server_default="0"),
        sa.Column("reached_50", sa.Integer, nullable=False, server_default="0"),
        sa.Column("reached_75", sa.Integer, nullable=False, server_default="0"),
        sa.Column("reached_100", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_index("ix_listening_daily_day", "listening_daily", ["day"])


def downgrade() -> None:
    op.drop_table("listening_daily")
    op.drop_table("narration_versions")
    with op.batch_alter_table("narrations") as batch:
        batch.drop_index("ix_narrations_external_id")
        for column in ("updated_at", "published_at", "live_version", "version", "external_id"):
            batch.drop_column(column)
