"""A tenant's LinkedIn Recruiter integration: the setup an admin walks from Not connected to Enabled.
The states and what moves between them are stated once, in domain/linkedin.py.

Each module holds one concern:

- unit.py: how every change is made: one unit of work per tenant at a time (lock, row lock), the
  checks a card button goes through, the version bump, and the listeners told after a change;
- view.py: what the setup card shows, and where it was posted (so a change updates it in place);
- connect.py: Connect (the admin's sign-in), the choice of the Recruiter contract, Disconnect;
- provisioning.py: Request and Notify partner (the child app, naming the integrations, the callback URL);
- child_app.py: the customer's child app client and its secret (which also signs the webhooks);
- status.py: Partner ready, Enabled and the access level, read from LinkedIn (Refresh, status change
  events, the status poll);
- job_posting.py: job posting, preview features, Apply with LinkedIn;
- urls.py: the public addresses the setup hands out.

The rules without a database (which actions a state offers, reading LinkedIn's answer) are
services/setup_view.py; the refusals, services/setup_refusals.py; the rows, store/linkedin_integration.py.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from connector.client import LinkedInClient
from services.job_feed import JobFeed
from services.linkedin_accounts import LinkedInAccounts
from services.linkedin_setup.child_app import ChildApps
from services.linkedin_setup.connect import SetupConnection
from services.linkedin_setup.job_posting import JobPostingSetup
from services.linkedin_setup.provisioning import Provisioning
from services.linkedin_setup.status import IntegrationStatus
from services.linkedin_setup.unit import Listener, SetupUnits
from services.linkedin_setup.urls import SetupUrls
from services.linkedin_setup.view import SetupViews
from services.signin_states import SignInStates


class LinkedInSetup:
    """The setup as its callers see it (the bot's setup card, the sign-in, the webhooks, the status
    poll): each call is answered by the part that owns it."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        partner: LinkedInClient,
        *,
        signin: SignInStates,
        accounts: LinkedInAccounts,
        job_feed: JobFeed,
        base_url: str,
    ) -> None:
        self.urls = urls = SetupUrls(base_url)
        self.units = units = SetupUnits(sessions)
        self.child_apps = child_apps = ChildApps(units, partner)
        self.status = status = IntegrationStatus(units, child_apps, urls)
        self.views = views = SetupViews(units, urls, accounts, job_feed)
        self.connection = connection = SetupConnection(units, urls, signin=signin, accounts=accounts)
        self.provisioning = provisioning = Provisioning(units, urls, partner, child_apps, status)
        self.job_posting = job_posting = JobPostingSetup(units)

        # Listeners: `listener(tenant_id)` is awaited after each change of that tenant's setup.
        self.subscribe = units.subscribe
        # The refusal a button would get now, without changing anything.
        self.check = units.check
        # The setup card and the addresses it hands out.
        self.view = views.view
        self.card_location = views.card_location
        self.remember_card = views.remember_card
        self.connect_url = urls.connect_url
        self.redirect_uri = urls.redirect_uri
        # Its buttons.
        self.start_connect = connection.start_connect
        self.choose_contract = connection.choose_contract
        self.disconnect = connection.disconnect
        self.request = provisioning.request
        self.notify_partner = provisioning.notify_partner
        self.refresh = status.refresh
        self.save_job_posting = job_posting.save_job_posting
        self.stop_job_posting = job_posting.stop_job_posting
        self.set_preview_features = job_posting.set_preview_features
        self.set_apply_with_linkedin = job_posting.set_apply_with_linkedin
        # The sign-in confirmed in Teams, LinkedIn's webhooks and the status poll.
        self.complete_connect = connection.complete_connect
        self.webhook_secret = child_apps.webhook_secret
        self.on_status_change = status.on_status_change
        self.sync_status = status.sync_status


__all__ = ["LinkedInSetup", "Listener"]
