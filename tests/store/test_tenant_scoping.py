"""A repository constructed for one tenant never returns or changes another tenant's rows.

Every public method of every tenant-scoped repository in store/ (found by walking store/, so a new
repository or method without a probe here fails `test_every_repository_method_has_a_probe`) is called,
constructed for Contoso, with Fabrikam's keys: Fabrikam's user, job, candidate (Contoso has a
namesake and the same candidate id), conversation, sign-ins, LinkedIn member, webhook event, nonce.
The answer must hold nothing of Fabrikam's (no row of it, none of its ids, no True), and Fabrikam's
rows must be exactly as before, on SQLite and on PostgreSQL. As a control, the same call constructed
for Fabrikam (rolled back) must find or change Fabrikam's rows: the probe aims at real rows.

Stores that are not tenant-scoped are named here with the reason (NOT_TENANT_SCOPED, GLOBAL_ON_PURPOSE).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import store
from store.audit import AuditRepository
from store.candidate_search import CandidateSearchRepository
from store.cards import SettingsCardRepository
from store.db import create_engine, session_factory
from store.demo_data import DEMO_TENANT_ID, OTHER_TENANT_ID
from store.models import (
    Application,
    Base,
    Candidate,
    CandidateEmail,
    CandidateExport,
    ConversationRef,
    Job,
    LinkedInIntegration,
    Note,
    StageChange,
    Tenant,
    User,
    WebhookEventStatus,
)
from store.repositories import ConversationRefRepository, TenantScoped, UserRepository
from store.signin_states import SignInStateRepository
from store.signins import LinkedInConnectionRepository, PendingSignInRepository
from store.text import marked_words, name_words
from store.webhook_events import WebhookEventRepository

A, B = DEMO_TENANT_ID, OTHER_TENANT_ID  # Contoso, Fabrikam
EXPORT_EVENT = "EXPORT_CANDIDATE_PROFILE"

# Classes in store/ that take a session but no tenant, and why.
NOT_TENANT_SCOPED = {
    "store.repositories.TenantRepository": "reads the tenant's own row, by the tenant id",
    "store.bot_state.BotStateRepository": "the SDK's bot state is keyed by conversation (see its module)",
}
# Functions in store/ that take a session and work across tenants, and why.
GLOBAL_ON_PURPOSE = {
    "store.candidate_search.search_session": "opens the session a search runs in; it runs no query itself",
    "store.global_lookups.tenant_of_callback": "LinkedIn's webhook URL names only its callback id",
    "store.global_lookups.tenant_of_feed": "a public job feed URL names only its feed id",
    "store.global_lookups.tenants_with_integration_in": "the status poll visits every tenant in turn",
    "store.global_lookups.tenants_with_webhook_events_due": "the events worker visits every tenant in turn",
    "store.signin_states.purge_signin_states": "maintenance: expired sign-in states of every tenant",
    "store.signins.purge_pending_signins": "maintenance: ended sign-ins of every tenant",
    "store.seed.seed_demo_data": "writes the demo data of both demo tenants",
}


@dataclass(frozen=True)
class Keys:
    """Fabrikam's keys, as a caller in Contoso would pass them."""

    now: datetime
    user_id: str
    aad_object_id: str
    email: str
    job_id: str
    job_code: str
    job_title: str
    pool_name: str
    candidate_id: str
    candidate_name: str
    conversation_id: str
    pending_id: str
    member_id: str
    event_id: str
    queued_event_id: str
    notification_id: str
    nonce: str


Probe = Callable[[Any, Keys], Awaitable[Any]]


def _sync(call: Callable[[], Any]) -> Awaitable[Any]:
    """A probe of a method that only adds to the unit of work (no await)."""

    async def run() -> Any:
        return call()

    return run()


async def _release_fabrikams_integration(repository: Any, _keys: Keys) -> Any:
    """Hand Fabrikam's integration row to the repository's release: refused unless it is its own."""
    row = await repository.session.get(LinkedInIntegration, B)
    try:
        await repository.release(row)
    except ValueError:
        return None
    return row


