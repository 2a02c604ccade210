"""every request reaches an agent: SMS outbox states, waiting requests, supervisors' offers

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 11:45:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('request_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('attempts', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('next_attempt_at', sa.DateTime(), nullable=False,
                                      server_default=sa.text('CURRENT_TIMESTAMP')))
        batch_op.add_column(sa.Column('queued_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('claimed_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('provider', sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column('sent_at', sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f('ix_outbox_message_request_id'), ['request_id'], unique=False)
        batch_op.create_index('ix_outbox_status_next_attempt', ['status', 'next_attempt_at'], unique=False)
    # Rows of the old outbox were sent (or kept locally) when written; failed ones stay failed.
    op.execute("UPDATE outbox_message SET status = 'sent', provider = 'outbox' WHERE status = 'local'")
    op.execute("UPDATE outbox_message SET provider = 'twilio', sent_at = created_at WHERE status = 'sent' "
               "AND provider IS NULL")

    with op.batch_alter_table('service_request', schema=None) as batch_op:
        batch_op.add_column(sa.Column('next_dispatch_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('wait_rounds', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('waiting_notified_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('offers_reset_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('cancel_reason', sa.String(length=40), nullable=True))
    # Escalated requests used to stop; now they wait and dispatch keeps trying (documents missing excepted).
    op.execute("UPDATE service_request SET needs_dispatch = true WHERE state = 'unassigned' "
               "AND escalation_reason <> 'documents_missing'")

    with op.batch_alter_table('offer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('offered_by', sa.String(length=60), nullable=True))


def downgrade():
    with op.batch_alter_table('offer', schema=None) as batch_op:
        batch_op.drop_column('offered_by')

    with op.batch_alter_table('service_request', schema=None) as batch_op:
        batch_op.drop_column('cancel_reason')
        batch_op.drop_column('offers_reset_at')
        batch_op.drop_column('waiting_notified_at')
        batch_op.drop_column('wait_rounds')
        batch_op.drop_column('next_dispatch_at')

    op.execute("UPDATE outbox_message SET status = 'local' WHERE status = 'sent' AND provider = 'outbox'")
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_status_next_attempt')
        batch_op.drop_index(batch_op.f('ix_outbox_message_request_id'))
        batch_op.drop_column('sent_at')
        batch_op.drop_column('provider')
        batch_op.drop_column('claimed_at')
        batch_op.drop_column('queued_at')
        batch_op.drop_column('next_attempt_at')
        batch_op.drop_column('attempts')
        batch_op.drop_column('request_id')
