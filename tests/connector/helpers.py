from __future__ import annotations

from typing import Any

import aiohttp

from linkedin_sandbox import RunningSandbox


async def control(sandbox: RunningSandbox, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    """Play LinkedIn's people through the sandbox's control endpoints, over HTTP."""
    async with (
        aiohttp.ClientSession() as session,
        session.request(method, f"{sandbox.base_url}/sandbox/{path}", json=body) as resp,
    ):
        data = await resp.json()
        assert resp.status == 200, data
        return data


def candidate(first: str, last: str, email: str, created: int = 1_700_000_000_000) -> dict[str, Any]:
    return {
        "atsCreatedAt": created,
        "atsLastModifiedAt": created + 1,
        "firstName": first,
        "lastName": last,
        "emailAddresses": [email],
    }
