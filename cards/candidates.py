"""Candidate cards: the short list to pick from and the candidate card, with its LinkedIn section
(the In-ATS profile widget: the three rules of domain/profile_match.py)."""

from __future__ import annotations

from typing import Any

from microsoft_teams.cards import (
    Action,
    ActionSet,
    CardElement,
    Column,
    ColumnSet,
    Container,
    ExecuteAction,
    Fact,
    FactSet,
    OpenUrlAction,
    TextBlock,
    TextInput,
)

from cards.base import Verb, card, heading, paragraph
from cards.exports import export_action
from cards.projects import save_to_project_action
from domain.candidates import CandidateProfile, CandidateSearch, CandidateSummary, LinkState, echoed
from domain.profile_match import LinkedInProfile, LinkedInSection, MatchRule, ProfileMatch
from i18n import Translator, translator

# At most this many possible matches are listed; searching by a fuller name narrows them down.
MAX_POSSIBLE_SHOWN = 10
OTHER_NAME_INPUT = "otherName"  # the LinkedIn section's search box (search by another name)


def _headline(title: str | None, company: str | None, locale: str) -> str:
    _ = translator(locale).gettext
    if title and company:
        return _("{title} at {company}").format(title=title, company=company)
    return title or company or ""


def _list_row(locale: str, candidate: CandidateSummary, shared: bool) -> Container:
    _ = translator(locale).gettext
    details = " · ".join(
        part
        for part in (
            candidate.code,
            _headline(candidate.current_title, candidate.current_company, locale),
            None if shared else candidate.email,
        )
        if part
    )
    return Container(
        separator=True,
        items=[
            ColumnSet(
                columns=[
                    Column(
                        width="stretch",
                        items=[
                            TextBlock(text=candidate.name, weight="Bolder", wrap=True),
                            TextBlock(text=details, is_subtle=True, spacing="None", wrap=True),
                        ],
                    ),
                    Column(
                        width="auto",
                        vertical_content_alignment="Center",
                        items=[
                            ActionSet(
                                actions=[
                                    ExecuteAction(
                                        title=_("Open"),
                                        verb=Verb.SHOW_CANDIDATE,
                                        data={"verb": Verb.SHOW_CANDIDATE, "candidateId": candidate.id},
                                    )
                                ]
                            )
                        ],
                    ),
                ]
            )
        ],
    )


def candidate_list_card(locale: str, search: CandidateSearch, *, shared: bool = False) -> dict[str, Any]:
    """The short list to pick from; `shared` (a channel or group chat) leaves emails out."""
    _ = translator(locale).gettext
    t = translator(locale)
    query = echoed(search.query)
    if search.scope is not None:
        title = _('Candidates matching "{query}" in {scope}').format(query=query, scope=search.scope.label)
    else:
        title = _('Candidates matching "{query}"').format(query=query)
    body: list[Any] = [heading(title)]
    if search.more or search.total > len(search.candidates):
        # "100+": the search stops counting there.
        total = t.format_number(search.total) + ("+" if search.more else "")
        body.append(
            paragraph(
                _(
                    "Showing {shown} of {total}. Add more of the name, an email or a job to narrow it down."
                ).format(shown=t.format_number(len(search.candidates)), total=total),
                subtle=True,
            )
        )
    else:
        body.append(paragraph(_("Pick one to see the candidate card."), subtle=True))
    body.extend(_list_row(locale, candidate, shared) for candidate in search.candidates)
    return card(body)


def _link_state_text(t: Translator, profile: CandidateProfile) -> str:
    """The link as the ATS stores it (shown when LinkedIn can't be asked)."""
    _ = t.gettext
    if profile.link_state == LinkState.EXACT:
        return _("Linked to a LinkedIn profile (email and member id match).")
    if profile.link_state == LinkState.MANUAL:
        return _("Linked to a LinkedIn profile (confirmed by a colleague).")
    return _("Not linked to a LinkedIn profile.")


