"""Candidate cards: the short list to pick from and the candidate card."""

from __future__ import annotations

from typing import Any

from microsoft_teams.cards import (
    ActionSet,
    Column,
    ColumnSet,
    Container,
    ExecuteAction,
    Fact,
    FactSet,
    TextBlock,
)

from cards.base import Verb, card, heading, paragraph
from domain.candidates import CandidateProfile, CandidateSearch, CandidateSummary, LinkState, echoed
from i18n import translator


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


def _link_state_text(locale: str, profile: CandidateProfile) -> str:
    _ = translator(locale).gettext
    if profile.link_state == LinkState.EXACT:
        return _("Linked to a LinkedIn profile (email and member id match).")
    if profile.link_state == LinkState.MANUAL:
        return _("Linked to a LinkedIn profile (confirmed by a colleague).")
    return _("Not linked to a LinkedIn profile.")


def candidate_card(
    locale: str, profile: CandidateProfile, *, shared: bool = False, timezone: str | None = None
) -> dict[str, Any]:
    """The candidate card. In a `shared` conversation (a channel or group chat) the candidate's
    email and phone are left out: everyone there would see them. Dates are in `timezone` (the
    user's, from Teams) when known."""
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

    body: list[Any] = [heading(profile.name), FactSet(facts=facts)]
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
    body.append(paragraph(_link_state_text(locale, profile), subtle=True))
    return card(body)
