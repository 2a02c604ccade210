"""offer SMS code: the short code an agent answers an offer with by SMS (YES <code>); agents' SMS commands handled

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 15:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('offer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sms_code', sa.String(length=4), nullable=True))

    op.create_table('agent_sms_command',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_sid', sa.String(length=64), nullable=True),
    sa.Column('agent_id', sa.Integer(), nullable=False),
    sa.Column('command', sa.String(length=12), nullable=False),
    sa.Column('reply_template', sa.String(length=60), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['agent.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('message_sid')
    )
    with op.batch_alter_table('agent_sms_command', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agent_sms_command_agent_id'), ['agent_id'], unique=False)


def downgrade():
    with op.batch_alter_table('agent_sms_command', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agent_sms_command_agent_id'))

    op.drop_table('agent_sms_command')

    with op.batch_alter_table('offer', schema=None) as batch_op:
        batch_op.drop_column('sms_code')
