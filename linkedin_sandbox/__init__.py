"""The built-in LinkedIn sandbox: LinkedIn's side of the wire, with the same endpoints and shapes as
LinkedIn's partner API. It stands in for LinkedIn's servers; the client that talks to them is connector/.

    running = await start_sandbox("127.0.0.1", 3979, client_id=…, client_secret=…,
                                  data=LinkedInData(members=[Member("mbr-1", "Ada", "Lovelace")]))
    # client: api_base=running.api_base ("http://127.0.0.1:3979/v2"),
    #         oauth_base=running.oauth_base ("http://127.0.0.1:3979/oauth/v2")
    await running.close()

It imports nothing of the ATS (store/, services/, bot/, web/) nor the client: its people arrive as
plain LinkedInData (see seed.py). It shares only the wire's own definitions with the client:
connector/assumed_shapes.py (the [ours] shapes) and connector/restli.py (Rest.li key encoding).
Control endpoints under /sandbox/ and `python -m linkedin_sandbox --help` play LinkedIn's people.
"""

from linkedin_sandbox.config import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, SandboxConfig
from linkedin_sandbox.seed import Contract, LinkedInData, Member, Project, Seat
from linkedin_sandbox.server import RunningSandbox, create_sandbox_app, start_sandbox

__all__ = [
    "DEMO_CLIENT_ID",
    "DEMO_CLIENT_SECRET",
    "Contract",
    "LinkedInData",
    "Member",
    "Project",
    "RunningSandbox",
    "SandboxConfig",
    "Seat",
    "create_sandbox_app",
    "start_sandbox",
]