async def _link_fabrikams_candidate(repository: Any, keys: Keys) -> Any:
    """Link Fabrikam's candidate, naming its link as it is (what a caller that read it would pass)."""
    row = await repository.session.get(Candidate, keys.candidate_id)
    return await repository.set_linkedin_link(
        keys.candidate_id,
        was=(row.link_state, row.linkedin_member_id),
        link_state="manual",
        member_id="planted-member",
        profile_url=None,
    )


async def _fabrikam(repository: Any, model: Any, *where: Any) -> Any:
    """One of Fabrikam's rows of `model` (found without the repository under test)."""
    row = (await repository.session.scalars(select(model).where(model.tenant_id == B, *where))).first()
    assert row is not None
    return row


async def _link_fabrikams_unlinked_candidate(repository: Any, _keys: Keys) -> Any:
    row = await _fabrikam(repository, Candidate, Candidate.linkedin_member_id.is_(None))
    return await repository.link_member(
        row.id, member_id="planted-member", profile_url=None, link_state="manual"
    )


async def _fabrikams_application(repository: Any, keys: Keys, by_id: bool) -> Any:
    row = await _fabrikam(repository, Application)
    if by_id:
        return await repository.application_by_id(row.id)
    return await repository.application(row.candidate_id, row.job_id)


async def _add_fabrikams_application(repository: Any, keys: Keys) -> Any:
    """An application of a Fabrikam candidate who has none yet, into Fabrikam's job."""
    applied = select(Application.candidate_id).where(Application.job_id == keys.job_id)
    row = await _fabrikam(repository, Candidate, Candidate.id.not_in(applied))
    return await repository.add_application(
        candidate_id=row.id,
        job_id=keys.job_id,
        stage="Prospect",
        source="teams",
        moved_by_user_id=keys.user_id,
        now=keys.now,
    )


# An export of this key is in both tenants' records; Fabrikam's candidate is LinkedIn member FABRIKAM_MEMBER.
EXPORT_KEY = "linkedin:request-in-both"
FABRIKAM_MEMBER = "member-of-fabrikams-candidate"
FABRIKAM_CANDIDATE_EMAIL = "ingrid.fabrikam@example.com"

# An audit entry about "a candidate" with this id is in both tenants' logs.
AUDITED_IN_BOTH = "candidate-in-both-logs"

NAMESAKE_PROFILE = "https://www.linkedin.com/in/ingrid-solberg-namesake"


async def _hit_ids(search: Awaitable[Any]) -> list[str]:
    """A search's hits as the candidates' ids (what the leak check recognizes)."""
    hits = await search
    return [candidate.id for candidate in hits.candidates]


