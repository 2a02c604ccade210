"""application stages: the application after the visit, working-day PSGA clock, holidays, two-stage auto-appeal,
appellate authorities, department API tokens

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 14:48:54

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('appellate_authority',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('district', sa.String(length=60), nullable=False),
    sa.Column('department', sa.String(length=120), nullable=False),
    sa.Column('level', sa.String(length=6), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('designation', sa.String(length=120), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('email', sa.String(length=120), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('district', 'department', 'level', name='uq_appellate_authority')
    )
    op.create_table('department_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=40), nullable=False),
    sa.Column('department', sa.String(length=120), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_used_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('source'),
    sa.UniqueConstraint('token_hash')
    )
    op.create_table('holiday',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('district', sa.String(length=60), nullable=True),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('holiday', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_holiday_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_holiday_year'), ['year'], unique=False)

    op.create_table('psga_appeal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.String(length=6), nullable=False),
    sa.Column('number', sa.String(length=24), nullable=False),
    sa.Column('authority_id', sa.Integer(), nullable=True),
    sa.Column('authority_name', sa.String(length=120), nullable=False),
    sa.Column('authority_designation', sa.String(length=120), nullable=False),
    sa.Column('filed_at', sa.DateTime(), nullable=False),
    sa.Column('filed_on', sa.Date(), nullable=False),
    sa.Column('decide_by', sa.Date(), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('closed_reason', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['authority_id'], ['appellate_authority.id'], ),
    sa.ForeignKeyConstraint(['request_id'], ['service_request.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('number'),
    sa.UniqueConstraint('request_id', 'stage', name='uq_psga_appeal_request_stage')
    )
    with op.batch_alter_table('psga_appeal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_psga_appeal_request_id'), ['request_id'], unique=False)

    with op.batch_alter_table('service_request', schema=None) as batch_op:
        batch_op.add_column(sa.Column('application_stage', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('stage_changed_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('rejection_reason', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('delivery_mode', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('delivery_reference', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('psga_started_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('psga_paused_since', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('psga_paused_days', sa.Integer(), server_default='0', nullable=False))
        batch_op.create_index(batch_op.f('ix_service_request_application_stage'), ['application_stage'], unique=False)
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.alter_column('from_state', existing_type=sa.String(length=12), type_=sa.String(length=20),
                              existing_nullable=False)
        batch_op.alter_column('to_state', existing_type=sa.String(length=12), type_=sa.String(length=20),
                              existing_nullable=False)
    # Requests completed before this revision: their application was filed at completion.
    op.execute(sa.text("UPDATE service_request SET application_stage = 'filed', stage_changed_at = completed_at "
                       "WHERE state = 'completed'"))



def downgrade():
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.alter_column('from_state', existing_type=sa.String(length=20), type_=sa.String(length=12),
                              existing_nullable=False)
        batch_op.alter_column('to_state', existing_type=sa.String(length=20), type_=sa.String(length=12),
                              existing_nullable=False)
    with op.batch_alter_table('service_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_request_application_stage'))
        batch_op.drop_column('psga_paused_days')
        batch_op.drop_column('psga_paused_since')
        batch_op.drop_column('psga_started_on')
        batch_op.drop_column('delivery_reference')
        batch_op.drop_column('delivery_mode')
        batch_op.drop_column('rejection_reason')
        batch_op.drop_column('stage_changed_at')
        batch_op.drop_column('application_stage')

    with op.batch_alter_table('psga_appeal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_psga_appeal_request_id'))

    op.drop_table('psga_appeal')
    with op.batch_alter_table('holiday', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_holiday_year'))
        batch_op.drop_index(batch_op.f('ix_holiday_day'))

    op.drop_table('holiday')
    op.drop_table('department_token')
    op.drop_table('appellate_authority')
