"""full-text search: searchentry, with FTS5 on SQLite and a GIN tsvector index on PostgreSQL

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes

revision: str = "0002"
down_revision: Union[str, None] = "0001"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "searchentry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("document", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("label", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("section", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("delegation", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
        sa.Column("ref", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("searchentry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_searchentry_document"), ["document"], unique=False)
        batch_op.create_index(batch_op.f("ix_searchentry_delegation"), ["delegation"], unique=False)
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE searchentry_fts USING fts5(text, content='searchentry', "
                   "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')")
    else:
        op.execute("CREATE INDEX searchentry_tsv ON searchentry USING GIN (to_tsvector('english', text))")
    # Existing databases get their entries at the next `stemma load` (nothing is lost: they are derived).


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS searchentry_fts")
    else:
        op.execute("DROP INDEX IF EXISTS searchentry_tsv")
    with op.batch_alter_table("searchentry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_searchentry_delegation"))
        batch_op.drop_index(batch_op.f("ix_searchentry_document"))
    op.drop_table("searchentry")
