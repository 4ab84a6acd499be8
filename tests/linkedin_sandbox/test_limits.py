"""LinkedIn's limits as the sandbox enforces them: batch and URL sizes, and exports per seat."""

from __future__ import annotations

import aiohttp

from connector import LinkedInClient, restli
from linkedin_sandbox import RunningSandbox
from tests.connector.helpers import candidate, control

from .conftest import ORG


async def test_sandbox_refuses_oversized_batches_and_urls(
    customer: LinkedInClient, sandbox: RunningSandbox
) -> None:
    token = await customer.app_token()
    headers = {"Authorization": f"Bearer {token}", "x-restli-method": "batch_delete"}
    ids = "&".join(
        f"ids[{i}].atsCandidateId=C{i}&ids[{i}].dataProvider=ATS&ids[{i}].integrationContext={ORG}"
        for i in range(101)
    )
    async with aiohttp.ClientSession() as session:
        async with session.delete(f"{sandbox.api_base}/atsCandidates?{ids}", headers=headers) as resp:
            assert resp.status == 414  # the query string alone is over 4 KB
        await customer.upsert_candidates({"C0": candidate("Test", "Person0", "p0@example.com")})
        key = restli.encode_key({"atsCandidateId": "C0", "dataProvider": "ATS", "integrationContext": ORG})
        small = "&".join(f"ids=N{i}" for i in range(101))
        async with session.delete(
            f"{sandbox.api_base}/atsCandidates/{key}/notes?{small}", headers=headers
        ) as resp:
            assert resp.status == 400 and "at most 100" in (await resp.json())["message"]
        async with session.get(f"{sandbox.api_base}/{'a' * 9000}", headers=headers) as resp:
            assert resp.status == 414
        async with session.get(f"{sandbox.api_base}/seats?q=seatsByAttributes") as resp:
            assert resp.status == 401  # no bearer token


async def test_exports_are_limited_per_seat_per_month(
    customer: LinkedInClient, sandbox: RunningSandbox
) -> None:
    await control(sandbox, "POST", "integration", {"level": "company"})
    await control(sandbox, "POST", "faults", {"exportsPerSeatPerMonth": 1})
    body = {"member": "mbr-1001", "job": "J-1001", "seat": "mbr-9021"}
    await control(sandbox, "POST", "export", body)
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{sandbox.base_url}/sandbox/export", json=body) as resp,
    ):
        assert resp.status == 429
