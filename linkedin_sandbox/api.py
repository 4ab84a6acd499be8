"""api.linkedin.com/v2/…: the Recruiter System Connect endpoints, with LinkedIn's validations."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web

from connector import assumed_shapes, restli
from linkedin_sandbox import validation
from linkedin_sandbox.core import SANDBOX, ApiError, Caller, Sandbox
from linkedin_sandbox.state import dumps, loads

routes = web.RouteTableDef()
INTEGRATION_TYPES = ("IN_ATS_INDICATOR", "ONE_CLICK_EXPORT", "PROFILE_PLUGIN", "CSA_API")


# --- helpers ---------------------------------------------------------------------------------------------
def _sandbox(request: web.Request) -> Sandbox:
    sandbox: Sandbox = request.app[SANDBOX]
    return sandbox


def _need(request: web.Request, kind: str, bucket: str | None = None) -> Caller:
    """Bearer token of the right kind (parent app, child app, member); counts daily limits."""
    sandbox = _sandbox(request)
    caller = sandbox.caller(request)
    if caller.kind != kind:
        raise ApiError(403, f"this resource needs a {kind} token, not a {caller.kind} token", code=100)
    limits = {
        "setup": sandbox.config.setup_calls_per_day,
        "sync": sandbox.config.sync_requests_per_day,
        "csa": sandbox.config.csa_calls_per_day,
    }
    if bucket:
        sandbox.count_request(caller.client_id, bucket, limits[bucket])
    return caller


def _restli_method(request: web.Request, expected: str) -> None:
    got = request.headers.get("x-restli-method", "").lower()
    if got != expected:
        raise ApiError(400, f"x-restli-method must be {expected} (got {got or 'none'})")


def _composite_ids(request: web.Request) -> list[dict[str, str]]:
    try:
        keys = restli.parse_composite_ids(request.query.items())
    except ValueError as exc:
        raise ApiError(400, str(exc)) from exc
    if not keys:
        raise ApiError(400, "ids are required")
    if len(keys) > restli.MAX_BATCH:
        raise ApiError(400, f"at most {restli.MAX_BATCH} records per batch (got {len(keys)})")
    return keys


def _simple_ids(request: web.Request) -> list[str]:
    ids = request.query.getall("ids", [])
    if not ids:
        raise ApiError(400, "ids are required")
    if len(ids) > restli.MAX_BATCH:
        raise ApiError(400, f"at most {restli.MAX_BATCH} records per batch (got {len(ids)})")
    return ids


async def _json(request: web.Request) -> Any:
    try:
        return await request.json()
    except ValueError as exc:
        raise ApiError(400, "the body is not valid JSON") from exc


async def _entities(request: web.Request, expected_keys: list[str]) -> dict[str, Any]:
    body = await _json(request)
    entities = body.get("entities") if isinstance(body, dict) else None
    if not isinstance(entities, dict):
        raise ApiError(400, 'the body must be {"entities": {key: record}}')
    if len(entities) > restli.MAX_BATCH:
        raise ApiError(400, f"at most {restli.MAX_BATCH} records per batch")
    normal = {_normal(k): v for k, v in entities.items()}
    if set(normal) != {_normal(k) for k in expected_keys}:
        raise ApiError(400, "the entities' keys must be the ids of the query string")
    return normal


def _normal(key: str) -> str:
    """Key strings compared regardless of field order and encoding."""
    if "=" not in key:
        return key
    try:
        return restli.encode_key(restli.decode_key(key))
    except ValueError as exc:
        raise ApiError(400, f"malformed key {key!r}") from exc


def _path_key(request: web.Request) -> dict[str, str]:
    raw = request.raw_path.split("?", 1)[0].split("/")[3]
    try:
        return restli.decode_key(raw)
    except ValueError as exc:
        raise ApiError(400, f"malformed key {raw!r}") from exc


def _batch(results: dict[str, Any], errors: dict[str, Any]) -> web.Response:
    return web.json_response({"results": results, "errors": errors})


def _err(status: int, message: str) -> dict[str, Any]:
    return {"status": status, "serviceErrorCode": 0, "message": message}


def _ats_key(sandbox: Sandbox, caller: Caller, key: dict[str, str], id_field: str) -> tuple[str, str]:
    """(context, record id) of an ATS record key, checking that the caller owns the context."""
    if set(key) != {id_field, "dataProvider", "integrationContext"} or not key[id_field]:
        raise ApiError(400, f"the key needs {id_field}, dataProvider and integrationContext")
    if key["dataProvider"] != "ATS":
        raise ApiError(422, "dataProvider must be ATS")
    if not validation.ORG_URN.match(key["integrationContext"]):
        raise ApiError(422, "integrationContext must be urn:li:organization:{id}")
    sandbox.claim_context(caller.client_id, key["integrationContext"])
    return key["integrationContext"], key[id_field]


def _record(sandbox: Sandbox, kind: str, context: str, record_id: str, parent: str = "") -> Any:
    row = sandbox.db.one(
        "SELECT body FROM records WHERE kind = ? AND context = ? AND parent = ? AND id = ?",
        kind,
        context,
        parent,
        record_id,
    )
    return loads(row["body"]) if row else None


def _finder_page(request: web.Request, elements: list[Any]) -> web.Response:
    try:
        start = int(request.query.get("start", "0"))
        count = int(request.query.get("count", "10"))
    except ValueError as exc:
        raise ApiError(400, "start and count must be integers") from exc
    if start < 0 or not 0 < count <= 100:
        raise ApiError(400, "start must be >= 0 and count between 1 and 100")
    page = elements[start : start + count]
    return web.json_response(
        {"elements": page, "paging": {"start": start, "count": count, "total": len(elements)}}
    )


def _require_finder(request: web.Request, name: str) -> None:
    if request.query.get("q") != name:
        raise ApiError(400, f"unsupported finder q={request.query.get('q')!r}; expected q={name}")


def _param(request: web.Request, name: str) -> str:
    value = request.query.get(name)
    if not value:
        raise ApiError(400, f"query parameter {name} is required")
    return value


def _ms_param(request: web.Request, name: str) -> int:
    try:
        return int(_param(request, name))
    except ValueError as exc:
        raise ApiError(400, f"{name} must be epoch milliseconds") from exc


# --- provisioning (parent app) ------------------------------------------------------------------------------
@routes.post("/v2/provisionedApplications")
async def create_provisioned_application(request: web.Request) -> web.Response:
    sandbox = _sandbox(request)
    _need(request, "parent", "setup")
    body = await _json(request)
    if not isinstance(body, dict) or not body.get("name") or not body.get("uniqueForeignId"):
        raise ApiError(422, "name and uniqueForeignId are required")
    urls = body.get("oauth2AuthorizedCallbackUrls") or []
    domains = body.get("validJsSdkDomains") or []
    if not isinstance(urls, list) or not isinstance(domains, list):
        raise ApiError(422, "oauth2AuthorizedCallbackUrls and validJsSdkDomains must be arrays")
    if sandbox.db.one("SELECT 1 FROM apps WHERE unique_foreign_id = ?", str(body["uniqueForeignId"])):
        raise ApiError(409, "an application with this uniqueForeignId already exists", code=409)
    client_id = sandbox.new_id("child")
    sandbox.db.run(
        "INSERT INTO apps (client_id, client_secret, kind, name, description, unique_foreign_id,"
        " callback_urls, js_domains, created_at) VALUES (?, ?, 'child', ?, ?, ?, ?, ?, ?)",
        client_id,
        sandbox.new_id("secret-") + sandbox.new_id(),
        str(body["name"]),
        str(body.get("description") or ""),
        str(body["uniqueForeignId"]),
        json.dumps(urls),
        json.dumps(domains),
        sandbox.clock.now_ms(),
    )
    return web.Response(status=201, headers={"X-RestLi-Id": client_id})


@routes.get("/v2/provisionedApplications")
async def find_provisioned_application(request: web.Request) -> web.Response:
    sandbox = _sandbox(request)
    _need(request, "parent", "setup")
    _require_finder(request, "credentialsByUniqueForeignId")
    row = sandbox.db.one("SELECT * FROM apps WHERE unique_foreign_id = ?", _param(request, "uniqueForeignId"))
    elements = []
    if row is not None:
        elements.append(
            assumed_shapes.ProvisionedApplication(
                name=row["name"],
                description=row["description"],
                unique_foreign_id=row["unique_foreign_id"],
                oauth2_authorized_callback_urls=json.loads(row["callback_urls"]),
                valid_js_sdk_domains=json.loads(row["js_domains"]),
                credentials=assumed_shapes.AppCredentials(
                    client_id=row["client_id"], client_secret=row["client_secret"]
                ),
            ).to_json()
        )
    return web.json_response({"elements": elements})


# --- integrations (child app) ------------------------------------------------------------------------------
def _integration_key(sandbox: Sandbox, caller: Caller, key: dict[str, str]) -> tuple[str, str]:
    if set(key) != {"integrationContext", "integrationType", "tenantType", "dataProvider"}:
        raise ApiError(400, "the key needs integrationContext, integrationType, tenantType and dataProvider")
    itype, context = key["integrationType"], key["integrationContext"]
    if itype not in INTEGRATION_TYPES or key["tenantType"] != "RECRUITER" or key["dataProvider"] != "ATS":
        raise ApiError(422, "unknown integrationType, tenantType or dataProvider")
    if itype == "CSA_API":
        if not validation.CONTRACT_URN.match(context) or not sandbox.db.one(
            "SELECT 1 FROM contracts WHERE id = ?", assumed_shapes.urn_id(context)
        ):
            raise ApiError(422, "CSA_API needs the context urn:li:contract:{id} of an existing contract")
    elif not validation.ORG_URN.match(context):
        raise ApiError(422, f"{itype} needs the context urn:li:organization:{{id}}")
    sandbox.claim_context(caller.client_id, context)
    return context, itype


def integration_state(row: Any, app: Any = None) -> dict[str, Any]:
    """An integration as LinkedIn reports it; with its app, also its callback URL and whether
    LinkedIn holds that URL validated (the last challenge was answered correctly, not blocked)."""
    validated_at = None
    if app is not None and row["callback_url"] and row["callback_url"] == app["webhook_url"]:
        if app["validated_at"] is not None and not app["blocked"]:
            validated_at = int(app["validated_at"] * 1000)
    return assumed_shapes.IntegrationState(
        integration_context=row["context"],
        integration_type=row["type"],
        integration_name=row["name"],
        status=row["status"],
        last_modified_at=row["modified_at"],
        callback_url=row["callback_url"] if app is not None else None,
        callback_url_validated_at=validated_at,
    ).to_json()


@routes.post("/v2/atsIntegrations")
async def name_integrations(request: web.Request) -> web.Response:
    sandbox = _sandbox(request)
    caller = _need(request, "child", "setup")
    _restli_method(request, "batch_partial_update")
    keys = _composite_ids(request)
    entities = await _entities(request, [restli.encode_key(k) for k in keys])
    results: dict[str, Any] = {}
    errors: dict[str, Any] = {}
    for key in keys:
        text = restli.encode_key(key)
        try:
            context, itype = _integration_key(sandbox, caller, key)
            name = ((entities[text] or {}).get("patch") or {}).get("$set", {}).get("integrationName")
            if not isinstance(name, str) or not name.strip():
                raise ApiError(422, "patch.$set.integrationName is required")
            sandbox.db.run(
                "INSERT INTO integrations (context, type, client_id, name, modified_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (context, type)"
                " DO UPDATE SET name = excluded.name, modified_at = excluded.modified_at",
                context,
                itype,
                caller.client_id,
                name.strip(),
                sandbox.clock.now_ms(),
            )
            results[text] = {"status": 204}
        except ApiError as exc:
            errors[text] = _err(exc.status, exc.message)
    return _batch(results, errors)


@routes.get("/v2/atsIntegrations")
async def get_integrations(request: web.Request) -> web.Response:
    sandbox = _sandbox(request)
    caller = _need(request, "child", "setup")
    if request.query.get("q") == "request":
        row = sandbox.db.one(
            "SELECT * FROM requests WHERE id = ? AND kind = 'status' AND client_id = ?",
            _param(request, "requestId"),
            caller.client_id,
        )
        if row is None:
            raise ApiError(404, "no such request")
        return _finder_page(request, loads(row["body"]))
    results: dict[str, Any] = {}
    errors: dict[str, Any] = {}
    app = sandbox.db.one("SELECT * FROM apps WHERE client_id = ?", caller.client_id)
    for key in _composite_ids(request):
        text = restli.encode_key(key)
        row = sandbox.db.one(
            "SELECT * FROM integrations WHERE context = ? AND type = ? AND client_id = ?",
            key.get("integrationContext"),
            key.get("integrationType"),
            caller.client_id,
        )
        if row is None:
            errors[text] = _err(404, "no such integration")
        else:
            results[text] = integration_state(row, app)
    return _batch(results, errors)


def _callback_url_ok(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.netloc:
        return True
    return parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost", "::1")


@routes.put("/v2/atsIntegrations/{key}/configurations")
async def configure_integration(request: web.Request) -> web.Response:
    sandbox = _sandbox(request)
    caller = _need(request, "child", "setup")
    _restli_method(request, "batch_update")
    context, itype = _integration_key(sandbox, caller, _path_key(request))
    if not sandbox.db.one("SELECT 1 FROM integrations WHERE context = ? AND type = ?", context, itype):
        raise ApiError(404, "name the integration before configuring it")
    ids = _simple_ids(request)
    entities = await _entities(request, ids)
    results: dict[str, Any] = {}
    errors: dict[str, Any] = {}
    for config_id in ids:
        value = ((entities[config_id] or {}).get("configurationValue") or {}).get("string")
        if config_id != "CALLBACK_URL":
            errors[config_id] = _err(422, f"unknown configuration {config_id}")
        elif not isinstance(value, str) or not _callback_url_ok(value):
            errors[config_id] = _err(422, "configurationValue.string must be an https URL")
        else:
            sandbox.db.run(
                "UPDATE integrations SET callback_url = ? WHERE context = ? AND type = ?",
                value,
                context,
                itype,
            )
            sandbox.db.run(
                "UPDATE apps SET webhook_url = ?, validated_at = NULL, challenge_failures = 0,"
                " blocked = 0 WHERE client_id = ?",
                value,
                caller.client_id,
            )
            sandbox.delivery.wake()
            results[config_id] = {"status": 204}
    return _batch(results, errors)


# --- jobs -------------------------------------------------------------------------------------------------
@routes.post("/v2/simpleJobPostings")
async def post_jobs(request: web.Request) -> web.Response:
    sandbox = _sandbox(request)
    caller = _need(request, "child", "sync")
    _restli_method(request, "batch_create")
    body = await _json(request)
    elements = body.get("elements") if isinstance(body, dict) else None
    if not isinstance(elements, list) or not elements:
        raise ApiError(400, 'the body must be {"elements": [job, …]}')
    if len(elements) > restli.MAX_BATCH:
        raise ApiError(400, f"at most {restli.MAX_BATCH} records per batch (got {len(elements)})")
    sandbox.take_records(caller.client_id, len(elements))
    answers = []
    for job in elements:
        reason = validation.problem("simpleJobPostings", job)
        if reason is None:
            try:
                sandbox.claim_context(caller.client_id, job["integrationContext"])
            except ApiError as exc:
                reason = exc.message
        if reason:
            answers.append(_err(422, reason))
            continue
        context, job_id = job["integrationContext"], job["externalJobPostingId"]
        existing = _record(sandbox, "simpleJobPostings", context, job_id)
        outcome = "SUCCEEDED"
        if job["jobPostingOperationType"] != "CREATE" and existing is None:
            outcome = "FAILED"
        else:
            merged = {**(existing or {}), **job}
            sandbox.db.run(
                "INSERT OR REPLACE INTO records (kind, context, id, body, updated_at)"
                " VALUES ('simpleJobPostings', ?, ?, ?, ?)",
                context,
                job_id,
                dumps(merged),
                sandbox.clock.now_ms(),
            )
        task_id = f"urn:li:simpleJobPostingTask:{sandbox.new_id()}"
        sandbox.db.run(
            "INSERT INTO job_tasks (id, context, job_id, created_at, outcome) VALUES (?, ?, ?, ?, ?)",
            task_id,
            context,
            job_id,
            sandbox.clock.now(),
            outcome,
        )
        answers.append({"status": 201, "id": task_id})
    return web.json_response({"elements": answers})


@routes.get("/v2/simpleJobPostingTasks")
async def job_tasks(request: web.Request) -> web.Response:
    sandbox = _sandbox(request)
    _need(request, "child", "sync")
    results: dict[str, Any] = {}
    errors: dict[str, Any] = {}
    for task_id in _simple_ids(request):
        row = sandbox.db.one("SELECT * FROM job_tasks WHERE id = ?", task_id)
        if row is None:
            errors[task_id] = _err(404, "no such task")
            continue
        done = sandbox.clock.now() - row["created_at"] >= sandbox.config.job_task_seconds
        results[task_id] = {
            "id": task_id,
            "status": row["outcome"] if done else "IN_PROGRESS",
            "externalJobPostingId": row["job_id"],
        }
    return _batch(results, errors)


# --- candidates and applications -------------------------------------------------------------------------
ID_FIELDS = {"atsCandidates": "atsCandidateId", "atsApplications": "atsJobApplicationId"}


def _upsert(
    sandbox: Sandbox,
    resource: str,
    context: str,
    record_id: str,
    record: Any,
    parent: str = "",
    schema: str | None = None,
) -> None:
    reason = validation.problem(schema or resource, record)
    if reason:
        raise ApiError(422, reason)
    if (
        resource == "atsApplications"
        and _record(sandbox, "atsCandidates", context, record["atsCandidateId"]) is None
    ):
        raise ApiError(
            422, f"candidate {record['atsCandidateId']} has not been sent yet (send candidates first)"
        )
    sandbox.db.run(
        "INSERT OR REPLACE INTO records (kind, context, parent, id, body, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        resource,
        context,
        parent,
        record_id,
        dumps(record),
        sandbox.clock.now_ms(),
    )


def _delete(sandbox: Sandbox, resource: str, context: str, record_id: str, parent: str = "") -> None:
    cur = sandbox.db.run(
        "DELETE FROM records WHERE kind = ? AND context = ? AND parent = ? AND id = ?",
        resource,
        context,
        parent,
        record_id,
    )
    if cur.rowcount == 0:
        raise ApiError(404, "no such record")
    if resource in ID_FIELDS and not parent:
        sandbox.db.run(
            "DELETE FROM records WHERE kind LIKE ? AND context = ? AND parent = ?",
            f"{resource}/%",
            context,
            record_id,
        )
        if resource == "atsCandidates":
            sandbox.db.run(
                "DELETE FROM manual_matches WHERE context = ? AND candidate_id = ?", context, record_id
            )


def _apply_patch(sandbox: Sandbox, context: str, record_id: str, entity: Any) -> None:
    """atsCandidates batch_partial_update: set or remove the manual match."""
    if _record(sandbox, "atsCandidates", context, record_id) is None:
        raise ApiError(404, "no such candidate")
    patch = entity.get("patch") if isinstance(entity, dict) else None
    if not isinstance(patch, dict):
        raise ApiError(400, 'the record must be {"patch": …}')
    if "$set" in patch:
        if set(patch["$set"]) != {"manualMatchedMember"}:
            raise ApiError(422, "only manualMatchedMember can be patched")
        member = patch["$set"]["manualMatchedMember"]
        if (
            not isinstance(member, str)
            or not member.startswith("urn:li:person:")
            or not sandbox.db.one("SELECT 1 FROM members WHERE id = ?", assumed_shapes.urn_id(member))
        ):
            raise ApiError(422, "manualMatchedMember must be urn:li:person:{id} of an existing member")
        sandbox.db.run(
            "INSERT OR REPLACE INTO manual_matches (context, candidate_id, member) VALUES (?, ?, ?)",
            context,
            record_id,
            member,
        )
    elif patch.get("$delete") == ["manualMatchedMember"]:
        sandbox.db.run(
            "DELETE FROM manual_matches WHERE context = ? AND candidate_id = ?", context, record_id
        )
    else:
        raise ApiError(422, "unsupported patch")


def _ats_batch(resource: str, method: str) -> Callable[[web.Request], Any]:
    id_field = ID_FIELDS[resource]
    restli_method = {"PUT": "batch_update", "DELETE": "batch_delete", "POST": "batch_partial_update"}[method]

    async def handler(request: web.Request) -> web.Response:
        sandbox = _sandbox(request)
        caller = _need(request, "child", "sync")
        _restli_method(request, restli_method)
        keys = _composite_ids(request)
        texts = [restli.encode_key(k) for k in keys]
        entities = await _entities(request, texts) if method != "DELETE" else {}
        if method == "PUT":
            sandbox.take_records(caller.client_id, len(keys))
        results: dict[str, Any] = {}
        errors: dict[str, Any] = {}
        for key, text in zip(keys, texts, strict=True):
            try:
                context, record_id = _ats_key(sandbox, caller, key, id_field)
                if method == "PUT":
                    _upsert(sandbox, resource, context, record_id, entities[text])
                elif method == "DELETE":
                    _delete(sandbox, resource, context, record_id)
                else:
                    _apply_patch(sandbox, context, record_id, entities[text])
                results[text] = {"status": 204}
            except ApiError as exc:
                errors[text] = _err(exc.status, exc.message)
        return _batch(results, errors)

    return handler


for _resource in ID_FIELDS:
    routes.put(f"/v2/{_resource}")(_ats_batch(_resource, "PUT"))
    routes.delete(f"/v2/{_resource}")(_ats_batch(_resource, "DELETE"))
routes.post("/v2/atsCandidates")(_ats_batch("atsCandidates", "POST"))


@routes.get("/v2/atsCandidates")
async def candidate_matches(request: web.Request) -> web.Response:
    sandbox = _sandbox(request)
    caller = _need(request, "child", "sync")
    results: dict[str, Any] = {}
    errors: dict[str, Any] = {}
    for key in _composite_ids(request):
        text = restli.encode_key(key)
        try:
            context, cid = _ats_key(sandbox, caller, key, "atsCandidateId")
            record = _record(sandbox, "atsCandidates", context, cid)
            if record is None:
                raise ApiError(404, "no such candidate")
            emails = [e.lower() for e in record.get("emailAddresses") or []]
            marks = ",".join("?" * len(emails))
            rows = (
                sandbox.db.all(f"SELECT id FROM members WHERE lower(email) IN ({marks})", *emails)
                if emails
                else []
            )
            manual = sandbox.db.one(
                "SELECT member FROM manual_matches WHERE context = ? AND candidate_id = ?", context, cid
            )
            found: dict[str, Any] = {"matchedMembers": [assumed_shapes.person_urn(r["id"]) for r in rows]}
            if manual:
                found["manualMatchedMember"] = manual["member"]
            fields = request.query.get("fields")
            if fields:
                found = {k: v for k, v in found.items() if k in fields.split(",")}
            results[text] = found
        except ApiError as exc:
            errors[text] = _err(exc.status, exc.message)
    return _batch(results, errors)


def _children(parent_resource: str, child: str, method: str) -> Callable[[web.Request], Any]:
    id_field = ID_FIELDS[parent_resource]
    kind = f"{parent_resource}/{child}"

    async def handler(request: web.Request) -> web.Response:
        sandbox = _sandbox(request)
        caller = _need(request, "child", "sync")
        _restli_method(request, "batch_update" if method == "PUT" else "batch_delete")
        context, parent_id = _ats_key(sandbox, caller, _path_key(request), id_field)
        if _record(sandbox, parent_resource, context, parent_id) is None:
            raise ApiError(404, f"no such {parent_resource} record {parent_id}")
        ids = _simple_ids(request)
        entities = await _entities(request, ids) if method == "PUT" else {}
        if method == "PUT":
            sandbox.take_records(caller.client_id, len(ids))
        results: dict[str, Any] = {}
        errors: dict[str, Any] = {}
        for sub_id in ids:
            try:
                if method == "PUT":
                    _upsert(sandbox, kind, context, sub_id, entities[sub_id], parent=parent_id, schema=child)
                else:
                    _delete(sandbox, kind, context, sub_id, parent=parent_id)
                results[sub_id] = {"status": 204}
            except ApiError as exc:
                errors[sub_id] = _err(exc.status, exc.message)
        return _batch(results, errors)

    return handler


for _parent, _kids in (
    ("atsCandidates", ("notes",)),
    ("atsApplications", ("stages", "notes", "interviewFeedback")),
):
    for _kid in _kids:
        routes.put(f"/v2/{_parent}/{{key}}/{_kid}")(_children(_parent, _kid, "PUT"))
        routes.delete(f"/v2/{_parent}/{{key}}/{_kid}")(_children(_parent, _kid, "DELETE"))


# --- LinkedIn -> ATS -----------------------------------------------------------------------------------
def _needs_enabled(sandbox: Sandbox, caller: Caller, itype: str, level: str) -> None:
    if itype not in sandbox.enabled_types(caller.client_id):
        raise ApiError(403, f"{itype} is not enabled: this needs {level}-level access", code=100)


@routes.get("/v2/exportedCandidates")
async def exported_candidates(request: web.Request) -> web.Response:
    sandbox = _sandbox(request)
    caller = _need(request, "child", "sync")
    _require_finder(request, "request")
    _needs_enabled(sandbox, caller, "ONE_CLICK_EXPORT", "company")
    row = sandbox.db.one(
        "SELECT * FROM requests WHERE id = ? AND kind = 'export' AND client_id = ?",
        _param(request, "requestId"),
        caller.client_id,
    )
    if row is None:
        raise ApiError(404, "no such request")
    return _finder_page(request, [loads(row["body"])])


def _contract_of_seat(sandbox: Sandbox, seat: str) -> Any:
    row = sandbox.db.one("SELECT * FROM seats WHERE id = ?", assumed_shapes.urn_id(seat))
    if row is None:
        raise ApiError(404, f"no such seat {seat}")
    return row


def _csa(request: web.Request) -> tuple[Sandbox, Caller]:
    sandbox = _sandbox(request)
    caller = _need(request, "child", "csa")
    _needs_enabled(sandbox, caller, "CSA_API", "contract")
    return sandbox, caller


def _check_contract(sandbox: Sandbox, caller: Caller, contract: str) -> None:
    if not sandbox.db.one(
        "SELECT 1 FROM integrations WHERE client_id = ? AND type = 'CSA_API' AND context = ?"
        " AND status = 'ENABLED'",
        caller.client_id,
        assumed_shapes.contract_urn(assumed_shapes.urn_id(contract)),
    ):
        raise ApiError(403, f"contract-level access is not enabled for {contract}", code=100)


def _window(start: int, end: int) -> None:
    if end < start:
        raise ApiError(400, "the time window ends before it starts")
    if end - start > 12 * 3600 * 1000:
        raise ApiError(400, "the time window must not exceed 12 hours")


@routes.get("/v2/seats")
async def seats(request: web.Request) -> web.Response:
    sandbox, caller = _csa(request)
    _require_finder(request, "seatsByAttributes")
    contract = _param(request, "contracts")
    _check_contract(sandbox, caller, contract)
    active = request.query.get("active", "true").lower() != "false"
    rows = sandbox.db.all(
        "SELECT s.*, m.first_name, m.last_name FROM seats s JOIN members m ON m.id = s.member_id"
        " WHERE s.contract_id = ? AND s.active = ? ORDER BY s.id",
        assumed_shapes.urn_id(contract),
        int(active),
    )
    return _finder_page(
        request,
        [
            assumed_shapes.Seat(
                seat=assumed_shapes.seat_urn(r["id"]),
                contract=assumed_shapes.contract_urn(r["contract_id"]),
                member=assumed_shapes.person_urn(r["member_id"]),
                active=bool(r["active"]),
                first_name=r["first_name"],
                last_name=r["last_name"],
            ).to_json()
            for r in rows
        ],
    )


@routes.get("/v2/conversationEvents")
async def conversation_events(request: web.Request) -> web.Response:
    sandbox, caller = _csa(request)
    _require_finder(request, "criteria")
    seat = _contract_of_seat(sandbox, _param(request, "viewer"))
    _check_contract(sandbox, caller, seat["contract_id"])
    start, end = _ms_param(request, "timeRange.start"), _ms_param(request, "timeRange.end")
    _window(start, end)
    rows = sandbox.db.all(
        "SELECT body FROM conversation_events WHERE seat_id = ? AND created_at >= ?"
        " AND created_at < ? ORDER BY created_at, id",
        seat["id"],
        start,
        end,
    )
    return _finder_page(request, [loads(r["body"]) for r in rows])


@routes.get("/v2/mailStubs")
async def mail_stubs(request: web.Request) -> web.Response:
    sandbox, caller = _csa(request)
    _require_finder(request, "contract")
    contract = _param(request, "contract")
    _check_contract(sandbox, caller, contract)
    seat = _contract_of_seat(sandbox, _param(request, "owners"))
    start, end = _ms_param(request, "createdDateStart"), _ms_param(request, "createdDateEnd")
    _window(start, end)
    rows = sandbox.db.all(
        "SELECT body FROM mail_stubs WHERE contract_id = ? AND seat_id = ? AND created_at >= ?"
        " AND created_at < ? ORDER BY created_at, id",
        assumed_shapes.urn_id(contract),
        seat["id"],
        start,
        end,
    )
    return _finder_page(request, [loads(r["body"]) for r in rows])


@routes.get("/v2/prospectNotes")
async def prospect_notes(request: web.Request) -> web.Response:
    sandbox, caller = _csa(request)
    _require_finder(request, "criteria")
    contract = _param(request, "contract")
    _check_contract(sandbox, caller, contract)
    seat = _contract_of_seat(sandbox, _param(request, "owners"))
    cutoff, before = _ms_param(request, "cutoffDate"), _ms_param(request, "beforeDate")
    _window(cutoff, before)
    rows = sandbox.db.all(
        "SELECT body FROM prospect_notes WHERE contract_id = ? AND seat_id = ?"
        " AND last_modified_at >= ? AND last_modified_at < ? ORDER BY last_modified_at, id",
        assumed_shapes.urn_id(contract),
        seat["id"],
        cutoff,
        before,
    )
    return _finder_page(request, [loads(r["body"]) for r in rows])


def member_hit(row: Any) -> dict[str, Any]:
    return assumed_shapes.MemberSearchHit(
        member=assumed_shapes.person_urn(row["id"]),
        first_name=row["first_name"],
        last_name=row["last_name"],
        headline=row["headline"],
        location=row["location"],
        profile_url=f"https://www.linkedin.com/in/{row['id']}",
    ).to_json()


def _profile_slug(address: str) -> str:
    """The <slug> of https://www.linkedin.com/in/<slug> (the one form the finder takes)."""
    parts = urlsplit(address)
    segments = [segment for segment in parts.path.split("/") if segment]
    if (
        parts.scheme != "https"
        or parts.hostname != "www.linkedin.com"
        or len(segments) != 2
        or segments[0] != "in"
        or parts.query
        or parts.fragment
    ):
        raise ApiError(400, "profileUrl must be https://www.linkedin.com/in/<slug>")
    return segments[1].lower()


