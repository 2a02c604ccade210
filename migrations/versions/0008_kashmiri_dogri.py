"""Kashmiri and Dogri: language codes stored in three letters (Dogri is 'doi')

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25 16:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

# (table, nullable) of every language column
LANGUAGE_COLUMNS = (
    ('service_request', False),
    ('user_account', False),
    ('ivr_call_session', True),
    ('ivr_caller_preference', False),
    ('ivr_callback_request', False),
)


def upgrade():
    for table, nullable in LANGUAGE_COLUMNS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('language', existing_type=sa.String(length=2), type_=sa.String(length=3),
                                  existing_nullable=nullable)


def downgrade():
    # A Kashmiri or Dogri choice has no two-letter code here: it becomes English (ks fits, doi does not).
    for table, nullable in LANGUAGE_COLUMNS:
        op.execute(sa.text(f"UPDATE {table} SET language = 'en' WHERE length(language) > 2"))
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('language', existing_type=sa.String(length=3), type_=sa.String(length=2),
                                  existing_nullable=nullable)
