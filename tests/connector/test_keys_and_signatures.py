"""Rest.li key encoding and the webhook HMACs, checked against vectors computed outside Python."""

from __future__ import annotations

import pytest

from connector import restli
from connector.errors import WebhookRejected
from connector.webhooks import challenge_response, parse_event, signature, signature_valid

# printf %s 'test-challenge-code' | openssl dgst -sha256 -hmac 'demo-partner-secret-not-for-production'
CHALLENGE_VECTOR = "0cf6e79f2a0fde6ed68c68aa262353e732df0ce2f1451f5ff2ab9987af07fdce"
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
    answer = challenge_response("test-challenge-code", "demo-partner-secret-not-for-production")
    assert answer == {"challengeCode": "test-challenge-code", "challengeResponse": CHALLENGE_VECTOR}


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
