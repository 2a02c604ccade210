"""disputes and ratings: fee disputes by SMS, a rating per moment (visit, delivery), bad ratings followed up

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 15:20:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

# SQLite's unique constraint on ivr_rating.request_id was created without a name: batch mode names it by this.
SQLITE_NAMES = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def _request_id_unique_name() -> str:
    return "ivr_rating_request_id_key" if op.get_bind().dialect.name == "postgresql" else "uq_ivr_rating_request_id"


def upgrade():
    op.create_table('fee_dispute',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('agent_id', sa.Integer(), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('claimed_amount', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('notified_fee', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('fee_collected', sa.Numeric(precision=10, scale=2), nullable=True),
    sa.Column('state', sa.String(length=8), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('decided_by', sa.String(length=120), nullable=True),
    sa.Column('message_sid', sa.String(length=64), nullable=True),
    sa.Column('opened_at', sa.DateTime(), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['agent_id'], ['agent.id'], ),
    sa.ForeignKeyConstraint(['request_id'], ['service_request.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('message_sid'),
    sa.UniqueConstraint('request_id')
    )
    with op.batch_alter_table('fee_dispute', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fee_dispute_agent_id'), ['agent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_fee_dispute_state'), ['state'], unique=False)

    with op.batch_alter_table('ivr_rating', schema=None, naming_convention=SQLITE_NAMES) as batch_op:
        batch_op.add_column(sa.Column('moment', sa.String(length=8), server_default='visit', nullable=False))
        batch_op.drop_constraint(_request_id_unique_name(), type_='unique')
        batch_op.create_unique_constraint('uq_ivr_rating_request_moment', ['request_id', 'moment'])

    with op.batch_alter_table('ivr_callback_request', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rating_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint('uq_ivr_callback_request_rating_id', ['rating_id'])
        batch_op.create_foreign_key('fk_ivr_callback_request_rating_id', 'ivr_rating', ['rating_id'], ['id'])


def downgrade():
    with op.batch_alter_table('ivr_callback_request', schema=None) as batch_op:
        batch_op.drop_constraint('fk_ivr_callback_request_rating_id', type_='foreignkey')
        batch_op.drop_constraint('uq_ivr_callback_request_rating_id', type_='unique')
        batch_op.drop_column('rating_id')

    # One rating per request again: the delivery ratings cannot stay.
    op.execute("DELETE FROM ivr_rating WHERE moment <> 'visit'")
    with op.batch_alter_table('ivr_rating', schema=None, naming_convention=SQLITE_NAMES) as batch_op:
        batch_op.drop_constraint('uq_ivr_rating_request_moment', type_='unique')
        batch_op.create_unique_constraint(_request_id_unique_name(), ['request_id'])
        batch_op.drop_column('moment')

    with op.batch_alter_table('fee_dispute', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fee_dispute_state'))
        batch_op.drop_index(batch_op.f('ix_fee_dispute_agent_id'))

    op.drop_table('fee_dispute')