# One call per public repository method, aimed at Fabrikam's rows.
PROBES: dict[str, Probe] = {
    "UserRepository.by_id": lambda r, k: r.by_id(k.user_id),
    "UserRepository.by_aad_object_id": lambda r, k: r.by_aad_object_id(k.aad_object_id),
    "UserRepository.by_address": lambda r, k: r.by_address(k.email),
    "UserRepository.set_linkedin_member": lambda r, k: r.set_linkedin_member(k.user_id, "planted-member"),
    "JobRepository.by_code": lambda r, k: r.by_code(k.job_code),
    "JobRepository.by_exact_code": lambda r, k: r.by_exact_code(k.job_code),
    "JobRepository.by_title": lambda r, k: r.by_title(k.job_title),
    "JobRepository.by_ids": lambda r, k: r.by_ids([k.job_id]),
    "JobRepository.all_by_code": lambda r, k: r.all_by_code(),
    "JobRepository.roles_of": lambda r, k: r.roles_of(k.user_id),
    "TalentPoolRepository.by_name": lambda r, k: r.by_name(k.pool_name),
    "CandidateRepository.by_id": lambda r, k: r.by_id(k.candidate_id),
    "CandidateSearchRepository.by_code": lambda r, k: _hit_ids(r.by_code("C1001")),
    "CandidateSearchRepository.by_name": lambda r, k: _hit_ids(
        r.by_name(name_words(k.candidate_name), marked_words(name_words(k.candidate_name)))
    ),
    "CandidateSearchRepository.by_email": lambda r, k: _hit_ids(r.by_email("i", prefix=True)),
    "CandidateSearchRepository.by_profile_url": lambda r, k: _hit_ids(r.by_profile_url(NAMESAKE_PROFILE)),
    "CandidateRepository.applications_of": lambda r, k: r.applications_of(k.candidate_id),
    "CandidateRepository.set_linkedin_link": _link_fabrikams_candidate,
    "ConversationRefRepository.save": lambda r, k: r.save(
        conversation_id=k.conversation_id,
        conversation_type="personal",
        service_url="https://planted.example/",
        reference={"planted": "yes"},
        user_id=k.user_id,
    ),
    "ConversationRefRepository.by_conversation": lambda r, k: r.by_conversation(k.conversation_id),
    "ConversationRefRepository.forget": lambda r, k: r.forget(k.conversation_id),
    "ConversationRefRepository.personal_of": lambda r, k: r.personal_of(k.user_id),
    "PendingSignInRepository.add": lambda r, k: _sync(
        lambda: r.add(
            pending_id="planted-pending",
            user_id=k.user_id,
            purpose="user",
            code_hash="0" * 64,
            member_id=k.member_id,
            member_name="Planted",
            token_encrypted="planted",
            token_expires_at=None,
            contracts=[],
            created_at=k.now,
            expires_at=k.now + timedelta(minutes=10),
        )
    ),
    "PendingSignInRepository.of_user": lambda r, k: r.of_user(k.user_id),
    "PendingSignInRepository.close": lambda r, k: r.close(k.pending_id, k.now, max_wrong=5),
    "PendingSignInRepository.count_wrong_code": lambda r, k: r.count_wrong_code(
        [k.pending_id], k.now, max_wrong=1
    ),
    "LinkedInConnectionRepository.holder_of_member": lambda r, k: r.holder_of_member(k.member_id),
    "LinkedInConnectionRepository.of_user": lambda r, k: r.of_user(k.user_id),
    "LinkedInConnectionRepository.is_connected": lambda r, k: r.is_connected(k.user_id),
    "LinkedInConnectionRepository.save": lambda r, k: r.save(
        k.user_id,
        member_id=k.member_id,
        member_name="Planted",
        token_encrypted="planted",
        token_expires_at=None,
        connected_at=k.now,
    ),
    "LinkedInConnectionRepository.remove": lambda r, k: r.remove(k.user_id),
    "WebhookEventRepository.add": lambda r, k: r.add(
        notification_id="planted-notification",
        event_type="PLANTED",
        payload="{}",
        status=WebhookEventStatus.SKIPPED,
        now=k.now,
        claimed_until=None,
    ),
    "WebhookEventRepository.by_notification": lambda r, k: r.by_notification(k.notification_id),
    "WebhookEventRepository.reclaim": lambda r, k: r.reclaim(
        k.notification_id, now=k.now, claimed_until=k.now + timedelta(minutes=5)
    ),
    "WebhookEventRepository.finish": lambda r, k: r.finish(
        k.event_id, WebhookEventStatus.PROCESSED, now=k.now, outcome="planted"
    ),
    "WebhookEventRepository.due": lambda r, k: r.due([EXPORT_EVENT], now=k.now),
    "WebhookEventRepository.claim": lambda r, k: r.claim(
        k.queued_event_id, now=k.now, claimed_until=k.now + timedelta(minutes=5)
    ),
    "WebhookEventRepository.by_id": lambda r, k: r.by_id(k.queued_event_id),
    "WebhookEventRepository.retry_later": lambda r, k: r.retry_later(
        k.queued_event_id, now=k.now, at=k.now + timedelta(hours=1), error="planted"
    ),
    "WebhookEventRepository.mark_told": lambda r, k: r.mark_told(k.queued_event_id, now=k.now),
    "AuditRepository.add": lambda r, k: _sync(
        lambda: r.add("Planted", user_id=k.user_id, actor_name="Planted", params={})
    ),
    "AuditRepository.recent": lambda r, k: r.recent(5),
    "AuditRepository.latest_about": lambda r, k: r.latest_about(
        "candidate_id", AUDITED_IN_BOTH, ["Linked a candidate"]
    ),
    "SignInStateRepository.add": lambda r, k: _sync(
        lambda: r.add(nonce="planted-nonce", user_id=k.user_id, purpose="user", expires_at=k.now)
    ),
    "SignInStateRepository.by_nonce": lambda r, k: r.by_nonce(k.nonce),
    "SignInStateRepository.mark_used": lambda r, k: r.mark_used(k.nonce, k.now),
    "LinkedInIntegrationRepository.find": lambda r, k: r.find(),
    "LinkedInIntegrationRepository.get": lambda r, k: r.get(lock=True),
    "LinkedInIntegrationRepository.tenant": lambda r, k: r.tenant(),
    "LinkedInIntegrationRepository.release": _release_fabrikams_integration,
    "ExportRepository.claim": lambda r, k: r.claim(
        idempotency_key="planted-key",
        source="teams",
        exporter_user_id=k.user_id,
        seat=None,
        job_id=k.job_id,
        subject=f"candidate:{k.candidate_id}",
        now=k.now,
    ),
    "ExportRepository.by_key": lambda r, k: r.by_key(EXPORT_KEY),
    "ExportRepository.exports_since": lambda r, k: r.exports_since(k.user_id, k.now - timedelta(days=1)),
    "ExportRepository.job": lambda r, k: r.job(k.job_id),
    "ExportRepository.roles_on_job": lambda r, k: r.roles_on_job(k.user_id, k.job_id),
    "ExportRepository.hiring_team_jobs": lambda r, k: r.hiring_team_jobs(k.user_id, "active"),
    "ExportRepository.candidate": lambda r, k: r.candidate(k.candidate_id),
    "ExportRepository.candidate_by_member": lambda r, k: r.candidate_by_member(FABRIKAM_MEMBER),
    "ExportRepository.candidate_by_emails": lambda r, k: r.candidate_by_emails([FABRIKAM_CANDIDATE_EMAIL]),
    "ExportRepository.add_candidate": lambda r, k: r.add_candidate(
        first_name="Planted",
        last_name="Candidate",
        emails=[FABRIKAM_CANDIDATE_EMAIL],
        phones=[],
        current_company=None,
        current_title=None,
        member_id=FABRIKAM_MEMBER,
        profile_url=None,
        link_state="manual",
        now=k.now,
    ),
    "ExportRepository.link_member": _link_fabrikams_unlinked_candidate,
    "ExportRepository.application": lambda r, k: _fabrikams_application(r, k, by_id=False),
    "ExportRepository.application_by_id": lambda r, k: _fabrikams_application(r, k, by_id=True),
    "ExportRepository.add_application": lambda r, k: _add_fabrikams_application(r, k),
    "SettingsCardRepository.of_user": lambda r, k: r.of_user(k.user_id),
    "SettingsCardRepository.save": lambda r, k: r.save(
        k.user_id, conversation_id=k.conversation_id, activity_id="planted", locale=None, timezone=None
    ),
}


