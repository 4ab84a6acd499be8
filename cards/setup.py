"""The LinkedIn setup card (admins only; domain/linkedin.py says which states it walks through) and
the sign-in link card.

The setup card shows the state, the access level, the contract, the last changes, and only the
actions allowed now (`SetupView.actions`). Every button carries the tenant and the version it
showed; the server re-checks both.
"""

from __future__ import annotations

from typing import Any

from microsoft_teams.cards import (
    ActionSet,
    Choice,
    ChoiceSetInput,
    Container,
    ExecuteAction,
    Fact,
    FactSet,
    OpenUrlAction,
    TextBlock,
    TextInput,
    ToggleInput,
)

from cards.base import card, heading, paragraph
from domain.linkedin import AccessLevel, IntegrationStateName, SetupAction, SetupView
from i18n import N_, NC_, translator

SETUP_VERB_PREFIX = "setup."
MAX_LEFT_OUT_SHOWN = 8

STATE_LABELS = {
    IntegrationStateName.NOT_CONNECTED: N_("Not connected"),
    IntegrationStateName.CONNECTED: N_("Connected"),
    IntegrationStateName.REQUESTED: N_("Requested"),
    IntegrationStateName.PARTNER_READY: N_("Partner ready"),
    IntegrationStateName.ENABLED: N_("Enabled"),
}

# Shown alone as the value of "Access level", so each language writes it as a label (capitalized);
# services/capabilities.py has the same words inside a sentence, in their own message context.
# (The context is written out in each call: extraction reads only literal strings.)
ACCESS_LABELS = {
    AccessLevel.NONE: NC_("access level, shown alone as a card value", "None yet"),
    AccessLevel.COMPANY: NC_("access level, shown alone as a card value", "Company-level"),
    AccessLevel.CONTRACT: NC_("access level, shown alone as a card value", "Contract-level"),
}


def setup_verb(action: SetupAction) -> str:
    return SETUP_VERB_PREFIX + action.value


# The only buttons that read the card's inputs. Every other button sends none, so that the job
# posting form's validation never blocks, say, Connect (the server validates everything anyway).
_READS_INPUTS = frozenset({SetupAction.CHOOSE_CONTRACT, SetupAction.SAVE_JOB_POSTING})


def _button(
    locale: str, view: SetupView, action: SetupAction, title: str, style: str | None = None
) -> ExecuteAction:
    verb = setup_verb(action)
    data = {"verb": verb, "tenantId": view.tenant_id, "version": view.version}
    inputs = "auto" if action in _READS_INPUTS else "none"
    return ExecuteAction(title=title, verb=verb, data=data, associated_inputs=inputs, style=style)


def _next_step(locale: str, view: SetupView) -> str:
    _ = translator(locale).gettext
    state = view.state
    if state is IntegrationStateName.NOT_CONNECTED:
        return _(
            "Connect signs you in to LinkedIn with your Recruiter admin account, so I can read your "
            "Recruiter contracts."
        )
    if state is IntegrationStateName.CONNECTED:
        if view.contract is None:
            return _("Choose the Recruiter contract to integrate with.")
        return _(
            "Request asks LinkedIn for Recruiter System Connect: I create your organization's LinkedIn "
            "app, name the integrations and register your callback URL."
        )
    if state is IntegrationStateName.REQUESTED:
        return _("LinkedIn hasn't confirmed the partner side yet. Notify partner sends the request again.")
    if state is IntegrationStateName.PARTNER_READY:
        return _(
            "LinkedIn is ready. A LinkedIn Recruiter admin now switches the integration on in Recruiter "
            "> Admin settings > ATS. This card updates when they do; Refresh checks now."
        )
    if view.access_level is AccessLevel.CONTRACT:
        return _(
            "Everything is on: 1-click export, the In-ATS indicator and profile widget, InMail history, "
            "Notes history and InMail stub profiles."
        )
    return _(
        "1-click export, the In-ATS indicator and the profile widget are on. InMail history, Notes "
        "history and InMail stub profiles need Contract-level access, which a LinkedIn Recruiter admin "
        "can switch on."
    )


