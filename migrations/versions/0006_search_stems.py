"""search: index each entry's stems (split and stemmed in Python) on both databases

FTS5's Porter stemmer and tokenizer and PostgreSQL's english configuration found different
entries for one word in twenty ("generate": 60 on SQLite, 1 on PostgreSQL). Each entry now keeps
its stems (app/text/search_text.py) in `terms`; FTS5 (unicode61, no stemmer) and, on PostgreSQL,
a GIN index over a stored `terms_tsv = to_tsvector('simple', terms)` index them as they are, so
both databases find the same entries.
Existing entries get their stems here; nothing else changes.

Revision ID: 0006_search
Revises: scale
Create Date: 2026-12-01
"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

from app.text.search_text import index_terms

revision: str = "0006_search"
down_revision: Union[str, None] = "scale"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

BATCH = 1000


def _fill_terms() -> None:
    conn = op.get_bind()
    entry = sa.table("searchentry", sa.column("id", sa.Integer), sa.column("text", sa.String),
                     sa.column("terms", sa.String))
    last = 0
    while rows := conn.execute(sa.select(entry.c.id, entry.c.text).where(entry.c.id > last)
                               .order_by(entry.c.id).limit(BATCH)).all():
        conn.execute(entry.update().where(entry.c.id == sa.bindparam("eid")).values(terms=sa.bindparam("t")),
                     [{"eid": i, "t": index_terms(t)} for i, t in rows])
        last = rows[-1][0]


def upgrade() -> None:
    with op.batch_alter_table("searchentry") as batch:
        batch.add_column(sa.Column("terms", sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=""))
    _fill_terms()
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS searchentry_fts")
        op.execute("CREATE VIRTUAL TABLE searchentry_fts USING fts5(terms, content='searchentry', "
                   "content_rowid='id', tokenize='unicode61 remove_diacritics 0')")
        op.execute("INSERT INTO searchentry_fts(searchentry_fts) VALUES('rebuild')")
    else:  # the vector stored, so a phrase's recheck and the ranking do not recompute it per row
        op.execute("DROP INDEX IF EXISTS searchentry_tsv")
        op.execute("ALTER TABLE searchentry ADD COLUMN terms_tsv tsvector "
                   "GENERATED ALWAYS AS (to_tsvector('simple', terms)) STORED")
        op.execute("CREATE INDEX searchentry_tsv_terms ON searchentry USING GIN (terms_tsv)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS searchentry_fts")
        op.execute("CREATE VIRTUAL TABLE searchentry_fts USING fts5(text, content='searchentry', "
                   "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')")
        op.execute("INSERT INTO searchentry_fts(searchentry_fts) VALUES('rebuild')")
    else:
        op.execute("DROP INDEX IF EXISTS searchentry_tsv_terms")
        op.execute("ALTER TABLE searchentry DROP COLUMN IF EXISTS terms_tsv")
        op.execute("CREATE INDEX searchentry_tsv ON searchentry USING GIN (to_tsvector('english', text))")
    with op.batch_alter_table("searchentry") as batch:
        batch.drop_column("terms")
