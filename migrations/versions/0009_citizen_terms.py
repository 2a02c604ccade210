"""citizen's terms: the visit window chosen on the call and the spoken landmark recorded on it (issue 13)

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-25 16:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('service_request', schema=None) as batch_op:
        batch_op.add_column(sa.Column('visit_window_start', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('visit_window_end', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('landmark_recording_sid', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('landmark_recording_url', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('landmark_deleted_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('service_request', schema=None) as batch_op:
        batch_op.drop_column('landmark_deleted_at')
        batch_op.drop_column('landmark_recording_url')
        batch_op.drop_column('landmark_recording_sid')
        batch_op.drop_column('visit_window_end')
        batch_op.drop_column('visit_window_start')