def _status_section(locale: str, view: SetupView, *, confirming_disconnect: bool) -> list[Any]:
    t = translator(locale)
    _ = t.gettext
    facts = [Fact(title=_("State"), value=_(STATE_LABELS[view.state]))]
    if view.state is IntegrationStateName.ENABLED:
        facts.append(Fact(title=_("Access level"), value=t.translate(ACCESS_LABELS[view.access_level])))
    if view.contract is not None:
        facts.append(Fact(title=_("Contract"), value=view.contract.name))
    if view.connected_member:
        facts.append(Fact(title=_("Signed in to LinkedIn as"), value=view.connected_member))
    body: list[Any] = [FactSet(facts=facts), paragraph(_next_step(locale, view))]

    if SetupAction.CHOOSE_CONTRACT in view.actions:
        body.append(
            ChoiceSetInput(
                id="contract",
                label=_("Recruiter contract"),
                style="expanded",
                is_required=True,
                error_message=_("Choose a contract."),
                value=view.contract.contract if view.contract else None,
                choices=[Choice(title=c.name, value=c.contract) for c in view.contracts],
            )
        )
    actions: list[ExecuteAction] = []
    if SetupAction.CONNECT in view.actions:
        actions.append(_button(locale, view, SetupAction.CONNECT, _("Connect")))
    if SetupAction.CHOOSE_CONTRACT in view.actions:
        actions.append(_button(locale, view, SetupAction.CHOOSE_CONTRACT, _("Use this contract")))
    if SetupAction.REQUEST in view.actions:
        actions.append(_button(locale, view, SetupAction.REQUEST, _("Request")))
    if SetupAction.NOTIFY_PARTNER in view.actions:
        actions.append(_button(locale, view, SetupAction.NOTIFY_PARTNER, _("Notify partner")))
    if SetupAction.REFRESH in view.actions:
        actions.append(_button(locale, view, SetupAction.REFRESH, _("Refresh")))
    if SetupAction.DISCONNECT in view.actions and not confirming_disconnect:
        actions.append(_button(locale, view, SetupAction.DISCONNECT, _("Disconnect")))
    if actions:
        body.append(ActionSet(actions=list(actions)))
    return body


def _job_posting_section(locale: str, view: SetupView) -> list[Any]:
    t = translator(locale)
    _ = t.gettext
    body: list[Any] = [
        TextBlock(
            text=_("Job posting to LinkedIn"), weight="Bolder", spacing="Large", separator=True, wrap=True
        ),
        paragraph(
            _(
                "LinkedIn has no test environment: every job in the feed goes live. Only active jobs "
                "marked for LinkedIn are published, never drafts or test jobs. LinkedIn reads the feed "
                "about once a day; a job can take up to 48 hours to appear."
            ),
            subtle=True,
        ),
    ]
    if view.job_posting_enabled:
        body.append(
            FactSet(
                facts=[
                    Fact(title=_("Company"), value=view.company_name or ""),
                    Fact(title=_("LinkedIn company ID"), value=view.linkedin_company_id or ""),
                    Fact(title=_("Job feed"), value=view.feed_url),
                    Fact(title=_("Jobs in the feed"), value=t.format_number(len(view.feed.jobs))),
                ]
            )
        )
        if view.feed.left_out:
            body.append(TextBlock(text=_("Left out of the feed:"), weight="Bolder", wrap=True))
            for left in view.feed.left_out[:MAX_LEFT_OUT_SHOWN]:
                reasons = "; ".join(reason.describe(t) for reason in left.reasons)
                body.append(
                    paragraph(
                        _("{job_code} {title}: {reasons}").format(
                            job_code=left.job_code, title=left.title, reasons=reasons
                        ),
                        subtle=True,
                    )
                )
            hidden = len(view.feed.left_out) - MAX_LEFT_OUT_SHOWN
            if hidden > 0:
                body.append(
                    paragraph(_("… and {count} more.").format(count=t.format_number(hidden)), subtle=True)
                )
    else:
        body.append(paragraph(_("Job posting is off.")))
    body.extend(
        [
            TextInput(
                id="companyName",
                label=_("Company name"),
                value=view.company_name or None,
                max_length=200,
            ),
            TextInput(
                id="companyId",
                label=_("LinkedIn company ID (digits only)"),
                value=view.linkedin_company_id or None,
                regex="^[0-9]{1,19}$",
                max_length=19,
                error_message=_("The LinkedIn company ID is digits only."),
            ),
            ToggleInput(
                id="confirmGoLive",
                title=_("I understand that LinkedIn has no test environment and that posted jobs go live."),
                value="false",
                value_on="true",
                value_off="false",
                wrap=True,
            ),
        ]
    )
    actions = [_button(locale, view, SetupAction.SAVE_JOB_POSTING, _("Save job posting"))]
    if SetupAction.STOP_JOB_POSTING in view.actions:
        actions.append(_button(locale, view, SetupAction.STOP_JOB_POSTING, _("Stop job posting")))
    body.append(ActionSet(actions=list(actions)))
    return body


