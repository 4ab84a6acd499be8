"""LinkedIn webhook events stored with a status.

Replaces processed_notifications (a notification id per tenant, written after its handler ran) by
linkedin_webhook_events: the event is stored, and so claimed, before its handler runs, with its
signed body, a status (received, processed, failed, skipped), the attempts and the claim's expiry.
The notifications already processed are carried over as processed events.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0004'
down_revision: Union[str, Sequence[str], None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('linkedin_webhook_events',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('tenant_id', sa.String(length=64), nullable=False),
    sa.Column('notification_id', sa.String(length=200), nullable=False),
    sa.Column('event_type', sa.String(length=64), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.String(length=200), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('processed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_linkedin_webhook_events_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_linkedin_webhook_events')),
    sa.UniqueConstraint('tenant_id', 'notification_id', name=op.f('uq_linkedin_webhook_events_tenant_id_notification_id'))
    )
    with op.batch_alter_table('linkedin_webhook_events', schema=None) as batch_op:
        batch_op.create_index('ix_linkedin_webhook_events_status', ['status', 'claimed_until'], unique=False)
        batch_op.create_index(batch_op.f('ix_linkedin_webhook_events_tenant_id'), ['tenant_id'], unique=False)

    op.execute(
        "INSERT INTO linkedin_webhook_events (id, tenant_id, notification_id, event_type, payload, status,"
        " attempts, received_at, updated_at, processed_at)"
        " SELECT id, tenant_id, notification_id, event_type, '{}', 'processed', 1, processed_at, processed_at,"
        " processed_at FROM processed_notifications"
    )
    with op.batch_alter_table('processed_notifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_processed_notifications_tenant_id'))
    op.drop_table('processed_notifications')


def downgrade() -> None:
    """Downgrade schema."""
    op.create_table('processed_notifications',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('tenant_id', sa.String(length=64), nullable=False),
    sa.Column('notification_id', sa.String(length=200), nullable=False),
    sa.Column('event_type', sa.String(length=50), nullable=False),
    sa.Column('processed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_processed_notifications_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_processed_notifications')),
    sa.UniqueConstraint('tenant_id', 'notification_id', name=op.f('uq_processed_notifications_tenant_id_notification_id'))
    )
    with op.batch_alter_table('processed_notifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_processed_notifications_tenant_id'), ['tenant_id'], unique=False)
    # Only what was handled survives; events that still wait (received, failed) are delivered again.
    op.execute(
        "INSERT INTO processed_notifications (id, tenant_id, notification_id, event_type, processed_at)"
        " SELECT id, tenant_id, notification_id, substr(event_type, 1, 50), coalesce(processed_at, updated_at)"
        " FROM linkedin_webhook_events WHERE status IN ('processed', 'skipped')"
    )
    with op.batch_alter_table('linkedin_webhook_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_linkedin_webhook_events_tenant_id'))
        batch_op.drop_index('ix_linkedin_webhook_events_status')
    op.drop_table('linkedin_webhook_events')
