"""Listening checks: each narration heard back by a recognizer (word error rate and the words heard wrong).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "listening_checks",
        sa.Column("narration_id", sa.String(32), sa.ForeignKey("narrations.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("status", sa.String(16), nullable=False, server_default="pending"),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.Column("wer", sa.Float, nullable=True),
        sa.Column("words", sa.JSON, nullable=False),
        sa.Column("said", sa.Integer, nullable=False, server_default="0"),
        sa.Column("seconds", sa.Float, nullable=True),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reason", sa.String(300), nullable=False, server_default=""),
    )


def downgrade() -> None:
    op.drop_table("listening_checks")
