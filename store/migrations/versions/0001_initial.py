"""Initial schema.

Tenants, users, jobs and roles, candidates, applications with stage history, interview feedback,
notes, talent pools, conversation references and the SDK's bot state.

Generated with autogenerate from store.models, then reviewed. Works on SQLite (batch mode) and
PostgreSQL.

Revision ID: 0001
Revises:
Create Date: 2026-09-01
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0001'
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('bot_state',
    sa.Column('key', sa.String(length=512), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('etag', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_bot_state'))
    )
    op.create_table('tenants',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('preview_features', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tenants'))
    )
    op.create_table('candidates',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('tenant_id', sa.String(length=64), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('first_name', sa.String(length=100), nullable=False),
    sa.Column('last_name', sa.String(length=100), nullable=False),
    sa.Column('search_name', sa.String(length=220), nullable=False),
    sa.Column('phones', sa.JSON(), nullable=False),
    sa.Column('current_company', sa.String(length=200), nullable=True),
    sa.Column('current_title', sa.String(length=200), nullable=True),
    sa.Column('linkedin_member_id', sa.String(length=100), nullable=True),
    sa.Column('linkedin_profile_url', sa.String(length=400), nullable=True),
    sa.Column('link_state', sa.String(length=20), nullable=False),
    sa.Column('do_not_contact', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_candidates_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_candidates')),
    sa.UniqueConstraint('tenant_id', 'code', name=op.f('uq_candidates_tenant_id_code'))
    )
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_candidates_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index('ix_candidates_tenant_member', ['tenant_id', 'linkedin_member_id'], unique=False)
        batch_op.create_index('ix_candidates_tenant_names', ['tenant_id', 'last_name', 'first_name'], unique=False)

    op.create_table('jobs',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('tenant_id', sa.String(length=64), nullable=False),
    sa.Column('job_code', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('stages', sa.JSON(), nullable=False),
    sa.Column('is_test', sa.Boolean(), nullable=False),
    sa.Column('post_to_linkedin', sa.Boolean(), nullable=False),
    sa.Column('location', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_jobs_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_jobs')),
    sa.UniqueConstraint('tenant_id', 'job_code', name=op.f('uq_jobs_tenant_id_job_code'))
    )
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_jobs_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('talent_pools',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('tenant_id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('is_system', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_talent_pools_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_talent_pools')),
    sa.UniqueConstraint('tenant_id', 'name', name=op.f('uq_talent_pools_tenant_id_name'))
    )
    with op.batch_alter_table('talent_pools', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_talent_pools_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('users',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('tenant_id', sa.String(length=64), nullable=False),
    sa.Column('aad_object_id', sa.String(length=64), nullable=True),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('upn', sa.String(length=320), nullable=True),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('first_name', sa.String(length=100), nullable=False),
    sa.Column('last_name', sa.String(length=100), nullable=False),
    sa.Column('is_admin', sa.Boolean(), nullable=False),
    sa.Column('locale', sa.String(length=20), nullable=True),
    sa.Column('linkedin_member_id', sa.String(length=100), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_users_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('tenant_id', 'aad_object_id', name=op.f('uq_users_tenant_id_aad_object_id'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index('ix_users_tenant_email', ['tenant_id', 'email'], unique=False)
        batch_op.create_index(batch_op.f('ix_users_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index('ix_users_tenant_upn', ['tenant_id', 'upn'], unique=False)

    op.create_table('applications',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('tenant_id', sa.String(length=64), nullable=False),
    sa.Column('candidate_id', sa.String(length=32), nullable=False),
    sa.Column('job_id', sa.String(length=32), nullable=False),
    sa.Column('current_stage', sa.String(length=100), nullable=False),
    sa.Column('source', sa.String(length=50), nullable=False),
    sa.Column('disposition_reason', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidates.id'], name=op.f('fk_applications_candidate_id_candidates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['job_id'], ['jobs.id'], name=op.f('fk_applications_job_id_jobs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_applications_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_applications')),
    sa.UniqueConstraint('candidate_id', 'job_id', name=op.f('uq_applications_candidate_id_job_id'))
    )
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_applications_candidate_id'), ['candidate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_applications_job_id'), ['job_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_applications_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('candidate_emails',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('tenant_id', sa.String(length=64), nullable=False),
    sa.Column('candidate_id', sa.String(length=32), nullable=False),
    sa.Column('address', sa.String(length=320), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidates.id'], name=op.f('fk_candidate_emails_candidate_id_candidates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_candidate_emails_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_candidate_emails')),
    sa.UniqueConstraint('candidate_id', 'address', name=op.f('uq_candidate_emails_candidate_id_address'))
    )
    with op.batch_alter_table('candidate_emails', schema=None) as batch_op:
        batch_op.create_index('ix_candidate_emails_tenant_address', ['tenant_id', 'address'], unique=False)
        batch_op.create_index(batch_op.f('ix_candidate_emails_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('conversation_references',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('tenant_id', sa.String(length=64), nullable=False),
    sa.Column('conversation_id', sa.String(length=400), nullable=False),
    sa.Column('conversation_type', sa.String(length=20), nullable=False),
    sa.Column('user_id', sa.String(length=32), nullable=True),
    sa.Column('service_url', sa.String(length=400), nullable=False),
    sa.Column('reference', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_conversation_references_tenant_id_tenants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_conversation_references_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conversation_references')),
    sa.UniqueConstraint('tenant_id', 'conversation_id', name=op.f('uq_conversation_references_tenant_id_conversation_id'))
    )
    with op.batch_alter_table('conversation_references', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conversation_references_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_conversation_references_user_id'), ['user_id'], unique=False)

    op.create_table('job_roles',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('tenant_id', sa.String(length=64), nullable=False),
    sa.Column('job_id', sa.String(length=32), nullable=False),
    sa.Column('user_id', sa.String(length=32), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['job_id'], ['jobs.id'], name=op.f('fk_job_roles_job_id_jobs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_job_roles_tenant_id_tenants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_job_roles_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_roles')),
    sa.UniqueConstraint('job_id', 'user_id', 'role', name=op.f('uq_job_roles_job_id_user_id_role'))
    )
    with op.batch_alter_table('job_roles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_roles_job_id'), ['job_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_roles_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_roles_user_id'), ['user_id'], unique=False)

    op.create_table('talent_pool_members',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('tenant_id', sa.String(length=64), nullable=False),
    sa.Column('pool_id', sa.String(length=32), nullable=False),
    sa.Column('candidate_id', sa.String(length=32), nullable=False),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidates.id'], name=op.f('fk_talent_pool_members_candidate_id_candidates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['pool_id'], ['talent_pools.id'], name=op.f('fk_talent_pool_members_pool_id_talent_pools'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_talent_pool_members_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_talent_pool_members')),
    sa.UniqueConstraint('pool_id', 'candidate_id', name=op.f('uq_talent_pool_members_pool_id_candidate_id'))
    )
    with op.batch_alter_table('talent_pool_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_talent_pool_members_candidate_id'), ['candidate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_talent_pool_members_pool_id'), ['pool_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_talent_pool_members_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('application_stage_history',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('tenant_id', sa.String(length=64), nullable=False),
    sa.Column('application_id', sa.String(length=32), nullable=False),
    sa.Column('stage', sa.String(length=100), nullable=False),
    sa.Column('entered_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('moved_by_user_id', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_application_stage_history_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['moved_by_user_id'], ['users.id'], name=op.f('fk_application_stage_history_moved_by_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_application_stage_history_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_application_stage_history'))
    )
    with op.batch_alter_table('application_stage_history', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_stage_history_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_application_stage_history_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('interview_feedback',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('tenant_id', sa.String(length=64), nullable=False),
    sa.Column('application_id', sa.String(length=32), nullable=False),
    sa.Column('interviewer_user_id', sa.String(length=32), nullable=True),
    sa.Column('interview_type', sa.String(length=50), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=True),
    sa.Column('recommendation', sa.String(length=50), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_interview_feedback_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['interviewer_user_id'], ['users.id'], name=op.f('fk_interview_feedback_interviewer_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_interview_feedback_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interview_feedback'))
    )
    with op.batch_alter_table('interview_feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interview_feedback_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_interview_feedback_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('notes',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('tenant_id', sa.String(length=64), nullable=False),
    sa.Column('candidate_id', sa.String(length=32), nullable=False),
    sa.Column('application_id', sa.String(length=32), nullable=True),
    sa.Column('author_user_id', sa.String(length=32), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_notes_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['author_user_id'], ['users.id'], name=op.f('fk_notes_author_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidates.id'], name=op.f('fk_notes_candidate_id_candidates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_notes_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notes'))
    )
    with op.batch_alter_table('notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notes_candidate_id'), ['candidate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notes_tenant_id'), ['tenant_id'], unique=False)



def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notes_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_notes_candidate_id'))

    op.drop_table('notes')
    with op.batch_alter_table('interview_feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interview_feedback_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_interview_feedback_application_id'))

    op.drop_table('interview_feedback')
    with op.batch_alter_table('application_stage_history', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_stage_history_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_application_stage_history_application_id'))

    op.drop_table('application_stage_history')
    with op.batch_alter_table('talent_pool_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_talent_pool_members_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_talent_pool_members_pool_id'))
        batch_op.drop_index(batch_op.f('ix_talent_pool_members_candidate_id'))

    op.drop_table('talent_pool_members')
    with op.batch_alter_table('job_roles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_roles_user_id'))
        batch_op.drop_index(batch_op.f('ix_job_roles_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_job_roles_job_id'))

    op.drop_table('job_roles')
    with op.batch_alter_table('conversation_references', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conversation_references_user_id'))
        batch_op.drop_index(batch_op.f('ix_conversation_references_tenant_id'))

    op.drop_table('conversation_references')
    with op.batch_alter_table('candidate_emails', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_candidate_emails_tenant_id'))
        batch_op.drop_index('ix_candidate_emails_tenant_address')

    op.drop_table('candidate_emails')
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_applications_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_applications_job_id'))
        batch_op.drop_index(batch_op.f('ix_applications_candidate_id'))

    op.drop_table('applications')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index('ix_users_tenant_upn')
        batch_op.drop_index(batch_op.f('ix_users_tenant_id'))
        batch_op.drop_index('ix_users_tenant_email')

    op.drop_table('users')
    with op.batch_alter_table('talent_pools', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_talent_pools_tenant_id'))

    op.drop_table('talent_pools')
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_jobs_tenant_id'))

    op.drop_table('jobs')
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.drop_index('ix_candidates_tenant_names')
        batch_op.drop_index('ix_candidates_tenant_member')
        batch_op.drop_index(batch_op.f('ix_candidates_tenant_id'))

    op.drop_table('candidates')
    op.drop_table('tenants')
    op.drop_table('bot_state')
