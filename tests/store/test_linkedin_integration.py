"""The LinkedIn setup's repository reads, writes and locks only the rows of the tenant it was built for;
the lookups that cross tenants on purpose (store/global_lookups.py) answer with the right tenant."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.linkedin import IntegrationStateName
from store.db import create_engine, session_factory
from store.demo_data import DEMO_TENANT_ID, OTHER_TENANT_ID
from store.global_lookups import tenant_of_callback, tenant_of_feed, tenants_with_integration_in
from store.linkedin_integration import LinkedInIntegrationRepository

CONTOSO, FABRIKAM = DEMO_TENANT_ID, OTHER_TENANT_ID
State = IntegrationStateName


@pytest.fixture
async def sessions(seeded_db_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_engine(seeded_db_url)
    try:
        yield session_factory(engine)
    finally:
        await engine.dispose()


async def create_rows(sessions: async_sessionmaker[AsyncSession]) -> dict[str, tuple[str, str]]:
    """Both tenants' integration rows; tenant -> (callback id, feed id)."""
    ids = {}
    async with sessions() as session, session.begin():
        for tenant_id in (CONTOSO, FABRIKAM):
            row = await LinkedInIntegrationRepository(session, tenant_id).get()
            ids[tenant_id] = (row.callback_id, row.feed_id)
    return ids


async def test_each_tenant_gets_its_own_row_created_not_connected(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions() as session, session.begin():
        contoso = LinkedInIntegrationRepository(session, CONTOSO)
        fabrikam = LinkedInIntegrationRepository(session, FABRIKAM)
        created = await contoso.get()
        assert (created.tenant_id, created.state, created.version) == (CONTOSO, State.NOT_CONNECTED, 1)
        assert await fabrikam.find() is None
        other = await fabrikam.get()
        assert other is not created and other.tenant_id == FABRIKAM
        assert {other.callback_id, other.feed_id}.isdisjoint({created.callback_id, created.feed_id})
    async with sessions() as session:
        for tenant_id in (CONTOSO, FABRIKAM):
            repository = LinkedInIntegrationRepository(session, tenant_id)
            found = await repository.find()
            tenant = await repository.tenant()
            assert found is not None and found.tenant_id == tenant_id
            assert tenant is not None and tenant.id == tenant_id


async def test_a_change_through_one_tenants_repository_leaves_the_other_tenants_row_alone(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    await create_rows(sessions)
    async with sessions() as session, session.begin():
        contoso = LinkedInIntegrationRepository(session, CONTOSO)
        row = await contoso.get(lock=True)
        row.state, row.version, row.company_name = State.ENABLED.value, 7, "Contoso"
        fabrikams = await LinkedInIntegrationRepository(session, FABRIKAM).get()
        with pytest.raises(ValueError, match="another tenant"):
            await contoso.release(fabrikams)
    async with sessions() as session:
        contoso_row = await LinkedInIntegrationRepository(session, CONTOSO).find()
        fabrikam_row = await LinkedInIntegrationRepository(session, FABRIKAM).find()
    assert contoso_row is not None and (contoso_row.state, contoso_row.version) == (State.ENABLED, 7)
    assert fabrikam_row is not None
    assert (fabrikam_row.state, fabrikam_row.version, fabrikam_row.company_name) == (
        State.NOT_CONNECTED,
        1,
        None,
    )


async def test_a_repository_needs_a_tenant(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions() as session:
        with pytest.raises(ValueError, match="tenant id is required"):
            LinkedInIntegrationRepository(session, "")


async def test_a_tenants_row_lock_holds_its_own_row_only(seeded_postgres_url: str) -> None:
    """SELECT … FOR UPDATE on PostgreSQL locks one tenant's row: another tenant's changes go on, a
    second change of the same tenant waits (and gives up after the database's lock wait)."""
    holder = create_engine(seeded_postgres_url)
    waiter = create_engine(seeded_postgres_url, busy_seconds=0.5)
    try:
        await create_rows(session_factory(holder))
        async with session_factory(holder)() as held, held.begin():
            await LinkedInIntegrationRepository(held, CONTOSO).get(lock=True)
            async with session_factory(waiter)() as other, other.begin():
                fabrikam = await LinkedInIntegrationRepository(other, FABRIKAM).get(lock=True)
                assert fabrikam.tenant_id == FABRIKAM
            async with session_factory(waiter)() as same, same.begin():
                with pytest.raises(DBAPIError, match="lock"):
                    await LinkedInIntegrationRepository(same, CONTOSO).get(lock=True)
    finally:
        await holder.dispose()
        await waiter.dispose()


async def test_a_callback_or_feed_id_names_its_own_tenant(sessions: async_sessionmaker[AsyncSession]) -> None:
    ids = await create_rows(sessions)
    async with sessions() as session:
        for tenant_id, (callback_id, feed_id) in ids.items():
            assert await tenant_of_callback(session, callback_id) == tenant_id
            assert await tenant_of_feed(session, feed_id) == tenant_id
        contoso_callback, contoso_feed = ids[CONTOSO]
        assert await tenant_of_callback(session, contoso_feed) is None  # a feed id is no callback id
        assert await tenant_of_feed(session, contoso_callback) is None
        assert await tenant_of_callback(session, "no-such-callback") is None
        assert await tenant_of_feed(session, "") is None


async def test_the_status_poll_round_lists_the_tenants_in_the_states_asked(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    await create_rows(sessions)
    async with sessions() as session, session.begin():
        row = await LinkedInIntegrationRepository(session, FABRIKAM).get(lock=True)
        row.state = State.REQUESTED.value
    async with sessions() as session:
        requested = [State.REQUESTED.value, State.ENABLED.value]
        assert await tenants_with_integration_in(session, requested) == [FABRIKAM]
        everyone = [s.value for s in State]
        assert await tenants_with_integration_in(session, everyone) == sorted([CONTOSO, FABRIKAM])
        assert await tenants_with_integration_in(session, []) == []