def _apply_section(locale: str, view: SetupView) -> list[Any]:
    _ = translator(locale).gettext
    body: list[Any] = [
        TextBlock(
            text=_("Apply with LinkedIn (preview)"),
            weight="Bolder",
            spacing="Large",
            separator=True,
            wrap=True,
        )
    ]
    actions: list[ExecuteAction] = []
    if view.apply_with_linkedin:
        body.append(paragraph(_("Apply with LinkedIn is connected.")))
        actions.append(
            _button(locale, view, SetupAction.DISCONNECT_APPLY, _("Disconnect Apply with LinkedIn"))
        )
    elif view.preview_features:
        body.append(paragraph(_("Preview features are on: you can connect Apply with LinkedIn.")))
        actions.append(_button(locale, view, SetupAction.CONNECT_APPLY, _("Connect Apply with LinkedIn")))
    else:
        body.append(
            paragraph(
                _(
                    "Apply with LinkedIn is a preview feature. Turn preview features on for your "
                    "organization to connect it."
                )
            )
        )
    if SetupAction.PREVIEW_ON in view.actions:
        actions.append(_button(locale, view, SetupAction.PREVIEW_ON, _("Turn preview features on")))
    if SetupAction.PREVIEW_OFF in view.actions:
        actions.append(_button(locale, view, SetupAction.PREVIEW_OFF, _("Turn preview features off")))
    body.append(ActionSet(actions=list(actions)))
    return body


def _audit_section(locale: str, view: SetupView) -> list[Any]:
    t = translator(locale)
    _ = t.gettext
    body: list[Any] = [
        TextBlock(text=_("Recent changes"), weight="Bolder", spacing="Large", separator=True, wrap=True)
    ]
    if not view.audit:
        body.append(paragraph(_("No changes yet."), subtle=True))
    for line in view.audit:
        body.append(
            paragraph(
                _("{when} · {who}: {what}").format(
                    when=t.format_datetime(line.at), who=line.actor(t), what=line.describe(t)
                ),
                subtle=True,
            )
        )
    return body


def _disconnect_confirmation(locale: str, view: SetupView) -> Container:
    """Disconnect turns the integration off for the whole organization: the admin confirms it on
    the card first (the confirm button is checked on the server like every other)."""
    _ = translator(locale).gettext
    organization = view.tenant_name
    return Container(
        style="attention",
        items=[
            TextBlock(
                text=_("Turn LinkedIn off for everyone in {organization}?").format(organization=organization),
                weight="Bolder",
                wrap=True,
            ),
            paragraph(
                _(
                    "This turns the LinkedIn Recruiter integration off for the whole organization: the "
                    "LinkedIn features stop working for every user until an admin connects it again."
                )
            ),
            ActionSet(
                actions=[
                    _button(
                        locale,
                        view,
                        SetupAction.CONFIRM_DISCONNECT,
                        _("Yes, disconnect LinkedIn for {organization}").format(organization=organization),
                        style="destructive",
                    ),
                    _button(locale, view, SetupAction.CANCEL_DISCONNECT, _("Cancel")),
                ]
            ),
        ],
    )


def setup_card(
    locale: str, view: SetupView, notice: str | None = None, *, confirming_disconnect: bool = False
) -> dict[str, Any]:
    """The setup card for this state; `notice` is a short explanation shown on top (e.g. why an
    out-of-date card was replaced). `confirming_disconnect` asks the admin to confirm Disconnect
    (only when Disconnect is allowed now)."""
    _ = translator(locale).gettext
    body: list[Any] = [heading(_("LinkedIn Recruiter integration"))]
    if notice:
        body.append(Container(style="warning", items=[TextBlock(text=notice, wrap=True, weight="Bolder")]))
    confirming_disconnect = confirming_disconnect and SetupAction.DISCONNECT in view.actions
    if confirming_disconnect:
        body.append(_disconnect_confirmation(locale, view))
    body.extend(_status_section(locale, view, confirming_disconnect=confirming_disconnect))
    body.extend(_job_posting_section(locale, view))
    body.extend(_apply_section(locale, view))
    body.extend(_audit_section(locale, view))
    return card(body)


def signin_card(locale: str, url: str, display_name: str, *, for_setup: bool) -> dict[str, Any]:
    """The link that starts one person's LinkedIn sign-in (single use, expires soon). It is sent to
    that person only; the page LinkedIn returns to shows a code they type to the bot to finish."""
    _ = translator(locale).gettext
    if for_setup:
        text = _(
            "{name}, sign in with your LinkedIn Recruiter admin account to connect the integration. "
            "The link is for you only, works once and expires in 15 minutes."
        ).format(name=display_name)
    else:
        text = _(
            "{name}, sign in with your own LinkedIn account to connect it to Talent Bridge. "
            "The link is for you only, works once and expires in 15 minutes."
        ).format(name=display_name)
    return card(
        [
            heading(_("Sign in to LinkedIn")),
            paragraph(text),
            paragraph(
                _(
                    "After you sign in, the page shows a code. Send me that code in Teams to finish: "
                    "nothing is connected until you do."
                )
            ),
        ],
        [OpenUrlAction(title=_("Sign in with LinkedIn"), url=url)],
    )
