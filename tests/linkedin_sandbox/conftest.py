"""The sandbox is tested as LinkedIn's partners meet it: over HTTP, driven by our client where a partner
would call LinkedIn (provisioning, callback registration). tests/connector/conftest.py builds that pair:
a sandbox with a small LinkedIn, the client, a customer app and its webhook receiver."""

from tests.connector.conftest import (
    CONTRACT,
    ORG,
    TENANT,
    Receiver,
    client,
    customer,
    receiver,
    sandbox,
)

__all__ = ["CONTRACT", "ORG", "TENANT", "Receiver", "client", "customer", "receiver", "sandbox"]
