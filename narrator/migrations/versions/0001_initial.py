"""Narrations and their chapters.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "narrations",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("author", sa.String(300), nullable=False),
        sa.Column("url", sa.String(2000), nullable=False),
        sa.Column("source_format", sa.String(16), nullable=False),
        sa.Column("source_text", sa.Text, nullable=False),
        sa.Column("voice_settings", sa.JSON, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("progress", sa.Float, nullable=False),
        sa.Column("current_step", sa.String(200), nullable=False),
        sa.Column("error", sa.Text, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("narrator_name", sa.String(100), nullable=False),
        sa.Column("duration_s", sa.Float, nullable=True),
        sa.Column("mp3_bytes", sa.Integer, nullable=True),
        sa.Column("timings", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_narrations_content_hash", "narrations", ["content_hash"], unique=True)
    op.create_index("ix_narrations_status", "narrations", ["status"])
    op.create_index("ix_narrations_created_at", "narrations", ["created_at"])
    op.create_table(
        "chapters",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("narration_id", sa.String(32), sa.ForeignKey("narrations.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("start_s", sa.Float, nullable=False),
        sa.Column("end_s", sa.Float, nullable=False),
    )
    op.create_index("ix_chapters_narration_id", "chapters", ["narration_id"])


def downgrade() -> None:
    op.drop_table("chapters")
    op.drop_table("narrations")