def candidate_card(
    locale: str,
    profile: CandidateProfile,
    *,
    linkedin: LinkedInSection | None = None,
    notice: str | None = None,
    shared: bool = False,
    timezone: str | None = None,
    can_export: bool = False,
) -> dict[str, Any]:
    """The candidate card. In a `shared` conversation (a channel or group chat) the candidate's
    email and phone are left out: everyone there would see them. Dates are in `timezone` (the
    user's, from Teams) when known. `linkedin` is the LinkedIn section as read from LinkedIn (None:
    the link as the ATS stores it); `notice` is one line on top (what a button just did, or why
    nothing was changed). `can_export`: the user is the Hiring manager or a Recruiter of an active
    job, so the card offers Export (the server checks the job chosen again)."""
    t = translator(locale, timezone)
    _ = t.gettext
    facts = [Fact(title=_("Candidate id"), value=profile.code)]
    headline = _headline(profile.current_title, profile.current_company, locale)
    if headline:
        facts.append(Fact(title=_("Current role"), value=headline))
    if profile.emails and not shared:
        facts.append(Fact(title=_("Email"), value=", ".join(profile.emails)))
    if profile.phones and not shared:
        facts.append(Fact(title=_("Phone"), value=", ".join(profile.phones)))

    body: list[Any] = [heading(profile.name)]
    if notice:
        body.append(TextBlock(text=notice, wrap=True, color="Accent"))
    body.append(FactSet(facts=facts))
    if shared and (profile.emails or profile.phones):
        body.append(paragraph(_("Email and phone are shown only in your 1:1 chat with me."), subtle=True))
    body.append(TextBlock(text=_("Jobs"), weight="Bolder", spacing="Medium", wrap=True))
    if not profile.applications:
        body.append(paragraph(_("No applications yet."), subtle=True))
    for application in profile.applications:
        # Title and stage on their own lines: a FactSet's narrow title column breaks job ids.
        stage = (
            _("{stage}, since {date}").format(
                stage=application.current_stage, date=t.format_date(application.history[-1].entered_at)
            )
            if application.history
            else application.current_stage
        )
        body.append(
            Container(
                spacing="Small",
                items=[
                    TextBlock(text=f"{application.job_title} ({application.job_code})", wrap=True),
                    TextBlock(text=stage, is_subtle=True, spacing="None", wrap=True),
                ],
            )
        )
    body.append(TextBlock(text=_("LinkedIn"), weight="Bolder", spacing="Medium", wrap=True))
    body.extend(_linkedin_section(t, profile, linkedin))
    # The card's own buttons, below its sections (the LinkedIn section has its own buttons).
    actions: list[Action] = [save_to_project_action(locale, profile.id)]
    if can_export:
        actions.insert(0, export_action(locale, profile.id))
    return card(body, actions)


# --- the LinkedIn section -----------------------------------------------------------------------------


def _linkedin_section(t: Translator, profile: CandidateProfile, section: LinkedInSection | None) -> list[Any]:
    _ = t.gettext
    stored = paragraph(_link_state_text(t, profile), subtle=True)
    if section is None:
        return [stored]
    match = section.match
    if match is None:
        body: list[Any] = [stored]
        if section.note:
            body.append(paragraph(section.note))
        if section.can_check_again:
            data = {"verb": Verb.LINKEDIN_CHECK, "candidateId": profile.id}
            check = ExecuteAction(
                title=_("Check again"), verb=Verb.LINKEDIN_CHECK, data=data, associated_inputs="none"
            )
            body.append(ActionSet(actions=[check]))
        return body
    if section.note:
        body = [paragraph(section.note)]
    else:
        body = []
    if match.picked is not None:
        body.extend(_confirm_pick(t, match, match.picked))
    elif match.rule in (MatchRule.EXACT, MatchRule.LINKED):
        body.extend(_linked(t, match))
    else:
        body.extend(_possible_matches(t, match))
    body.append(paragraph(_checked(t, match.checked_seconds_ago), subtle=True))
    return body


def _checked(t: Translator, seconds_ago: int) -> str:
    minutes = seconds_ago // 60
    if minutes < 1:
        return t.gettext("Checked with LinkedIn just now.")
    return t.ngettext(
        "Checked with LinkedIn {count} minute ago.", "Checked with LinkedIn {count} minutes ago.", minutes
    ).format(count=t.format_number(minutes))


def _button(
    title: str,
    verb: str,
    match: ProfileMatch,
    *,
    member_id: str | None = None,
    style: str | None = None,
    inputs: str = "none",
) -> ExecuteAction:
    """A LinkedIn button: ids only (the tenant, the candidate, the member) and the card's stamp (the
    candidate's link when the card was built); the server checks them all again."""
    data = {
        "verb": verb,
        "tenantId": match.tenant_id,
        "candidateId": match.candidate_id,
        "stamp": match.stamp,
    }
    if member_id is not None:
        data["memberId"] = member_id
    return ExecuteAction(title=title, verb=verb, data=data, associated_inputs=inputs, style=style)


def _member_lines(t: Translator, member: LinkedInProfile) -> list[CardElement]:
    _ = t.gettext
    lines: list[CardElement] = [
        TextBlock(
            text=member.name or _("LinkedIn didn't share this member's name."), weight="Bolder", wrap=True
        )
    ]
    if member.headline:
        lines.append(TextBlock(text=member.headline, spacing="None", wrap=True))
    if member.location:
        lines.append(TextBlock(text=member.location, is_subtle=True, spacing="None", wrap=True))
    if member.email_match:
        lines.append(
            TextBlock(
                text=_("LinkedIn matched this profile on the candidate's email."),
                is_subtle=True,
                size="Small",
                spacing="None",
                wrap=True,
            )
        )
    return lines


