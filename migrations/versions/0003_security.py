"""security: per-account session version (revocable sessions), the hash-chained security event log

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 12:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='0', nullable=False))

    op.create_table('security_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('event', sa.String(length=32), nullable=False),
    sa.Column('actor', sa.String(length=120), nullable=False),
    sa.Column('subject', sa.String(length=120), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('previous_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('hash')
    )
    # Append-only: the database refuses to change a row (core/audit.py APPEND_ONLY_DDL, the same statements).
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("CREATE OR REPLACE FUNCTION security_event_append_only() RETURNS trigger LANGUAGE plpgsql AS "
                   "$$ BEGIN RAISE EXCEPTION 'security_event is append-only'; END $$")
        op.execute("CREATE TRIGGER security_event_append_only BEFORE UPDATE ON security_event "
                   "FOR EACH ROW EXECUTE FUNCTION security_event_append_only()")
    else:
        op.execute("CREATE TRIGGER security_event_append_only BEFORE UPDATE ON security_event "
                   "BEGIN SELECT RAISE(ABORT, 'security_event is append-only'); END")


def downgrade():
    op.drop_table('security_event')  # its trigger goes with it
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP FUNCTION IF EXISTS security_event_append_only()")
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('session_version')
