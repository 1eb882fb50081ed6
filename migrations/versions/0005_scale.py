"""scale: an index on document.base_id (the drafts and compilations made from a document)

Looked up on every list of inputs (a paragraph deleted by the next draft composed from its
document) and by the compilations; without it each lookup read every document, which grows with
the number of negotiations.

Revision ID: scale
Revises: 0004
Create Date: 2026-11-30
"""
from typing import Sequence, Union

from alembic import op

revision: str = "scale"
down_revision: Union[str, None] = "0004"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("document") as batch:
        batch.create_index("ix_document_base_id", ["base_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("document") as batch:
        batch.drop_index("ix_document_base_id")