# --- what store/ holds ----------------------------------------------------------------------------


def store_modules() -> list[Any]:
    return [
        importlib.import_module(info.name)
        for info in pkgutil.walk_packages(store.__path__, "store.")
        if ".migrations" not in info.name
    ]


def defined_in_store(module: Any) -> list[tuple[str, Any]]:
    return [
        (f"{module.__name__}.{name}", value)
        for name, value in vars(module).items()
        if getattr(value, "__module__", None) == module.__name__
    ]


def tenant_scoped_repositories() -> list[type[TenantScoped]]:
    found: list[type[TenantScoped]] = []
    for module in store_modules():
        for _name, value in defined_in_store(module):
            if inspect.isclass(value) and issubclass(value, TenantScoped) and value is not TenantScoped:
                found.append(value)
    return found


def public_methods(repository: type[TenantScoped]) -> list[str]:
    """`Class.method` for each public method, named by the class that defines it."""
    return sorted(
        ".".join(member.__qualname__.split(".")[-2:])
        for name, member in inspect.getmembers(repository, inspect.isfunction)
        if not name.startswith("_") and name not in vars(TenantScoped)
    )


def methods_without_probe(repositories: list[type[TenantScoped]]) -> list[str]:
    return [
        method for repository in repositories for method in public_methods(repository) if method not in PROBES
    ]


