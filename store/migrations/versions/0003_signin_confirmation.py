"""LinkedIn sign-ins confirmed in Teams; one LinkedIn member per user of a tenant.

pending_signins holds a sign-in finished in the browser until the user who asked types its one-time
code to the bot. linkedin_connections gets a unique (tenant_id, member_id): a LinkedIn member belongs
to at most one ATS user per tenant. A database that already links one member to several users
keeps the earliest connection; the later ones are removed (those users connect again) before the
constraint is added.

Works on SQLite (batch mode) and PostgreSQL.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0003'
down_revision: Union[str, Sequence[str], None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def _remove_later_links_of_one_member() -> None:
    """Keep the earliest connection of each (tenant, member); forget the others (and the member id
    on those users)."""
    connections = sa.table(
        'linkedin_connections',
        sa.column('id', sa.String),
        sa.column('tenant_id', sa.String),
        sa.column('user_id', sa.String),
        sa.column('member_id', sa.String),
        sa.column('connected_at', sa.DateTime),
    )
    users = sa.table(
        'users', sa.column('id', sa.String), sa.column('linkedin_member_id', sa.String)
    )
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(connections.c.id, connections.c.tenant_id, connections.c.user_id,
                  connections.c.member_id)
        .order_by(connections.c.tenant_id, connections.c.member_id, connections.c.connected_at,
                  connections.c.id)
    ).fetchall()
    kept: set[tuple[str, str]] = set()
    for row in rows:
        key = (row.tenant_id, row.member_id)
        if key not in kept:
            kept.add(key)
            continue
        bind.execute(sa.delete(connections).where(connections.c.id == row.id))
        bind.execute(
            sa.update(users)
            .where(users.c.id == row.user_id, users.c.linkedin_member_id == row.member_id)
            .values(linkedin_member_id=None)
        )


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('pending_signins',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('tenant_id', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.String(length=32), nullable=False),
    sa.Column('purpose', sa.String(length=20), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('member_id', sa.String(length=100), nullable=False),
    sa.Column('member_name', sa.String(length=200), nullable=False),
    sa.Column('token_encrypted', sa.Text(), nullable=True),
    sa.Column('token_expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('contracts', sa.JSON(), nullable=False),
    sa.Column('wrong_attempts', sa.Integer(), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_pending_signins_tenant_id_tenants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_pending_signins_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pending_signins'))
    )
    with op.batch_alter_table('pending_signins', schema=None) as batch_op:
        batch_op.create_index('ix_pending_signins_tenant_user', ['tenant_id', 'user_id'], unique=False)

    _remove_later_links_of_one_member()
    with op.batch_alter_table('linkedin_connections', schema=None) as batch_op:
        batch_op.create_unique_constraint(
            batch_op.f('uq_linkedin_connections_tenant_id_member_id'), ['tenant_id', 'member_id']
        )


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('linkedin_connections', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_linkedin_connections_tenant_id_member_id'), type_='unique')

    with op.batch_alter_table('pending_signins', schema=None) as batch_op:
        batch_op.drop_index('ix_pending_signins_tenant_user')

    op.drop_table('pending_signins')
