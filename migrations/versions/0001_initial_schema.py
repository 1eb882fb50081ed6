"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 11:47:16.207508
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes


revision: str = '0001'
down_revision: Union[str, None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:

    op.create_table('delegation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('delegation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_delegation_slug'), ['slug'], unique=True)

    op.create_table('document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('issued_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('base_id', sa.Integer(), nullable=True),
    sa.Column('notes', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('source_file', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('source_first', sa.Integer(), nullable=False),
    sa.Column('source_last', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['base_id'], ['document.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_slug'), ['slug'], unique=True)

    op.create_table('processevent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('source_file', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('source_first', sa.Integer(), nullable=False),
    sa.Column('source_last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('date', 'kind', 'title')
    )
    with op.batch_alter_table('processevent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_processevent_date'), ['date'], unique=False)

    op.create_table('delegationalias',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('delegation_id', sa.Integer(), nullable=False),
    sa.Column('alias', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.ForeignKeyConstraint(['delegation_id'], ['delegation.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('alias')
    )
    with op.batch_alter_table('delegationalias', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_delegationalias_delegation_id'), ['delegation_id'], unique=False)

    op.create_table('delegationmember',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['delegation.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('group_id', 'name')
    )
    with op.batch_alter_table('delegationmember', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_delegationmember_group_id'), ['group_id'], unique=False)

    op.create_table('paragraph',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('label', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('section', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('order', sa.Integer(), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('merged_into_id', sa.Integer(), nullable=True),
    sa.Column('text_quality', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('curation', sa.JSON(), nullable=False),
    sa.Column('source_first', sa.Integer(), nullable=False),
    sa.Column('source_last', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ),
    sa.ForeignKeyConstraint(['merged_into_id'], ['paragraph.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('document_id', 'label')
    )
    with op.batch_alter_table('paragraph', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_paragraph_document_id'), ['document_id'], unique=False)

    op.create_table('processeventdocument',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ),
    sa.ForeignKeyConstraint(['event_id'], ['processevent.id'], ),
    sa.PrimaryKeyConstraint('event_id', 'document_id')
    )
    op.create_table('section',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('order', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('document_id', 'key')
    )
    with op.batch_alter_table('section', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_section_document_id'), ['document_id'], unique=False)

    op.create_table('user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('delegation_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("(role = 'delegation') = (delegation_id IS NOT NULL)", name='ck_user_delegation'),
    sa.CheckConstraint("role IN ('facilitator', 'delegation', 'reader')", name='ck_user_role'),
    sa.ForeignKeyConstraint(['delegation_id'], ['delegation.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_email'), ['email'], unique=True)

    op.create_table('amendment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
    sa.Column('compilation_id', sa.Integer(), nullable=False),
    sa.Column('delegation_id', sa.Integer(), nullable=False),
    sa.Column('target_paragraph_id', sa.Integer(), nullable=False),
    sa.Column('new_label', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('stance', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('probable_delegation_id', sa.Integer(), nullable=True),
    sa.Column('order', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['compilation_id'], ['document.id'], ),
    sa.ForeignKeyConstraint(['delegation_id'], ['delegation.id'], ),
    sa.ForeignKeyConstraint(['probable_delegation_id'], ['delegation.id'], ),
    sa.ForeignKeyConstraint(['target_paragraph_id'], ['paragraph.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('amendment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_amendment_compilation_id'), ['compilation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_amendment_delegation_id'), ['delegation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_amendment_key'), ['key'], unique=True)
        batch_op.create_index(batch_op.f('ix_amendment_target_paragraph_id'), ['target_paragraph_id'], unique=False)

    op.create_table('auditevent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('entity', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('entity_key', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('auditevent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_auditevent_at'), ['at'], unique=False)

    op.create_table('lineagelink',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('from_paragraph_id', sa.Integer(), nullable=True),
    sa.Column('to_paragraph_id', sa.Integer(), nullable=False),
    sa.Column('relation', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('origin', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.ForeignKeyConstraint(['from_paragraph_id'], ['paragraph.id'], ),
    sa.ForeignKeyConstraint(['to_paragraph_id'], ['paragraph.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('from_paragraph_id', 'to_paragraph_id', 'relation')
    )
    with op.batch_alter_table('lineagelink', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lineagelink_from_paragraph_id'), ['from_paragraph_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lineagelink_to_paragraph_id'), ['to_paragraph_id'], unique=False)

    op.create_table('amendmentrevision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('amendment_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('rationale', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('text_quality', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('curation', sa.JSON(), nullable=False),
    sa.Column('source_first', sa.Integer(), nullable=False),
    sa.Column('source_last', sa.Integer(), nullable=False),
    sa.Column('is_current', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['amendment_id'], ['amendment.id'], ),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('amendment_id', 'number')
    )
    with op.batch_alter_table('amendmentrevision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_amendmentrevision_amendment_id'), ['amendment_id'], unique=False)
        batch_op.create_index('uq_amendmentrevision_current', ['amendment_id'], unique=True, sqlite_where=sa.text('is_current'), postgresql_where=sa.text('is_current'))




def downgrade() -> None:

    with op.batch_alter_table('amendmentrevision', schema=None) as batch_op:
        batch_op.drop_index('uq_amendmentrevision_current', sqlite_where=sa.text('is_current'), postgresql_where=sa.text('is_current'))
        batch_op.drop_index(batch_op.f('ix_amendmentrevision_amendment_id'))

    op.drop_table('amendmentrevision')
    with op.batch_alter_table('lineagelink', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lineagelink_to_paragraph_id'))
        batch_op.drop_index(batch_op.f('ix_lineagelink_from_paragraph_id'))

    op.drop_table('lineagelink')
    with op.batch_alter_table('auditevent', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_auditevent_at'))

    op.drop_table('auditevent')
    with op.batch_alter_table('amendment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_amendment_target_paragraph_id'))
        batch_op.drop_index(batch_op.f('ix_amendment_key'))
        batch_op.drop_index(batch_op.f('ix_amendment_delegation_id'))
        batch_op.drop_index(batch_op.f('ix_amendment_compilation_id'))

    op.drop_table('amendment')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_email'))

    op.drop_table('user')
    with op.batch_alter_table('section', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_section_document_id'))

    op.drop_table('section')
    op.drop_table('processeventdocument')
    with op.batch_alter_table('paragraph', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_paragraph_document_id'))

    op.drop_table('paragraph')
    with op.batch_alter_table('delegationmember', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_delegationmember_group_id'))

    op.drop_table('delegationmember')
    with op.batch_alter_table('delegationalias', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_delegationalias_delegation_id'))

    op.drop_table('delegationalias')
    with op.batch_alter_table('processevent', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_processevent_date'))

    op.drop_table('processevent')
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_slug'))
        batch_op.drop_index(batch_op.f('ix_document_kind'))

    op.drop_table('document')
    with op.batch_alter_table('delegation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_delegation_slug'))

    op.drop_table('delegation')