def test_every_repository_method_has_a_probe() -> None:
    repositories = tenant_scoped_repositories()
    assert len(repositories) >= 10
    assert methods_without_probe(repositories) == []
    every_method = {method for repository in repositories for method in public_methods(repository)}
    assert set(PROBES) - every_method == set()  # no probe for a method that is gone


def test_a_new_method_without_a_probe_is_caught() -> None:
    class UsersWithNicknames(UserRepository):
        async def by_nickname(self, nickname: str) -> User | None:
            return None

    assert methods_without_probe([UsersWithNicknames]) == ["UsersWithNicknames.by_nickname"]


def test_whatever_takes_a_session_but_no_tenant_is_named_with_its_reason() -> None:
    unscoped: set[str] = set()
    global_functions: set[str] = set()
    for module in store_modules():
        for name, value in defined_in_store(module):
            if inspect.isclass(value) and "__init__" in vars(value) and not issubclass(value, TenantScoped):
                if {"session", "session_factory"} & set(inspect.signature(value.__init__).parameters):
                    unscoped.add(name)
            elif inspect.isfunction(value):
                parameters = inspect.signature(value).parameters.values()
                if any("AsyncSession" in str(parameter.annotation) for parameter in parameters):
                    global_functions.add(name)
    assert unscoped == set(NOT_TENANT_SCOPED)
    assert global_functions == set(GLOBAL_ON_PURPOSE)


# --- Fabrikam's rows, and the probe ---------------------------------------------------------------


