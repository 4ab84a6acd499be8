"""The record rules the sandbox enforces (LinkedIn answers 422 per record when one is broken)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

Check = Callable[[Any], bool]

ORG_URN = re.compile(r"^urn:li:organization:\d+$")
CONTRACT_URN = re.compile(r"^urn:li:contract:\d+$")


def _str(v: Any) -> bool:
    return isinstance(v, str)


def _ms(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and v > 0


def _bool(v: Any) -> bool:
    return isinstance(v, bool)


def _list_of(check: Check) -> Check:
    return lambda v: isinstance(v, list) and all(check(x) for x in v)


def _obj(required: tuple[str, ...], optional: tuple[str, ...] = ()) -> Check:
    allowed = set(required) | set(optional)
    return lambda v: (
        isinstance(v, dict)
        and all(_str(v.get(k)) for k in required)
        and set(v) <= allowed
        and all(_str(v[k]) for k in v)
    )


NAME = _obj(("firstName", "lastName"))
PHONE = _obj(("number",), ("extension",))

# resource -> (field checks, required fields)
SCHEMAS: dict[str, tuple[dict[str, Check], tuple[str, ...]]] = {
    "atsCandidates": (
        {
            "atsCreatedAt": _ms,
            "atsLastModifiedAt": _ms,
            "firstName": _str,
            "lastName": _str,
            "emailAddresses": _list_of(_str),
            "phoneNumbers": _list_of(PHONE),
            "addresses": _list_of(_str),
            "currentCompanyName": _str,
            "currentJobTitle": _str,
            "externalProfileUrl": _str,
            "linkedInProfileUrl": _str,
            "doNotContact": _bool,
        },
        ("atsCreatedAt", "atsLastModifiedAt"),
    ),
    "atsApplications": (
        {
            "atsCandidateId": _str,
            "atsCreatedAt": _ms,
            "atsLastModifiedAt": _ms,
            "atsJobPostingId": _str,
            "atsJobPostingName": _str,
            "candidateEmail": _str,
            "firstName": _str,
            "lastName": _str,
            "source": _str,
            "dispositionReason": _str,
        },
        ("atsCandidateId", "atsCreatedAt", "atsLastModifiedAt", "atsJobPostingId"),
    ),
    "stages": ({"atsCreatedAt": _ms, "stage": _str}, ("atsCreatedAt", "stage")),
    "notes": ({"atsCreatedAt": _ms, "note": _str, "author": NAME}, ("atsCreatedAt", "note")),
    "interviewFeedback": (
        {
            "atsCreatedAt": _ms,
            "interviewer": NAME,
            "evaluations": _list_of(_obj(("attribute", "result"))),
            "feedback": _str,
            "interviewType": _str,
        },
        ("atsCreatedAt", "interviewer"),
    ),
    "simpleJobPostings": (
        {
            "integrationContext": lambda v: _str(v) and bool(ORG_URN.match(v)),
            "externalJobPostingId": _str,
            "title": lambda v: _str(v) and 0 < len(v) <= 200,
            "description": _str,
            "location": _str,
            "listedAt": _ms,
            "companyApplyUrl": lambda v: _str(v) and v.startswith(("https://", "http://")),
            "jobPostingOperationType": lambda v: v in ("CREATE", "UPDATE", "CLOSE"),
            "availability": lambda v: v in ("PUBLIC", "PRIVATE_TO_ATS_INTEGRATION"),
        },
        (
            "integrationContext",
            "externalJobPostingId",
            "title",
            "description",
            "location",
            "listedAt",
            "companyApplyUrl",
            "jobPostingOperationType",
        ),
    ),
}


def problem(resource: str, record: Any) -> str | None:
    """The first rule the record breaks, or None."""
    if not isinstance(record, Mapping):
        return "the record must be a JSON object"
    checks, required = SCHEMAS[resource]
    if resource == "simpleJobPostings" and record.get("jobPostingOperationType") == "CLOSE":
        required = ("integrationContext", "externalJobPostingId", "jobPostingOperationType")
    for name in required:
        if record.get(name) is None:
            return f"missing required field {name}"
    for name, value in record.items():
        if name not in checks:
            return f"unrecognized field {name}"
        if value is not None and not checks[name](value):
            return f"invalid value for field {name}"
    created, modified = record.get("atsCreatedAt"), record.get("atsLastModifiedAt")
    if isinstance(created, int) and isinstance(modified, int) and modified < created:
        return "atsLastModifiedAt must not be before atsCreatedAt"
    return None