@routes.get("/v2/memberSearch")
async def member_search(request: web.Request) -> web.Response:
    sandbox = _sandbox(request)
    _need(request, "child", "sync")
    if request.query.get("q") == assumed_shapes.MEMBER_SEARCH_BY_PROFILE_URL_FINDER:  # [ours]
        slug = _profile_slug(_param(request, "profileUrl"))
        found = sandbox.db.all("SELECT * FROM members WHERE lower(id) = ? ORDER BY id", slug)
        return _finder_page(request, [member_hit(r) for r in found])
    _require_finder(request, assumed_shapes.MEMBER_SEARCH_FINDER)
    first, last = _param(request, "firstName"), _param(request, "lastName")
    rows = sandbox.db.all(
        "SELECT * FROM members WHERE lower(first_name) = lower(?) AND lower(last_name) = lower(?)"
        " ORDER BY id",
        first.strip(),
        last.strip(),
    )
    return _finder_page(request, [member_hit(r) for r in rows])


@routes.get("/v2/recruiterProjects")
async def recruiter_projects(request: web.Request) -> web.Response:
    sandbox = _sandbox(request)
    _need(request, "child", "sync")
    _require_finder(request, "seat")
    seat = _contract_of_seat(sandbox, _param(request, "seat"))
    rows = sandbox.db.all(
        "SELECT p.*, (SELECT COUNT(*) FROM project_members pm WHERE pm.project_id = p.id) AS n"
        " FROM projects p WHERE p.seat_id = ? ORDER BY p.id",
        seat["id"],
    )
    return _finder_page(
        request,
        [
            assumed_shapes.RecruiterProject(
                id=r["id"], name=r["name"], seat=assumed_shapes.seat_urn(r["seat_id"]), member_count=r["n"]
            ).to_json()
            for r in rows
        ],
    )


