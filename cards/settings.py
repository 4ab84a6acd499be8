"""User settings: the user's own LinkedIn connection, which the LinkedIn features need before they
work for that user."""

from __future__ import annotations

from typing import Any

from microsoft_teams.cards import ActionSet, ExecuteAction, Fact, FactSet

from cards.base import card, heading, paragraph
from domain.linkedin import LinkedInAccount
from i18n import translator

SETTINGS_CONNECT = "settings.connect"
SETTINGS_DISCONNECT = "settings.disconnect"


def settings_card(
    locale: str,
    tenant_id: str,
    account: LinkedInAccount | None,
    notice: str | None = None,
    timezone: str | None = None,
) -> dict[str, Any]:
    """The user's own settings (1:1); times in `timezone`, the user's, when known."""
    t = translator(locale, timezone)
    _ = t.gettext
    body: list[Any] = [heading(_("Your settings"))]
    if notice:
        body.append(paragraph(notice))
    if account is None:
        body.append(
            paragraph(
                _(
                    "Your LinkedIn account is not connected. Connect it so the LinkedIn features "
                    "(profile matches, export, InMail and notes history) work for you."
                )
            )
        )
        verb, title = SETTINGS_CONNECT, _("Connect LinkedIn")
    else:
        body.append(
            FactSet(
                facts=[
                    Fact(title=_("LinkedIn account"), value=account.member_name or account.member_id),
                    Fact(title=_("Connected"), value=t.format_datetime(account.connected_at)),
                ]
            )
        )
        verb, title = SETTINGS_DISCONNECT, _("Disconnect LinkedIn")
    body.append(
        ActionSet(actions=[ExecuteAction(title=title, verb=verb, data={"verb": verb, "tenantId": tenant_id})])
    )
    return card(body)
