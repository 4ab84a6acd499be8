"""1-click export: the exports made, and the counters of user-facing codes.

candidate_exports keeps each export (from LinkedIn or Teams) under its idempotency key with what it
made, written in the export's own transaction. code_counters hands out the next candidate id (C1201,
…) of a tenant without scanning its candidates.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0007'
down_revision: Union[str, Sequence[str], None] = '0006'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('candidate_exports',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('tenant_id', sa.String(length=64), nullable=False),
    sa.Column('idempotency_key', sa.String(length=240), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('exporter_user_id', sa.String(length=32), nullable=False),
    sa.Column('seat', sa.String(length=100), nullable=True),
    sa.Column('job_id', sa.String(length=32), nullable=False),
    sa.Column('subject', sa.String(length=140), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('candidate_id', sa.String(length=32), nullable=True),
    sa.Column('application_id', sa.String(length=32), nullable=True),
    sa.Column('candidate_created', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_candidate_exports_tenant_id_tenants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['exporter_user_id'], ['users.id'], name=op.f('fk_candidate_exports_exporter_user_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['job_id'], ['jobs.id'], name=op.f('fk_candidate_exports_job_id_jobs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidates.id'], name=op.f('fk_candidate_exports_candidate_id_candidates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_candidate_exports_application_id_applications'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_candidate_exports')),
    sa.UniqueConstraint('tenant_id', 'idempotency_key', name=op.f('uq_candidate_exports_tenant_id_idempotency_key'))
    )
    with op.batch_alter_table('candidate_exports', schema=None) as batch_op:
        batch_op.create_index('ix_candidate_exports_tenant_exporter_created', ['tenant_id', 'exporter_user_id', 'created_at'], unique=False)

    op.create_table('code_counters',
    sa.Column('tenant_id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('next_number', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_code_counters_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'kind', name=op.f('pk_code_counters'))
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table('code_counters')
    with op.batch_alter_table('candidate_exports', schema=None) as batch_op:
        batch_op.drop_index('ix_candidate_exports_tenant_exporter_created')
    op.drop_table('candidate_exports')