@routes.post("/v2/recruiterProjects/{project}/members")
async def add_project_member(request: web.Request) -> web.Response:
    sandbox = _sandbox(request)
    _need(request, "child", "sync")
    project = sandbox.db.one("SELECT id FROM projects WHERE id = ?", request.match_info["project"])
    if project is None:
        raise ApiError(404, "no such project")
    body = await _json(request)
    member = body.get("member") if isinstance(body, dict) else None
    if not isinstance(member, str) or not sandbox.db.one(
        "SELECT 1 FROM members WHERE id = ?", assumed_shapes.urn_id(member)
    ):
        raise ApiError(422, "member must be urn:li:person:{id} of an existing member")
    member = assumed_shapes.person_urn(assumed_shapes.urn_id(member))
    added = sandbox.db.run(
        "INSERT OR IGNORE INTO project_members (project_id, member, added_at) VALUES (?, ?, ?)",
        project["id"],
        member,
        sandbox.clock.now_ms(),
    )
    if added.rowcount == 0:
        raise ApiError(409, "the member is already in this project")
    return web.Response(status=201)


# --- member token ------------------------------------------------------------------------------------------
@routes.get("/v2/me")
async def me(request: web.Request) -> web.Response:
    sandbox = _sandbox(request)
    caller = _need(request, "member")
    row = sandbox.db.one("SELECT * FROM members WHERE id = ?", caller.member_id)
    if row is None:
        raise ApiError(404, "no such member")
    full = {"id": row["id"], "localizedFirstName": row["first_name"], "localizedLastName": row["last_name"]}
    fields = request.query.get("fields", "id").split(",")
    return web.json_response({k: v for k, v in full.items() if k in fields})


@routes.get(f"/v2/{assumed_shapes.RECRUITER_CONTRACTS_PATH}")
async def recruiter_contracts(request: web.Request) -> web.Response:
    sandbox = _sandbox(request)
    caller = _need(request, "member")
    _require_finder(request, assumed_shapes.RECRUITER_CONTRACTS_FINDER)
    rows = sandbox.db.all(
        "SELECT c.*, MIN(s.id) AS seat_id FROM contracts c JOIN seats s ON s.contract_id = c.id"
        " WHERE s.member_id = ? AND s.active = 1 GROUP BY c.id ORDER BY c.id",
        caller.member_id,
    )
    return _finder_page(
        request,
        [
            assumed_shapes.RecruiterContract(
                contract=assumed_shapes.contract_urn(r["id"]),
                name=r["name"],
                organization=r["organization"],
                seat=assumed_shapes.seat_urn(r["seat_id"]),
            ).to_json()
            for r in rows
        ],
    )
