"""Rest.li key encoding and the webhook HMACs, checked against vectors computed outside Python."""

from __future__ import annotations

import pytest

from connector import restli
from connector.errors import WebhookRejected
from connector.webhooks import challenge_response, parse_event, signature, signature_valid

# printf %s '3f2c1a7e-9b4d-4c2a-8e1f-0a6b5c4d3e2f' \
#   | openssl dgst -sha256 -hmac 'demo-partner-secret-not-for-production'
CHALLENGE_CODE = "3f2c1a7e-9b4d-4c2a-8e1f-0a6b5c4d3e2f"
CHALLENGE_VECTOR = "c1ff5d531d35aabc66cb29c9b9cc872cd3b884281af619d92e893883cccec2c9"
# printf %s 'hmacsha256={"a":1}' | openssl dgst -sha256 -hmac 'secret'
SIGNATURE_VECTOR = "f2d9a5026c4b83880f40f6453d1467f17be0e906ea8841d7ba8a4560f8220fd6"
KEY = {"integrationContext": "urn:li:organization:123", "atsCandidateId": "C1", "dataProvider": "ATS"}


def test_composite_key_is_written_as_linkedin_documents_it() -> None:
    assert (
        restli.encode_key(KEY)
        == "atsCandidateId=C1&dataProvider=ATS&integrationContext=urn:li:organization:123"
    )
    assert restli.decode_key(restli.encode_key(KEY)) == KEY


def test_key_values_with_separators_survive_a_round_trip() -> None:
    key = {**KEY, "atsCandidateId": "A&B=C/D"}
    assert restli.decode_key(restli.encode_key(key)) == key


def test_ids_query_lists_every_field_per_index() -> None:
    query = restli.composite_ids_query([KEY, {**KEY, "atsCandidateId": "C2"}])
    assert query.startswith("ids%5B0%5D.atsCandidateId=C1&ids%5B0%5D.dataProvider=ATS&")
    pairs = [
        (p.split("=")[0], p.split("=")[1]) for p in query.replace("%5B", "[").replace("%5D", "]").split("&")
    ]
    assert restli.parse_composite_ids(pairs) == [KEY, {**KEY, "atsCandidateId": "C2"}]


def test_batches_split_at_100_records_and_under_4kb_of_query() -> None:
    keys = [{**KEY, "atsCandidateId": f"C{i}"} for i in range(250)]
    batches = list(restli.query_chunks(keys))
    assert sum(len(b) for b in batches) == 250
    assert all(len(b) <= 100 for b in batches)
    assert all(len(restli.composite_ids_query(b)) <= restli.MAX_QUERY for b in batches)
    assert [len(b) for b in restli.chunks(list(range(250)))] == [100, 100, 50]


def test_challenge_response_matches_an_independent_hmac_vector() -> None:
    answer = challenge_response(CHALLENGE_CODE, "demo-partner-secret-not-for-production")
    assert answer == {"challengeCode": CHALLENGE_CODE, "challengeResponse": CHALLENGE_VECTOR}


def test_only_a_canonical_uuid_challenge_code_is_answered() -> None:
    """Otherwise the answer to "hmacsha256=" + body would be the signature of that body."""
    body = b'{"notificationId":"n1"}'
    for code in ("hmacsha256=" + body.decode(), CHALLENGE_CODE.upper(), CHALLENGE_CODE + "\n", "", "x" * 36):
        with pytest.raises(WebhookRejected) as refused:
            challenge_response(code, "secret")
        assert refused.value.status == 400


def test_a_signature_header_that_is_not_64_hex_digits_is_invalid_not_an_error() -> None:
    body = b'{"a":1}'
    for header in ("é" * 64, "ｆ" * 64, "\u00a0" + SIGNATURE_VECTOR, SIGNATURE_VECTOR + "0", "hmacsha256="):
        assert not signature_valid(body, header, "secret")
    assert signature_valid(body, " " + SIGNATURE_VECTOR.upper() + "\t", "secret")


def test_signature_matches_an_independent_hmac_vector() -> None:
    assert signature(b'{"a":1}', "secret") == SIGNATURE_VECTOR
    assert signature_valid(b'{"a":1}', SIGNATURE_VECTOR, "secret")


def test_missing_or_forged_signature_is_rejected() -> None:
    body = (
        b'{"notificationId":"n1","type":"EXPORT_CANDIDATE_PROFILE","requestId":"r1",'
        b'"integrationContext":"urn:li:organization:1","occurredAt":1}'
    )
    good = signature(body, "secret")
    assert parse_event(body, good, "secret").dedupe_key == "n1"
    for header in (
        None,
        "",
        "0" * 64,
        signature(body, "other-secret"),
        good[:-1] + ("1" if good[-1] == "0" else "0"),
    ):
        with pytest.raises(WebhookRejected):
            parse_event(body, header, "secret")
    with pytest.raises(WebhookRejected):  # body changed after signing
        parse_event(body.replace(b"r1", b"r2"), good, "secret")