async def snapshot(session: AsyncSession, tenant_id: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the tenant, table by table."""
    await session.flush()
    rows: dict[str, list[tuple[Any, ...]]] = {}
    for table in Base.metadata.sorted_tables:
        column = table.c.get("tenant_id")
        if column is None:
            column = table.c.id if table.name == Tenant.__tablename__ else None
        if column is None:
            continue
        result = await session.execute(select(table).where(column == tenant_id).order_by(*table.primary_key))
        rows[table.name] = [tuple(row) for row in result]
    return rows


def row_ids(rows: dict[str, list[tuple[Any, ...]]]) -> set[str]:
    """The primary keys among the tenant's rows (random ids: a caller of another tenant never holds one)."""
    ids: set[str] = set()
    for table in Base.metadata.sorted_tables:
        keys = [index for index, column in enumerate(table.columns) if column.primary_key]
        for row in rows.get(table.name, []):
            ids |= {str(row[index]) for index in keys}
    return ids


def about(answer: Any, tenant_id: str, ids: set[str]) -> bool:
    """Whether an answer holds anything of the tenant: one of its rows or ids, or a True."""
    if isinstance(answer, Tenant):
        return answer.id == tenant_id
    if isinstance(answer, Base):
        return getattr(answer, "tenant_id", None) == tenant_id
    if isinstance(answer, bool):
        return answer
    if isinstance(answer, str):
        return answer in ids
    if isinstance(answer, dict):
        return any(
            about(key, tenant_id, ids) or about(value, tenant_id, ids) for key, value in answer.items()
        )
    if isinstance(answer, list | tuple | set | frozenset):
        return any(about(item, tenant_id, ids) for item in answer)
    return False


# A True from these is about the caller's own row: `save` inserted Contoso's reference, `reclaim` claimed
# Contoso's event (both tenants have the notification id). What they change of Fabrikam's is still judged.
ANSWER_IS_ABOUT_THE_CALLER = {"ConversationRefRepository.save", "WebhookEventRepository.reclaim"}


async def leak(
    sessions: async_sessionmaker[AsyncSession],
    repository: type[TenantScoped],
    method: str,
    probe: Probe,
    keys: Keys,
) -> str | None:
    """What a probe of `method` constructed for Contoso found of Fabrikam's, or changed; None when
    nothing. Raises AssertionError when the control (constructed for Fabrikam) finds nothing."""
    judge_answer = method not in ANSWER_IS_ABOUT_THE_CALLER

    async with sessions() as session:
        before = await snapshot(session, B)
        answer = await probe(repository(session, B), keys)
        control = judge_answer and about(answer, B, row_ids(before))
        control = control or await snapshot(session, B) != before
        await session.rollback()
    assert control, f"{method} constructed for Fabrikam finds or changes nothing of Fabrikam's: a blind probe"

    async with sessions() as session:
        before = await snapshot(session, B)
    async with sessions() as session:
        answer = await probe(repository(session, A), keys)
        if judge_answer and about(answer, B, row_ids(before)):
            return f"{method} returned Fabrikam's: {answer!r}"
        await session.commit()
    async with sessions() as session:
        after = await snapshot(session, B)
    if after != before:
        changed = sorted(table for table in after if after[table] != before[table])
        return f"{method} changed Fabrikam's rows in {changed}"
    return None


async def fabrikam_keys(sessions: async_sessionmaker[AsyncSession]) -> Keys:
    """Fabrikam's keys, after giving both tenants the rows the demo data has not (a conversation,
    sign-ins, a LinkedIn connection, a webhook event, an audit entry, an integration)."""
    now = datetime.now(UTC)
    async with sessions() as session, session.begin():
        users: dict[str, User] = {}
        for tenant_id in (A, B):
            user = (await session.scalars(select(User).where(User.tenant_id == tenant_id))).first()
            assert user is not None and user.aad_object_id and user.email
            users[tenant_id] = user
        for tenant_id in (A, B):
            await ConversationRefRepository(session, tenant_id).save(
                conversation_id=f"a:conversation-of-{tenant_id}",
                conversation_type="personal",
                service_url="https://smba.example/",
                reference={"conversation": {"id": f"a:conversation-of-{tenant_id}"}},
                user_id=users[tenant_id].id,
            )
            PendingSignInRepository(session, tenant_id).add(
                pending_id=f"pending-{tenant_id[:8]}",
                user_id=users[tenant_id].id,
                purpose="user",
                code_hash="1" * 64,
                member_id=f"member-{tenant_id[:8]}",
                member_name="Member",
                token_encrypted="encrypted",
                token_expires_at=None,
                contracts=[],
                created_at=now,
                expires_at=now + timedelta(minutes=10),
            )
            await LinkedInConnectionRepository(session, tenant_id).save(
                users[tenant_id].id,
                member_id=f"member-{tenant_id[:8]}",
                member_name="Member",
                token_encrypted="encrypted",
                token_expires_at=None,
                connected_at=now,
            )
            await WebhookEventRepository(session, tenant_id).add(
                notification_id="notification-1",  # the same notification id in both tenants
                event_type="INTEGRATION_STATUS_CHANGE",
                payload="{}",
                status=WebhookEventStatus.FAILED,
                now=now,
                claimed_until=None,
            )
            await WebhookEventRepository(session, tenant_id).add(
                notification_id="notification-2",  # a deferred event waiting for the worker, in both
                event_type=EXPORT_EVENT,
                payload="{}",
                status=WebhookEventStatus.QUEUED,
                now=now - timedelta(minutes=1),
                claimed_until=None,
                next_attempt_at=now - timedelta(minutes=1),
            )
            AuditRepository(session, tenant_id).add("Connected", user_id=None, actor_name="", params={})
            AuditRepository(session, tenant_id).add(
                "Linked a candidate", user_id=None, actor_name="", params={"candidate_id": AUDITED_IN_BOTH}
            )
            SignInStateRepository(session, tenant_id).add(
                nonce=f"nonce-{tenant_id[:8]}", user_id=users[tenant_id].id, purpose="user", expires_at=now
            )
            session.add(LinkedInIntegration(tenant_id=tenant_id))
            await SettingsCardRepository(session, tenant_id).save(
                users[tenant_id].id,
                conversation_id=f"a:conversation-of-{tenant_id}",
                activity_id="settings-card",
                locale=None,
                timezone=None,
            )

    async with sessions() as session:
        diego = users[B]
        job = (await session.scalars(select(Job).where(Job.tenant_id == B))).one()
        [candidate] = (
            await session.scalars(
                select(Candidate).where(Candidate.tenant_id == B, Candidate.first_name == "Ingrid")
            )
        ).all()
        candidate.linkedin_profile_url = NAMESAKE_PROFILE  # a profile address only Fabrikam's holds
        candidate.linkedin_member_id = FABRIKAM_MEMBER
        # A candidate of Fabrikam's linked to no member and in no job.
        session.add(Candidate(tenant_id=B, code="C9999", first_name="Unlinked", last_name="Newcomer"))
        session.add(CandidateEmail(tenant_id=B, candidate_id=candidate.id, address=FABRIKAM_CANDIDATE_EMAIL))
        contoso_user = users[A]
        contoso_job = (await session.scalars(select(Job).where(Job.tenant_id == A))).first()
        assert contoso_job is not None
        for tenant_id, user_id, job_id in ((A, contoso_user.id, contoso_job.id), (B, diego.id, job.id)):
            session.add(
                CandidateExport(
                    tenant_id=tenant_id,
                    idempotency_key=EXPORT_KEY,
                    source="linkedin",
                    exporter_user_id=user_id,
                    job_id=job_id,
                    subject="member:planted",
                    outcome="exported",
                    created_at=now,
                )
            )
        await session.commit()
        event = await WebhookEventRepository(session, B).by_notification("notification-1")
        queued = await WebhookEventRepository(session, B).by_notification("notification-2")
        assert event is not None and queued is not None
        return Keys(
            now=now,
            user_id=diego.id,
            aad_object_id=diego.aad_object_id or "",
            email=diego.email or "",
            job_id=job.id,
            job_code=job.job_code,
            job_title=job.title,
            pool_name="Warehouse leads",
            candidate_id=candidate.id,
            candidate_name="Ingrid Solberg",
            conversation_id=f"a:conversation-of-{B}",
            pending_id=f"pending-{B[:8]}",
            member_id=f"member-{B[:8]}",
            event_id=event.id,
            queued_event_id=queued.id,
            notification_id="notification-1",
            nonce=f"nonce-{B[:8]}",
        )


# --- the tests ------------------------------------------------------------------------------------


async def test_a_repository_for_one_tenant_never_returns_or_changes_anothers_rows(seeded_db_url: str) -> None:
    engine = create_engine(seeded_db_url)
    try:
        sessions = session_factory(engine)
        keys = await fabrikam_keys(sessions)
        leaks = []
        for repository in tenant_scoped_repositories():
            for method in public_methods(repository):
                found = await leak(sessions, repository, method, PROBES[method], keys)
                if found is not None:
                    leaks.append(found)
        assert not leaks, "\n".join(leaks)
    finally:
        await engine.dispose()


class UsersOfEveryTenant(UserRepository):
    """A planted bug: a lookup that forgets the tenant."""

    async def by_id(self, user_id: str) -> User | None:
        return await self.session.get(User, user_id)


class ForgetInEveryTenant(ConversationRefRepository):
    """A planted bug: a delete that forgets the tenant."""

    async def forget(self, conversation_id: str) -> None:
        await self.session.execute(
            delete(ConversationRef).where(ConversationRef.conversation_id == conversation_id)
        )


async def test_a_repository_that_forgets_the_tenant_is_caught(
    sqlite_url: str, seeded_sqlite_url: str
) -> None:
    engine = create_engine(seeded_sqlite_url)
    try:
        sessions = session_factory(engine)
        keys = await fabrikam_keys(sessions)
        read = await leak(
            sessions, UsersOfEveryTenant, "UserRepository.by_id", PROBES["UserRepository.by_id"], keys
        )
        assert read is not None and read.startswith("UserRepository.by_id returned Fabrikam's")
        probe = PROBES["ConversationRefRepository.forget"]
        written = await leak(sessions, ForgetInEveryTenant, "ConversationRefRepository.forget", probe, keys)
        assert (
            written
            == "ConversationRefRepository.forget changed Fabrikam's rows in ['conversation_references']"
        )
    finally:
        await engine.dispose()


async def test_a_blind_probe_is_caught(seeded_sqlite_url: str) -> None:
    """A probe that aims at no row of Fabrikam's would pass for any repository: it fails instead."""
    engine = create_engine(seeded_sqlite_url)
    try:
        sessions = session_factory(engine)
        keys = await fabrikam_keys(sessions)
        with pytest.raises(AssertionError, match="a blind probe"):
            await leak(sessions, UserRepository, "UserRepository.by_id", lambda r, k: r.by_id("nobody"), keys)
    finally:
        await engine.dispose()


async def test_a_fabrikam_namesake_is_never_returned_to_contoso(seeded_db_url: str) -> None:
    engine = create_engine(seeded_db_url)
    try:
        async with session_factory(engine)() as session:

            async def named(tenant_id: str, name: str) -> list[tuple[str, str]]:
                words = name_words(name)
                hits = await CandidateSearchRepository(session, tenant_id).by_name(words, marked_words(words))
                return [(c.code, c.id) for c in hits.candidates]

            in_contoso = await named(A, "ingrid solberg")
            in_fabrikam = await named(B, "Ingrid Solberg")
            assert [code for code, _ in in_contoso] == ["C1011"]
            assert [code for code, _ in in_fabrikam] == ["C1001"] and in_fabrikam[0][1] != in_contoso[0][1]

            same_code = await CandidateSearchRepository(session, A).by_code("C1001")
            assert [c.name for c in same_code.candidates] == ["Anna Jensen"] and same_code.found == 1
            assert len(await named(A, "Anna Jensen")) == 2
            assert await named(B, "Anna Jensen") == []
    finally:
        await engine.dispose()


async def test_every_seeded_child_row_carries_its_parents_tenant(seeded_sqlite_url: str) -> None:
    engine = create_engine(seeded_sqlite_url)
    try:
        async with session_factory(engine)() as session:
            mismatched = [
                select(CandidateEmail.id)
                .join(Candidate)
                .where(CandidateEmail.tenant_id != Candidate.tenant_id),
                select(Application.id).join(Candidate).where(Application.tenant_id != Candidate.tenant_id),
                select(Application.id).join(Job).where(Application.tenant_id != Job.tenant_id),
                select(StageChange.id)
                .join(Application, StageChange.application_id == Application.id)
                .where(StageChange.tenant_id != Application.tenant_id),
                select(Note.id).join(Candidate).where(Note.tenant_id != Candidate.tenant_id),
            ]
            for statement in mismatched:
                assert list(await session.scalars(statement)) == []
    finally:
        await engine.dispose()