def _open_profile(t: Translator, member: LinkedInProfile) -> list[Action]:
    if not member.profile_url:
        return []
    return [OpenUrlAction(title=t.gettext("Open on LinkedIn"), url=member.profile_url)]


def _linked(t: Translator, match: ProfileMatch) -> list[Any]:
    """Rule 1 (LinkedIn agrees on email and member id) and a profile linked by hand: the profile,
    and the button that unlinks it."""
    _ = t.gettext
    body: list[Any] = []
    if match.rule is MatchRule.EXACT:
        body.append(paragraph(_("LinkedIn matches this candidate's email and member id to this profile.")))
        unlink = _button(_("Unlink"), Verb.LINKEDIN_UNLINK, match)
    else:
        if match.linked_by and match.linked_at:
            linked = _("Linked to this LinkedIn profile by {name} on {date}.").format(
                name=match.linked_by, date=t.format_date(match.linked_at)
            )
        else:
            linked = _("Linked to this LinkedIn profile.")
        body.append(paragraph(linked))
        unlink = _button(_("Not the right person"), Verb.LINKEDIN_UNLINK, match)
    actions: list[Action] = []
    if match.linked is not None:
        body.append(Container(items=_member_lines(t, match.linked)))
        actions.extend(_open_profile(t, match.linked))
    actions.append(unlink)
    body.append(ActionSet(actions=actions))
    return body


def _possible_matches(t: Translator, match: ProfileMatch) -> list[Any]:
    """Rule 2 (LinkedIn's possible matches by name, to pick from) and rule 3 (no match), with the
    search by another name."""
    _ = t.gettext
    body: list[Any] = []
    if match.rule is MatchRule.POSSIBLE and match.possible:
        if match.searched_name:
            intro = _('LinkedIn\'s possible matches for "{name}". Pick the right person:').format(
                name=match.searched_name
            )
        else:
            intro = _("Not linked yet. LinkedIn's possible matches by name: pick the right person.")
        body.append(paragraph(intro))
        for member in match.possible[:MAX_POSSIBLE_SHOWN]:
            body.append(_possible_row(t, match, member))
        hidden = len(match.possible) - MAX_POSSIBLE_SHOWN
        if hidden > 0:
            body.append(
                paragraph(
                    t.ngettext(
                        "{count} more is not shown: search by a fuller name to narrow it down.",
                        "{count} more are not shown: search by a fuller name to narrow them down.",
                        hidden,
                    ).format(count=t.format_number(hidden)),
                    subtle=True,
                )
            )
    elif match.searched_name:
        body.append(paragraph(_('LinkedIn found no one called "{name}".').format(name=match.searched_name)))
    else:
        body.append(paragraph(_("LinkedIn found no match for {name}.").format(name=match.candidate_name)))
    body.append(
        TextInput(
            id=OTHER_NAME_INPUT,
            label=_("Search LinkedIn by another name"),
            placeholder=_("First and last name"),
            value=match.searched_name or None,
            max_length=100,
            spacing="Medium",
        )
    )
    search = _button(_("Search LinkedIn"), Verb.LINKEDIN_SEARCH, match, inputs="auto")
    body.append(ActionSet(actions=[search]))
    return body


def _possible_row(t: Translator, match: ProfileMatch, member: LinkedInProfile) -> Container:
    pick = _button(t.gettext("Pick"), Verb.LINKEDIN_PICK, match, member_id=member.member_id)
    return Container(
        separator=True,
        items=[
            ColumnSet(
                columns=[
                    Column(width="stretch", items=_member_lines(t, member)),
                    Column(
                        width="auto",
                        vertical_content_alignment="Center",
                        items=[ActionSet(actions=[pick])],
                    ),
                ]
            )
        ],
    )


def _confirm_pick(t: Translator, match: ProfileMatch, member: LinkedInProfile) -> list[Any]:
    """The user picked a possible match: is it the right person?"""
    _ = t.gettext
    question = _("Is this the right LinkedIn profile for {name}?").format(name=match.candidate_name)
    confirm = _button(
        _("Yes, link this profile"), Verb.LINKEDIN_LINK, match, member_id=member.member_id, style="positive"
    )
    back = _button(_("Back"), Verb.LINKEDIN_CHECK, match)
    return [
        paragraph(question),
        Container(style="emphasis", items=_member_lines(t, member)),
        ActionSet(actions=[*_open_profile(t, member), confirm, back]),
    ]


def candidate_gone_card(locale: str) -> dict[str, Any]:
    """What replaces a candidate card whose candidate is no longer in the ATS (or not the user's to
    see): its buttons can do nothing any more."""
    _ = translator(locale).gettext
    return card([paragraph(_("That candidate doesn't exist or isn't visible to you."))])
