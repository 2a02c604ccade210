"""every request reaches an agent: SMS outbox states, dispatch waiting, offer cool-down

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
    pass


def downgrade():
    pass
