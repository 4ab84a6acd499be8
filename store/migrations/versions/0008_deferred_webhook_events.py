"""LinkedIn webhook events processed after the answer (deferred), by a worker.

linkedin_webhook_events gains: next_attempt_at (when a deferred event may next be tried: at once
when stored, later after a transient failure), outcome (how processing ended when it is worth
saying: a refusal, an exporter with no ATS user, an unreachable exporter) and told_at (when the
person concerned was told, so a run again does not tell twice), and an index that finds the events
due.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0008'
down_revision: Union[str, Sequence[str], None] = '0007'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('linkedin_webhook_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('outcome', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('told_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index('ix_linkedin_webhook_events_due', ['status', 'next_attempt_at'], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    # Events still waiting for the worker become failed ones: LinkedIn's next delivery runs them inline.
    op.execute("UPDATE linkedin_webhook_events SET status = 'failed' WHERE status = 'queued'")
    with op.batch_alter_table('linkedin_webhook_events', schema=None) as batch_op:
        batch_op.drop_index('ix_linkedin_webhook_events_due')
        batch_op.drop_column('told_at')
        batch_op.drop_column('outcome')
        batch_op.drop_column('next_attempt_at')
