"""The built-in LinkedIn sandbox: the same endpoints and shapes as LinkedIn's partner API.

    running = await start_sandbox("127.0.0.1", 3979, client_id=…, client_secret=…)
    # client: api_base=running.api_base ("http://127.0.0.1:3979/v2"),
    #         oauth_base=running.oauth_base ("http://127.0.0.1:3979/oauth/v2")
    await running.close()

Control endpoints under /sandbox/ and `python -m connector.sandbox --help` play LinkedIn's people.
"""

from linkedin_sandbox.config import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, SandboxConfig
from linkedin_sandbox.server import RunningSandbox, create_sandbox_app, start_sandbox

__all__ = [
    "DEMO_CLIENT_ID",
    "DEMO_CLIENT_SECRET",
    "RunningSandbox",
    "SandboxConfig",
    "create_sandbox_app",
    "start_sandbox",
]
