"""The one capability check: access level of the tenant's integration and the user's own connection."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.linkedin import AccessLevel, IntegrationStateName
from i18n import translator
from services.capabilities import (
    AccessLevelTooLow,
    Capabilities,
    Capability,
    CapabilityRefused,
    IntegrationNotEnabled,
    LinkedInNotConnected,
)
from services.identity import IdentityService, Requester, TeamsIdentity
from services.linkedin_accounts import LinkedInAccounts, TokenCipher
from store.db import create_engine, session_factory
from store.demo_data import DEMO_TENANT_ID
from store.models import LinkedInIntegration

ALEX_AAD = "00000000-0000-0000-0000-0000000000020"
MEGAN_AAD = "00000000-0000-0000-0000-0000000000021"


@pytest.fixture
async def sessions(setup_db_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_engine(setup_db_url)
    yield session_factory(engine)
    await engine.dispose()


async def _requester(sessions: async_sessionmaker[AsyncSession], aad: str) -> Requester:
    identity = TeamsIdentity(DEMO_TENANT_ID, aad, None, None, "en-US")
    return await IdentityService(sessions).resolve(identity)


async def _integration(sessions: async_sessionmaker[AsyncSession], state: str, level: str) -> None:
    async with sessions() as session, session.begin():
        row = await session.get(LinkedInIntegration, DEMO_TENANT_ID)
        if row is None:
            row = LinkedInIntegration(tenant_id=DEMO_TENANT_ID, contracts=[], request_ids=[], version=1)
            session.add(row)
        row.state, row.access_level = state, level


async def _connect(sessions: async_sessionmaker[AsyncSession], requester: Requester) -> None:
    accounts = LinkedInAccounts(sessions, TokenCipher(b"test-secret-0123456789"))
    await accounts.connect_user(
        DEMO_TENANT_ID, requester.user_id, member_id="m-1", member_name="A", token="t", expires_in=60
    )


def _message(refusal: CapabilityRefused, locale: str = "en") -> str:
    return refusal.localized(translator(locale))


async def test_nothing_works_before_the_integration_is_enabled(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    alex = await _requester(sessions, ALEX_AAD)
    capabilities = Capabilities(sessions)
    with pytest.raises(IntegrationNotEnabled) as refused:
        await capabilities.check(DEMO_TENANT_ID, Capability.ONE_CLICK_EXPORT, alex)
    assert _message(refused.value).startswith("1-click export needs the LinkedIn Recruiter integration")
    await _integration(sessions, IntegrationStateName.PARTNER_READY, AccessLevel.NONE)
    assert not await capabilities.allows(DEMO_TENANT_ID, Capability.IN_ATS_INDICATOR)


async def test_company_level_refuses_contract_level_capabilities_naming_contract_level(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    alex = await _requester(sessions, ALEX_AAD)
    await _connect(sessions, alex)
    await _integration(sessions, IntegrationStateName.ENABLED, AccessLevel.COMPANY)
    capabilities = Capabilities(sessions)
    for capability in (Capability.ONE_CLICK_EXPORT, Capability.PROFILE_WIDGET):
        await capabilities.check(DEMO_TENANT_ID, capability, alex)
    await capabilities.check(DEMO_TENANT_ID, Capability.IN_ATS_INDICATOR)  # the sync: no user
    for capability, name in (
        (Capability.INMAIL_HISTORY, "InMail history"),
        (Capability.NOTES_HISTORY, "Notes history"),
        (Capability.INMAIL_STUB_PROFILES, "InMail stub profiles"),
    ):
        with pytest.raises(AccessLevelTooLow) as refused:
            await capabilities.check(DEMO_TENANT_ID, capability, alex)
        assert _message(refused.value).startswith(f"{name} needs Contract-level access.")
        assert "has Company-level access" in _message(refused.value)


async def test_a_user_without_their_own_linkedin_connection_is_told_to_connect(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    megan = await _requester(sessions, MEGAN_AAD)
    await _integration(sessions, IntegrationStateName.ENABLED, AccessLevel.CONTRACT)
    capabilities = Capabilities(sessions)
    with pytest.raises(LinkedInNotConnected) as refused:
        await capabilities.check(DEMO_TENANT_ID, Capability.INMAIL_HISTORY, megan)
    assert (
        _message(refused.value)
        == "InMail history needs your own LinkedIn account. Type settings to connect it."
    )
    await capabilities.check(DEMO_TENANT_ID, Capability.INMAIL_STUB_PROFILES)  # the sync: no user
    await _connect(sessions, megan)
    await capabilities.check(DEMO_TENANT_ID, Capability.INMAIL_HISTORY, megan)


async def test_a_requester_of_another_tenant_is_never_allowed(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    alex = await _requester(sessions, ALEX_AAD)
    await _connect(sessions, alex)
    await _integration(sessions, IntegrationStateName.ENABLED, AccessLevel.CONTRACT)
    stranger = Requester("another-tenant", alex.user_id, "X", True, None, None, frozenset())
    assert not await Capabilities(sessions).allows(DEMO_TENANT_ID, Capability.NOTES_HISTORY, stranger)


def test_integration_not_enabled_names_the_access_level_when_the_caller_does_not() -> None:
    for capability in Capability:
        message = IntegrationNotEnabled(capability).localized(translator("en-US"))
        assert "{" not in message and "-level" in message
