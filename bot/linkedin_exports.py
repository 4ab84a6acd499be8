"""Telling a recruiter what became of their 1-click export from LinkedIn Recruiter: the card from
cards/export_notices.py, sent to their 1:1 chat by the notifier (services/linkedin_exports.py
decides what to say; this only builds the card and hands it over)."""

from __future__ import annotations

from cards.export_notices import export_done_card, export_refused_card
from domain.exports import ExportResult
from services.notifier import Notice, NoticeKind, Notifier, Outcome


class ExportNotices:
    """services.linkedin_exports.ExportTeller over the notifier."""

    def __init__(self, notifier: Notifier) -> None:
        self.notifier = notifier

    async def exported(
        self, tenant_id: str, user_id: str, locale: str, key: str, result: ExportResult
    ) -> Outcome:
        notice = Notice(NoticeKind.LINKEDIN_EXPORT, key, card=export_done_card(locale, result))
        return await self.notifier.tell_user(tenant_id, user_id, notice)

    async def refused(
        self,
        tenant_id: str,
        user_id: str,
        locale: str,
        key: str,
        candidate_name: str,
        reason: str,
        *,
        another_job: bool,
    ) -> Outcome:
        card = export_refused_card(locale, candidate_name, reason, another_job=another_job)
        notice = Notice(NoticeKind.LINKEDIN_EXPORT, key, card=card)
        return await self.notifier.tell_user(tenant_id, user_id, notice)
