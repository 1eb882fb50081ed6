"""write side: negotiations, rounds, accounts, tokens, sessions, reflections, audit before/after

Every new non-null column has a server default, so existing rows keep their data; documents and
events get their negotiation at the next `stemma load`. The audit table gets triggers that refuse
UPDATE and DELETE (SQLite and PostgreSQL).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 18:32:08.870562
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes


revision: str = '0004'
down_revision: Union[str, None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('instancesecret',
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('value', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('loginattempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('address', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('loginattempt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_loginattempt_address'), ['address'], unique=False)
        batch_op.create_index(batch_op.f('ix_loginattempt_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_loginattempt_name'), ['name'], unique=False)

    op.create_table('negotiation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('origin', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('negotiation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_negotiation_slug'), ['slug'], unique=True)

    op.create_table('apitoken',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('prefix', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    with op.batch_alter_table('apitoken', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_apitoken_prefix'), ['prefix'], unique=False)
        batch_op.create_index(batch_op.f('ix_apitoken_user_id'), ['user_id'], unique=False)

    op.create_table('websession',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('csrf', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    with op.batch_alter_table('websession', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_websession_user_id'), ['user_id'], unique=False)

    op.create_table('round',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('negotiation_id', sa.Integer(), nullable=True),
    sa.Column('base_id', sa.Integer(), nullable=False),
    sa.Column('compilation_id', sa.Integer(), nullable=False),
    sa.Column('deadline', sa.DateTime(timezone=True), nullable=True),
    sa.Column('state', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('origin', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("state IN ('open', 'closed', 'published')", name='ck_round_state'),
    sa.ForeignKeyConstraint(['base_id'], ['document.id'], ),
    sa.ForeignKeyConstraint(['compilation_id'], ['document.id'], ),
    sa.ForeignKeyConstraint(['negotiation_id'], ['negotiation.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('compilation_id')
    )
    with op.batch_alter_table('round', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_round_negotiation_id'), ['negotiation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_round_slug'), ['slug'], unique=True)

    op.create_table('reflection',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('paragraph_id', sa.Integer(), nullable=False),
    sa.Column('amendment_id', sa.Integer(), nullable=False),
    sa.Column('origin', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.ForeignKeyConstraint(['amendment_id'], ['amendment.id'], ),
    sa.ForeignKeyConstraint(['paragraph_id'], ['paragraph.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('paragraph_id', 'amendment_id')
    )
    with op.batch_alter_table('reflection', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reflection_amendment_id'), ['amendment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reflection_paragraph_id'), ['paragraph_id'], unique=False)

    with op.batch_alter_table('amendment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False, server_default='active'))
        batch_op.add_column(sa.Column('origin', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False, server_default='record'))
        batch_op.add_column(sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True))

    # SQLite's batch mode rebuilds the table: take the partial unique index out and put it back.
    op.drop_index('uq_amendmentrevision_current', table_name='amendmentrevision')
    with op.batch_alter_table('amendmentrevision', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True))
        batch_op.add_column(sa.Column('stance', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True))
        batch_op.add_column(sa.Column('new_label', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True))
        batch_op.add_column(sa.Column('author', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True))
        batch_op.add_column(sa.Column('late_note', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.alter_column('source_first',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.alter_column('source_last',
               existing_type=sa.INTEGER(),
               nullable=True)
    _current_revision_index()

    with op.batch_alter_table('auditevent', schema=None) as batch_op:
        batch_op.add_column(sa.Column('actor', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True))
        batch_op.add_column(sa.Column('negotiation_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('before', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('after', sa.JSON(), nullable=True))
        batch_op.create_index(batch_op.f('ix_auditevent_negotiation_id'), ['negotiation_id'], unique=False)
        batch_op.create_foreign_key('fk_auditevent_negotiation', 'negotiation', ['negotiation_id'], ['id'])

    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('negotiation_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('state', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False, server_default='published'))
        batch_op.add_column(sa.Column('origin', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False, server_default='record'))
        batch_op.add_column(sa.Column('created_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.alter_column('source_file',
               existing_type=sa.VARCHAR(length=200),
               nullable=True)
        batch_op.alter_column('source_first',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.alter_column('source_last',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.create_index(batch_op.f('ix_document_negotiation_id'), ['negotiation_id'], unique=False)
        batch_op.create_foreign_key('fk_document_negotiation', 'negotiation', ['negotiation_id'], ['id'])
        batch_op.create_foreign_key('fk_document_created_by', 'user', ['created_by_id'], ['id'])

    with op.batch_alter_table('paragraph', schema=None) as batch_op:
        batch_op.alter_column('source_first',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.alter_column('source_last',
               existing_type=sa.INTEGER(),
               nullable=True)

    with op.batch_alter_table('processevent', schema=None) as batch_op:
        batch_op.add_column(sa.Column('negotiation_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_processevent_negotiation_id'), ['negotiation_id'], unique=False)
        batch_op.create_foreign_key('fk_processevent_negotiation', 'negotiation', ['negotiation_id'], ['id'])

    with op.batch_alter_table('section', schema=None) as batch_op:
        batch_op.add_column(sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('negotiation_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('password_hash', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column('active', sa.Boolean(), nullable=False, server_default=sa.true()))
        batch_op.alter_column('email',
               existing_type=sa.VARCHAR(length=200),
               nullable=True)
        batch_op.drop_index(batch_op.f('ix_user_email'))
        batch_op.create_index(batch_op.f('ix_user_name'), ['name'], unique=True)
        batch_op.create_foreign_key('fk_user_negotiation', 'negotiation', ['negotiation_id'], ['id'])

    _create_audit_guard()


def downgrade() -> None:
    _drop_audit_guard()
    op.execute('UPDATE "user" SET email = name WHERE email IS NULL')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_constraint('fk_user_negotiation', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_user_name'))
        batch_op.create_index(batch_op.f('ix_user_email'), ['email'], unique=1)
        batch_op.alter_column('email',
               existing_type=sa.VARCHAR(length=200),
               nullable=False)
        batch_op.drop_column('active')
        batch_op.drop_column('password_hash')
        batch_op.drop_column('negotiation_id')

    with op.batch_alter_table('section', schema=None) as batch_op:
        batch_op.drop_column('retired_at')

    with op.batch_alter_table('processevent', schema=None) as batch_op:
        batch_op.drop_constraint('fk_processevent_negotiation', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_processevent_negotiation_id'))
        batch_op.drop_column('retired_at')
        batch_op.drop_column('negotiation_id')

    with op.batch_alter_table('paragraph', schema=None) as batch_op:
        batch_op.alter_column('source_last',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.alter_column('source_first',
               existing_type=sa.INTEGER(),
               nullable=False)

    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.drop_constraint('fk_document_created_by', type_='foreignkey')
        batch_op.drop_constraint('fk_document_negotiation', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_document_negotiation_id'))
        batch_op.alter_column('source_last',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.alter_column('source_first',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.alter_column('source_file',
               existing_type=sa.VARCHAR(length=200),
               nullable=False)
        batch_op.drop_column('retired_at')
        batch_op.drop_column('created_by_id')
        batch_op.drop_column('origin')
        batch_op.drop_column('state')
        batch_op.drop_column('negotiation_id')

    with op.batch_alter_table('auditevent', schema=None) as batch_op:
        batch_op.drop_constraint('fk_auditevent_negotiation', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_auditevent_negotiation_id'))
        batch_op.drop_column('after')
        batch_op.drop_column('before')
        batch_op.drop_column('negotiation_id')
        batch_op.drop_column('actor')

    op.drop_index('uq_amendmentrevision_current', table_name='amendmentrevision')
    with op.batch_alter_table('amendmentrevision', schema=None) as batch_op:
        batch_op.alter_column('source_last',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.alter_column('source_first',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.drop_column('late_note')
        batch_op.drop_column('author')
        batch_op.drop_column('new_label')
        batch_op.drop_column('stance')
        batch_op.drop_column('kind')
    _current_revision_index()

    with op.batch_alter_table('amendment', schema=None) as batch_op:
        batch_op.drop_column('retired_at')
        batch_op.drop_column('origin')
        batch_op.drop_column('status')

    with op.batch_alter_table('reflection', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reflection_paragraph_id'))
        batch_op.drop_index(batch_op.f('ix_reflection_amendment_id'))

    op.drop_table('reflection')
    with op.batch_alter_table('round', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_round_slug'))
        batch_op.drop_index(batch_op.f('ix_round_negotiation_id'))

    op.drop_table('round')
    with op.batch_alter_table('websession', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_websession_user_id'))

    op.drop_table('websession')
    with op.batch_alter_table('apitoken', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_apitoken_user_id'))
        batch_op.drop_index(batch_op.f('ix_apitoken_prefix'))

    op.drop_table('apitoken')
    with op.batch_alter_table('negotiation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_negotiation_slug'))

    op.drop_table('negotiation')
    with op.batch_alter_table('loginattempt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_loginattempt_name'))
        batch_op.drop_index(batch_op.f('ix_loginattempt_at'))
        batch_op.drop_index(batch_op.f('ix_loginattempt_address'))

    op.drop_table('loginattempt')
    op.drop_table('instancesecret')


def _current_revision_index() -> None:
    op.create_index('uq_amendmentrevision_current', 'amendmentrevision', ['amendment_id'], unique=True,
                    sqlite_where=sa.text('is_current'), postgresql_where=sa.text('is_current'))


def _create_audit_guard() -> None:
    """The audit log is append-only in the database itself, whatever client writes to it."""
    if op.get_bind().dialect.name == 'sqlite':
        for verb in ('UPDATE', 'DELETE'):
            op.execute(f"CREATE TRIGGER auditevent_no_{verb.lower()} BEFORE {verb} ON auditevent "
                       "BEGIN SELECT RAISE(ABORT, 'audit events are appended, never edited or deleted'); END")
    else:
        op.execute("CREATE FUNCTION auditevent_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
                   "BEGIN RAISE EXCEPTION 'audit events are appended, never edited or deleted'; END $$")
        op.execute("CREATE TRIGGER auditevent_append_only BEFORE UPDATE OR DELETE ON auditevent "
                   "FOR EACH ROW EXECUTE FUNCTION auditevent_append_only()")


def _drop_audit_guard() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        op.execute("DROP TRIGGER IF EXISTS auditevent_no_update")
        op.execute("DROP TRIGGER IF EXISTS auditevent_no_delete")
    else:
        op.execute("DROP TRIGGER IF EXISTS auditevent_append_only ON auditevent")
        op.execute("DROP FUNCTION IF EXISTS auditevent_append_only()")
