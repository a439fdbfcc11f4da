"""The shared pronunciation lexicon and listeners' pronunciation reports.

Revision ID: 0007
Revises: 0004
Create Date: 2026-11-26
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lexicon_entries",
        sa.Column("word", sa.String(60), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("value", sa.String(120), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False))
    op.create_table(
        "pronunciation_reports",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("narration_id", sa.String(32), sa.ForeignKey("narrations.id", ondelete="CASCADE"), nullable=False),
        sa.Column("word", sa.String(60), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False))
    op.create_index("ix_pronunciation_reports_narration_id", "pronunciation_reports", ["narration_id"])
    op.create_index("ix_pronunciation_reports_word", "pronunciation_reports", ["word"])


def downgrade() -> None:
    op.drop_table("pronunciation_reports")
    op.drop_table("lexicon_entries")
