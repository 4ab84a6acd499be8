"""This app's public addresses that the setup hands out: where browsers start and end a LinkedIn
sign-in, and where LinkedIn sends a tenant's webhooks."""

from __future__ import annotations


class SetupUrls:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")

    def callback_url(self, callback_id: str) -> str:
        """A tenant's webhook URL, registered with LinkedIn for its four integrations."""
        return f"{self.base_url}/api/linkedin/webhook/{callback_id}"

    @property
    def redirect_uri(self) -> str:
        """Where LinkedIn sends the browser back after a sign-in."""
        return f"{self.base_url}/linkedin/callback"

    def connect_url(self, state: str) -> str:
        """The sign-in link sent in Teams (it redirects to LinkedIn)."""
        return f"{self.base_url}/linkedin/connect?state={state}"
