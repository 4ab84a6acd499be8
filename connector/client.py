"""The async LinkedIn Recruiter System Connect client (see connector/__init__.py for base URLs)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar
from urllib.parse import quote, urlencode

import aiohttp
from pydantic import BaseModel

from connector import assumed_shapes, restli
from connector.errors import LinkedInAuthError, LinkedInConflict, LinkedInError, LinkedInNotFound, RecordError
from connector.transport import ClientConfig, Clock, Response, TokenCache, Transport

_Model = TypeVar("_Model", bound=BaseModel)

T = TypeVar("T")
Record = Mapping[str, Any]

ATS = "ATS"
RECRUITER = "RECRUITER"
COMPANY_INTEGRATIONS = ("IN_ATS_INDICATOR", "ONE_CLICK_EXPORT", "PROFILE_PLUGIN")
CONTRACT_INTEGRATION = "CSA_API"
MAX_WINDOW_MS = 12 * 3600 * 1000  # contract-level pulls: windows of at most 12 hours
PAGE_SIZE = 50


@dataclass
class BatchResult(Generic[T]):
    """What a batch call did per record. A 200 answer may still refuse some records: check `errors`."""

    succeeded: dict[str, T] = field(default_factory=dict)
    errors: dict[str, RecordError] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def merge(self, other: BatchResult[T]) -> None:
        self.succeeded.update(other.succeeded)
        self.errors.update(other.errors)

    def raise_for_errors(self) -> None:
        from connector.errors import LinkedInRejected

        if self.errors:
            first = next(iter(self.errors.values()))
            raise LinkedInRejected(
                f"{len(self.errors)} record(s) refused, e.g. {first.key}: {first.status} {first.message}",
                status=first.status,
                errors=self.errors,
            )


@dataclass(frozen=True)
class IntegrationKey:
    integration_context: str
    integration_type: str
    tenant_type: str = RECRUITER
    data_provider: str = ATS

    def as_key(self) -> dict[str, str]:
        return {
            "integrationContext": self.integration_context,
            "integrationType": self.integration_type,
            "tenantType": self.tenant_type,
            "dataProvider": self.data_provider,
        }


def company_integration_keys(organization: str) -> list[IntegrationKey]:
    return [IntegrationKey(assumed_shapes.organization_urn(organization), t) for t in COMPANY_INTEGRATIONS]


def contract_integration_key(contract: str) -> IntegrationKey:
    return IntegrationKey(assumed_shapes.contract_urn(contract), CONTRACT_INTEGRATION)


@dataclass(frozen=True)
class CandidateMatch:
    matched_members: list[str]
    manual_matched_member: str | None


@dataclass(frozen=True)
class MemberToken:
    access_token: str
    expires_in: int


def _qs(params: Iterable[tuple[str, Any]]) -> str:
    return urlencode([(k, str(v)) for k, v in params], quote_via=quote, safe=":")


class LinkedInClient:
    """One LinkedIn app (the partner app, or a customer's child app from `for_customer`).

    Plain values in, plain values out; no settings, no Bot Framework. Child clients share the
    parent's aiohttp session; each app has its own token cache and records limiter.
    """

    def __init__(
        self,
        *,
        api_base: str,
        oauth_base: str,
        client_id: str,
        client_secret: str,
        session: aiohttp.ClientSession | None = None,
        config: ClientConfig | None = None,
        clock: Clock = time.monotonic,
        integration_context: str | None = None,
        _transport: Transport | None = None,
    ) -> None:
        self.api_base = api_base.rstrip("/")
        self.oauth_base = oauth_base.rstrip("/")
        self.client_id = client_id
        self._client_secret = client_secret
        self.integration_context = integration_context
        self._transport = _transport or Transport(session, config or ClientConfig(), clock)
        self._is_root = _transport is None
        cfg = self._transport.config
        if client_id not in self._transport.tokens:
            self._transport.tokens[client_id] = TokenCache(
                self._fetch_app_token, self._transport.clock, cfg.token_refresh_margin
            )

    def for_customer(self, client_id: str, client_secret: str, *, integration_context: str) -> LinkedInClient:
        """A client for a customer's child app (from provisioning), sharing this client's session."""
        return LinkedInClient(
            api_base=self.api_base,
            oauth_base=self.oauth_base,
            client_id=client_id,
            client_secret=client_secret,
            integration_context=assumed_shapes.organization_urn(integration_context),
            _transport=self._transport,
        )

    async def close(self) -> None:
        if self._is_root:
            await self._transport.close()

    async def __aenter__(self) -> LinkedInClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # --- tokens ------------------------------------------------------------------------------------
    async def _fetch_app_token(self) -> tuple[str, float]:
        body = await self._token_request(
            {
                "grant_type": "client_credentials",
                "client_id": self.client_id,
                "client_secret": self._client_secret,
            }
        )
        return str(body["access_token"]), float(body["expires_in"])

    async def _token_request(self, form: dict[str, str]) -> dict[str, Any]:
        try:
            resp = await self._transport.request("POST", f"{self.oauth_base}/accessToken", form=form)
        except LinkedInAuthError:
            raise
        except LinkedInError as exc:
            if exc.status in (400, 401):
                raise LinkedInAuthError(exc.message, status=exc.status) from exc
            raise
        if not isinstance(resp.body, dict) or "access_token" not in resp.body:
            raise LinkedInAuthError("token endpoint answered without an access_token")
        return resp.body

    async def app_token(self) -> str:
        """This app's client-credentials token (cached; one request for concurrent callers)."""
        return await self._transport.tokens[self.client_id].get()

    # --- requests --------------------------------------------------------------------------------
    async def _call(
        self,
        method: str,
        path: str,
        query: str = "",
        body: Any = None,
        *,
        restli_method: str | None = None,
        member_token: str | None = None,
    ) -> Response:
        url = f"{self.api_base}/{path}" + (f"?{query}" if query else "")
        for attempt in (1, 2):
            token = member_token or await self.app_token()
            headers = {"Authorization": f"Bearer {token}", "X-Restli-Protocol-Version": "1.0.0"}
            if restli_method:
                headers["x-restli-method"] = restli_method
            try:
                return await self._transport.request(method, url, headers=headers, json_body=body)
            except LinkedInAuthError as exc:
                # An app token LinkedIn no longer accepts: fetch a new one once.
                if member_token or exc.status != 401 or attempt == 2:
                    raise
                self._transport.tokens[self.client_id].invalidate(token)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _finder(
        self,
        path: str,
        params: list[tuple[str, Any]],
        *,
        member_token: str | None = None,
        page_size: int = PAGE_SIZE,
    ) -> list[dict[str, Any]]:
        """All elements of a finder, page by page."""
        out: list[dict[str, Any]] = []
        start = 0
        while True:
            query = _qs([*params, ("start", start), ("count", page_size)])
            resp = await self._call("GET", path, query, member_token=member_token)
            elements = list((resp.body or {}).get("elements") or [])
            out.extend(elements)
            total = ((resp.body or {}).get("paging") or {}).get("total")
            start += len(elements)
            if len(elements) < page_size or (isinstance(total, int) and start >= total):
                return out

    def _context(self) -> str:
        if not self.integration_context:
            raise ValueError("this call needs a customer client (for_customer(..., integration_context=…))")
        return self.integration_context

    def _key(self, id_field: str, record_id: str) -> dict[str, str]:
        return {id_field: record_id, "dataProvider": ATS, "integrationContext": self._context()}

    @staticmethod
    def _batch_result(body: Any, id_of: Any) -> BatchResult[int]:
        result: BatchResult[int] = BatchResult()
        body = body or {}
        for key, value in (body.get("results") or {}).items():
            result.succeeded[id_of(key)] = int((value or {}).get("status") or 200)
        for key, value in (body.get("errors") or {}).items():
            rid = id_of(key)
            result.errors[rid] = RecordError.from_json(rid, value)
        return result

    async def _write_composite(
        self,
        path: str,
        id_field: str,
        records: Mapping[str, Record | None],
        *,
        method: str,
        restli_method: str,
        limited: bool = True,
    ) -> BatchResult[int]:
        """PUT/POST/DELETE a batch of composite-keyed records, split at 100 and under 4 KB of query."""
        keys = [self._key(id_field, rid) for rid in records]
        result: BatchResult[int] = BatchResult()
        for chunk in restli.query_chunks(keys):
            if limited:
                await self._transport.limiter(self.client_id).acquire(len(chunk))
            body = None
            if method != "DELETE":
                body = {"entities": {restli.encode_key(k): records[k[id_field]] for k in chunk}}
            resp = await self._call(
                method, path, restli.composite_ids_query(chunk), body, restli_method=restli_method
            )
            result.merge(self._batch_result(resp.body, lambda key: restli.decode_key(key).get(id_field, key)))
        return result

    async def _write_children(
        self,
        parent_path: str,
        id_field: str,
        parent_id: str,
        child: str,
        records: Mapping[str, Record | None],
        *,
        method: str,
        restli_method: str,
    ) -> BatchResult[int]:
        path = f"{parent_path}/{restli.encode_key(self._key(id_field, parent_id))}/{child}"
        ids = list(records)
        result: BatchResult[int] = BatchResult()
        for chunk in restli.chunks(ids):
            await self._transport.limiter(self.client_id).acquire(len(chunk))
            body = None if method == "DELETE" else {"entities": {i: records[i] for i in chunk}}
            resp = await self._call(
                method, path, restli.simple_ids_query(chunk), body, restli_method=restli_method
            )
            result.merge(self._batch_result(resp.body, lambda key: key))
        return result

    # --- 3-legged sign-in ---------------------------------------------------------------------------
    def authorization_url(self, redirect_uri: str, state: str, scope: str | None = None) -> str:
        params = [
            ("response_type", "code"),
            ("client_id", self.client_id),
            ("redirect_uri", redirect_uri),
            ("state", state),
        ]
        if scope:
            params.append(("scope", scope))
        return f"{self.oauth_base}/authorization?{urlencode(params)}"

    async def exchange_code(self, code: str, redirect_uri: str) -> MemberToken:
        body = await self._token_request(
            {
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": redirect_uri,
                "client_id": self.client_id,
                "client_secret": self._client_secret,
            }
        )
        return MemberToken(str(body["access_token"]), int(body.get("expires_in") or 0))

    async def me(self, member_token: str) -> assumed_shapes.Me:
        resp = await self._call(
            "GET", "me", "fields=id,localizedFirstName,localizedLastName", member_token=member_token
        )
        return assumed_shapes.Me.model_validate(resp.body)

    async def recruiter_contracts(self, member_token: str) -> list[assumed_shapes.RecruiterContract]:
        elements = await self._finder(
            assumed_shapes.RECRUITER_CONTRACTS_PATH,
            [("q", assumed_shapes.RECRUITER_CONTRACTS_FINDER)],
            member_token=member_token,
        )
        return [assumed_shapes.RecruiterContract.model_validate(e) for e in elements]

    # --- provisioning (partner app token) ----------------------------------------------------------
    async def create_provisioned_application(
        self,
        *,
        name: str,
        unique_foreign_id: str,
        description: str = "",
        callback_urls: Sequence[str] = (),
        js_sdk_domains: Sequence[str] = (),
    ) -> None:
        await self._call(
            "POST",
            "provisionedApplications",
            body={
                "name": name,
                "description": description,
                "uniqueForeignId": unique_foreign_id,
                "oauth2AuthorizedCallbackUrls": list(callback_urls),
                "validJsSdkDomains": list(js_sdk_domains),
            },
        )

    async def find_provisioned_application(
        self, unique_foreign_id: str
    ) -> assumed_shapes.ProvisionedApplication | None:
        resp = await self._call(
            "GET",
            "provisionedApplications",
            _qs([("q", "credentialsByUniqueForeignId"), ("uniqueForeignId", unique_foreign_id)]),
        )
        elements = (resp.body or {}).get("elements") or []
        return assumed_shapes.ProvisionedApplication.model_validate(elements[0]) if elements else None

    async def provision_application(
        self,
        *,
        name: str,
        unique_foreign_id: str,
        description: str = "",
        callback_urls: Sequence[str] = (),
        js_sdk_domains: Sequence[str] = (),
    ) -> assumed_shapes.ProvisionedApplication:
        """Create the customer's child app unless it exists, and return it with its credentials."""
        try:
            await self.create_provisioned_application(
                name=name,
                unique_foreign_id=unique_foreign_id,
                description=description,
                callback_urls=callback_urls,
                js_sdk_domains=js_sdk_domains,
            )
        except LinkedInConflict:
            pass
        app = await self.find_provisioned_application(unique_foreign_id)
        if app is None or app.credentials is None:
            raise LinkedInNotFound(f"provisioned application {unique_foreign_id!r} not found after creation")
        return app

    # --- integrations (child app token) ----------------------------------------------------------------
    async def name_integrations(self, names: Mapping[IntegrationKey, str]) -> BatchResult[int]:
        """Name each integration; the result is keyed by integration type."""
        keys = list(names)
        body = {
            "entities": {
                restli.encode_key(k.as_key()): {"patch": {"$set": {"integrationName": n}}}
                for k, n in names.items()
            }
        }
        resp = await self._call(
            "POST",
            "atsIntegrations",
            restli.composite_ids_query([k.as_key() for k in keys]),
            body,
            restli_method="batch_partial_update",
        )
        return self._batch_result(resp.body, lambda key: restli.decode_key(key).get("integrationType", key))

    async def register_callback_url(self, key: IntegrationKey, url: str) -> BatchResult[int]:
        path = f"atsIntegrations/{restli.encode_key(key.as_key())}/configurations"
        resp = await self._call(
            "PUT",
            path,
            "ids=CALLBACK_URL",
            {"entities": {"CALLBACK_URL": {"configurationValue": {"string": url}}}},
            restli_method="batch_update",
        )
        return self._batch_result(resp.body, lambda key: key)

    async def integration_status(self, request_id: str) -> list[assumed_shapes.IntegrationState]:
        """The integrations an INTEGRATION_STATUS_CHANGE event was about."""
        elements = await self._finder("atsIntegrations", [("q", "request"), ("requestId", request_id)])
        return [assumed_shapes.IntegrationState.model_validate(e) for e in elements]

    async def get_integrations(
        self, keys: Sequence[IntegrationKey]
    ) -> BatchResult[assumed_shapes.IntegrationState]:
        resp = await self._call(
            "GET", "atsIntegrations", restli.composite_ids_query([k.as_key() for k in keys])
        )
        result: BatchResult[assumed_shapes.IntegrationState] = BatchResult()
        for key, value in ((resp.body or {}).get("results") or {}).items():
            result.succeeded[restli.decode_key(key)["integrationType"]] = (
                assumed_shapes.IntegrationState.model_validate(value)
            )
        for key, value in ((resp.body or {}).get("errors") or {}).items():
            itype = restli.decode_key(key).get("integrationType", key)
            result.errors[itype] = RecordError.from_json(itype, value)
        return result

    # --- jobs --------------------------------------------------------------------------------------------
    async def post_jobs(self, jobs: Sequence[Record]) -> BatchResult[str]:
        """Create/update/close job postings; succeeded maps externalJobPostingId -> task id."""
        result: BatchResult[str] = BatchResult()
        for chunk in restli.chunks(list(jobs)):
            await self._transport.limiter(self.client_id).acquire(len(chunk))
            elements = [{"integrationContext": self._context(), **job} for job in chunk]
            resp = await self._call(
                "POST", "simpleJobPostings", body={"elements": elements}, restli_method="batch_create"
            )
            for job, answer in zip(chunk, (resp.body or {}).get("elements") or [], strict=False):
                job_id = str(job.get("externalJobPostingId"))
                if 200 <= int(answer.get("status") or 0) < 300:
                    result.succeeded[job_id] = str(answer.get("id"))
                else:
                    result.errors[job_id] = RecordError.from_json(job_id, answer)
        return result

    async def job_posting_tasks(self, task_ids: Sequence[str]) -> BatchResult[str]:
        """Task id -> IN_PROGRESS | SUCCEEDED | FAILED | PROCESSED."""
        result: BatchResult[str] = BatchResult()
        for chunk in restli.chunks(list(task_ids)):
            resp = await self._call("GET", "simpleJobPostingTasks", restli.simple_ids_query(chunk))
            for key, value in ((resp.body or {}).get("results") or {}).items():
                result.succeeded[key] = str(value.get("status"))
            for key, value in ((resp.body or {}).get("errors") or {}).items():
                result.errors[key] = RecordError.from_json(key, value)
        return result

    # --- candidates -------------------------------------------------------------------------------------
    async def upsert_candidates(self, candidates: Mapping[str, Record]) -> BatchResult[int]:
        """atsCandidateId -> record (atsCreatedAt, atsLastModifiedAt, firstName, …)."""
        return await self._write_composite(
            "atsCandidates", "atsCandidateId", candidates, method="PUT", restli_method="batch_update"
        )

    async def delete_candidates(self, candidate_ids: Sequence[str]) -> BatchResult[int]:
        return await self._write_composite(
            "atsCandidates",
            "atsCandidateId",
            dict.fromkeys(candidate_ids),
            method="DELETE",
            restli_method="batch_delete",
        )

    async def candidate_matches(self, candidate_ids: Sequence[str]) -> BatchResult[CandidateMatch]:
        keys = [self._key("atsCandidateId", c) for c in candidate_ids]
        extra = "fields=matchedMembers,manualMatchedMember"
        result: BatchResult[CandidateMatch] = BatchResult()
        for chunk in restli.query_chunks(keys, extra_query=extra):
            resp = await self._call("GET", "atsCandidates", f"{restli.composite_ids_query(chunk)}&{extra}")
            for key, value in ((resp.body or {}).get("results") or {}).items():
                cid = restli.decode_key(key)["atsCandidateId"]
                result.succeeded[cid] = CandidateMatch(
                    list(value.get("matchedMembers") or []), value.get("manualMatchedMember")
                )
            for key, value in ((resp.body or {}).get("errors") or {}).items():
                cid = restli.decode_key(key).get("atsCandidateId", key)
                result.errors[cid] = RecordError.from_json(cid, value)
        return result

    async def set_manual_matches(self, matches: Mapping[str, str | None]) -> BatchResult[int]:
        """atsCandidateId -> member id/URN to link, or None to unlink."""
        patches = {
            cid: (
                {"patch": {"$set": {"manualMatchedMember": assumed_shapes.person_urn(m)}}}
                if m
                else assumed_shapes.unlink_manual_match_patch()
            )
            for cid, m in matches.items()
        }
        return await self._write_composite(
            "atsCandidates",
            "atsCandidateId",
            patches,
            method="POST",
            restli_method="batch_partial_update",
            limited=False,
        )

    async def upsert_candidate_notes(
        self, candidate_id: str, notes: Mapping[str, Record]
    ) -> BatchResult[int]:
        return await self._write_children(
            "atsCandidates",
            "atsCandidateId",
            candidate_id,
            "notes",
            notes,
            method="PUT",
            restli_method="batch_update",
        )

    async def delete_candidate_notes(self, candidate_id: str, note_ids: Sequence[str]) -> BatchResult[int]:
        return await self._write_children(
            "atsCandidates",
            "atsCandidateId",
            candidate_id,
            "notes",
            dict.fromkeys(note_ids),
            method="DELETE",
            restli_method="batch_delete",
        )

    # --- applications -----------------------------------------------------------------------------------
    async def upsert_applications(self, applications: Mapping[str, Record]) -> BatchResult[int]:
        """atsJobApplicationId -> the whole record (an update replaces it)."""
        return await self._write_composite(
            "atsApplications", "atsJobApplicationId", applications, method="PUT", restli_method="batch_update"
        )

    async def delete_applications(self, application_ids: Sequence[str]) -> BatchResult[int]:
        return await self._write_composite(
            "atsApplications",
            "atsJobApplicationId",
            dict.fromkeys(application_ids),
            method="DELETE",
            restli_method="batch_delete",
        )

    async def upsert_application_children(
        self, application_id: str, child: str, records: Mapping[str, Record]
    ) -> BatchResult[int]:
        """child: "stages" (send the whole history), "notes" or "interviewFeedback"; keyed by sub-id."""
        return await self._write_children(
            "atsApplications",
            "atsJobApplicationId",
            application_id,
            child,
            records,
            method="PUT",
            restli_method="batch_update",
        )

    async def delete_application_children(
        self, application_id: str, child: str, ids: Sequence[str]
    ) -> BatchResult[int]:
        return await self._write_children(
            "atsApplications",
            "atsJobApplicationId",
            application_id,
            child,
            dict.fromkeys(ids),
            method="DELETE",
            restli_method="batch_delete",
        )

    # --- LinkedIn -> ATS ------------------------------------------------------------------------------------
    async def exported_candidate(self, request_id: str) -> assumed_shapes.ExportedCandidate:
        """The candidate of an EXPORT_CANDIDATE_PROFILE event. Check its integrationContext."""
        elements = await self._finder("exportedCandidates", [("q", "request"), ("requestId", request_id)])
        if not elements:
            raise LinkedInNotFound(f"no exported candidate for request {request_id!r}", status=404)
        return assumed_shapes.ExportedCandidate.model_validate(elements[0])

    async def seats(self, contract: str, *, active: bool = True) -> list[assumed_shapes.Seat]:
        elements = await self._finder(
            "seats",
            [
                ("q", "seatsByAttributes"),
                ("contracts", assumed_shapes.contract_urn(contract)),
                ("active", str(active).lower()),
            ],
        )
        return [assumed_shapes.Seat.model_validate(e) for e in elements]

    async def _windowed_finder(
        self,
        path: str,
        params: Callable[[int, int], list[tuple[str, Any]]],
        model: type[_Model],
        start_ms: int,
        end_ms: int,
    ) -> list[_Model]:
        """A contract-level finder over [start, end), pulled in windows of at most 12 hours."""
        if end_ms < start_ms:
            raise ValueError("time window ends before it starts")
        out: list[_Model] = []
        for s in range(start_ms, max(end_ms, start_ms + 1), MAX_WINDOW_MS):
            elements = await self._finder(path, params(s, min(s + MAX_WINDOW_MS, end_ms)))
            out.extend(model.model_validate(x) for x in elements)
        return out

    async def conversation_events(
        self, seat: str, start_ms: int, end_ms: int
    ) -> list[assumed_shapes.ConversationEvent]:
        """InMail events seen by a seat in [start, end)."""
        return await self._windowed_finder(
            "conversationEvents",
            lambda s, e: [
                ("q", "criteria"),
                ("viewer", assumed_shapes.seat_urn(seat)),
                ("timeRange.start", s),
                ("timeRange.end", e),
            ],
            assumed_shapes.ConversationEvent,
            start_ms,
            end_ms,
        )

    async def mail_stubs(
        self, contract: str, seat: str, start_ms: int, end_ms: int
    ) -> list[assumed_shapes.MailStub]:
        """InMail stub profiles created for a seat in [start, end)."""
        return await self._windowed_finder(
            "mailStubs",
            lambda s, e: [
                ("q", "contract"),
                ("contract", assumed_shapes.contract_urn(contract)),
                ("owners", assumed_shapes.seat_urn(seat)),
                ("createdDateStart", s),
                ("createdDateEnd", e),
            ],
            assumed_shapes.MailStub,
            start_ms,
            end_ms,
        )

    async def prospect_notes(
        self, contract: str, seat: str, cutoff_ms: int, before_ms: int
    ) -> list[assumed_shapes.ProspectNote]:
        """Notes changed in [cutoff, before); `active` False means deleted."""
        return await self._windowed_finder(
            "prospectNotes",
            lambda s, e: [
                ("q", "criteria"),
                ("contract", assumed_shapes.contract_urn(contract)),
                ("owners", assumed_shapes.seat_urn(seat)),
                ("beforeDate", e),
                ("cutoffDate", s),
            ],
            assumed_shapes.ProspectNote,
            cutoff_ms,
            before_ms,
        )

    async def member_search(self, first_name: str, last_name: str) -> list[assumed_shapes.MemberSearchHit]:
        elements = await self._finder(
            assumed_shapes.MEMBER_SEARCH_PATH,
            [("q", assumed_shapes.MEMBER_SEARCH_FINDER), ("firstName", first_name), ("lastName", last_name)],
        )
        return [assumed_shapes.MemberSearchHit.model_validate(e) for e in elements]

    async def member_by_profile_url(self, profile_url: str) -> assumed_shapes.MemberSearchHit | None:
        """[ours] The member whose public profile is at `profile_url` (https://www.linkedin.com/in/<slug>);
        None when LinkedIn has none there."""
        elements = await self._finder(
            assumed_shapes.MEMBER_SEARCH_PATH,
            [
                ("q", assumed_shapes.MEMBER_SEARCH_BY_PROFILE_URL_FINDER),
                ("profileUrl", profile_url),
            ],
        )
        return assumed_shapes.MemberSearchHit.model_validate(elements[0]) if elements else None

    async def recruiter_projects(self, seat: str) -> list[assumed_shapes.RecruiterProject]:
        elements = await self._finder(
            assumed_shapes.RECRUITER_PROJECTS_PATH, [("q", "seat"), ("seat", assumed_shapes.seat_urn(seat))]
        )
        return [assumed_shapes.RecruiterProject.model_validate(e) for e in elements]

    async def add_to_recruiter_project(self, project_id: str, member: str) -> bool:
        """Add a member to a Recruiter project: True when LinkedIn added them, False when they were
        already in it (LinkedIn changed nothing)."""
        try:
            await self._call(
                "POST",
                f"{assumed_shapes.RECRUITER_PROJECTS_PATH}/{quote(project_id, safe='')}/members",
                body={"member": assumed_shapes.person_urn(member)},
            )
        except LinkedInConflict:
            return False
        return True
