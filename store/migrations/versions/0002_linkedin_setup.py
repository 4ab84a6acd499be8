"""LinkedIn setup: the tables of the LinkedIn integration.

The integration state per tenant (linkedin_integrations), the audit log of admin changes, sign-in
states (nonce, expiry, single use), users' own LinkedIn connections (token encrypted) and the
LinkedIn webhook notifications already processed (deduplication).

Generated with autogenerate from the models, then reviewed. Works on SQLite (batch mode) and
PostgreSQL.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0002'
down_revision: Union[str, Sequence[str], None] = '0001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
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

    op.create_table('audit_entries',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('tenant_id', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.String(length=32), nullable=True),
    sa.Column('actor_name', sa.String(length=200), nullable=False),
    sa.Column('action', sa.String(length=400), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_audit_entries_tenant_id_tenants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_audit_entries_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entries'))
    )
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.create_index('ix_audit_entries_tenant_created', ['tenant_id', 'created_at'], unique=False)

    op.create_table('linkedin_connections',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('tenant_id', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.String(length=32), nullable=False),
    sa.Column('member_id', sa.String(length=100), nullable=False),
    sa.Column('member_name', sa.String(length=200), nullable=False),
    sa.Column('token_encrypted', sa.Text(), nullable=False),
    sa.Column('token_expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('connected_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_linkedin_connections_tenant_id_tenants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_linkedin_connections_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_linkedin_connections')),
    sa.UniqueConstraint('tenant_id', 'user_id', name=op.f('uq_linkedin_connections_tenant_id_user_id'))
    )
    with op.batch_alter_table('linkedin_connections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_linkedin_connections_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('linkedin_integrations',
    sa.Column('tenant_id', sa.String(length=64), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('access_level', sa.String(length=20), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('contracts', sa.JSON(), nullable=False),
    sa.Column('contract', sa.String(length=100), nullable=True),
    sa.Column('contract_name', sa.String(length=200), nullable=True),
    sa.Column('connected_by_user_id', sa.String(length=32), nullable=True),
    sa.Column('child_app_foreign_id', sa.String(length=100), nullable=True),
    sa.Column('child_client_id', sa.String(length=200), nullable=True),
    sa.Column('organization', sa.String(length=100), nullable=True),
    sa.Column('request_ids', sa.JSON(), nullable=False),
    sa.Column('partner_confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('enabled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('setup_conversation_id', sa.String(length=400), nullable=True),
    sa.Column('setup_activity_id', sa.String(length=200), nullable=True),
    sa.Column('setup_locale', sa.String(length=20), nullable=True),
    sa.Column('callback_id', sa.String(length=64), nullable=False),
    sa.Column('feed_id', sa.String(length=64), nullable=False),
    sa.Column('company_name', sa.String(length=200), nullable=True),
    sa.Column('linkedin_company_id', sa.String(length=20), nullable=True),
    sa.Column('job_posting_enabled', sa.Boolean(), nullable=False),
    sa.Column('apply_with_linkedin_enabled', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['connected_by_user_id'], ['users.id'], name=op.f('fk_linkedin_integrations_connected_by_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_linkedin_integrations_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', name=op.f('pk_linkedin_integrations')),
    sa.UniqueConstraint('callback_id', name=op.f('uq_linkedin_integrations_callback_id')),
    sa.UniqueConstraint('feed_id', name=op.f('uq_linkedin_integrations_feed_id'))
    )
    op.create_table('signin_states',
    sa.Column('nonce', sa.String(length=64), nullable=False),
    sa.Column('tenant_id', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.String(length=32), nullable=False),
    sa.Column('purpose', sa.String(length=20), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_signin_states_tenant_id_tenants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_signin_states_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('nonce', name=op.f('pk_signin_states'))
    )
    with op.batch_alter_table('signin_states', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signin_states_tenant_id'), ['tenant_id'], unique=False)



def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('signin_states', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signin_states_tenant_id'))

    op.drop_table('signin_states')
    op.drop_table('linkedin_integrations')
    with op.batch_alter_table('linkedin_connections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_linkedin_connections_tenant_id'))

    op.drop_table('linkedin_connections')
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_entries_tenant_created')

    op.drop_table('audit_entries')
    with op.batch_alter_table('processed_notifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_processed_notifications_tenant_id'))

    op.drop_table('processed_notifications')
