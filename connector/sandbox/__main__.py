"""python -m connector.sandbox: play LinkedIn's people against a running sandbox, or serve one.

    python -m connector.sandbox serve [--host 127.0.0.1] [--port 3979] [--database sandbox.db]
    python -m connector.sandbox enable --level company|contract|off [--customer ID] [--contract 7001001]
    python -m connector.sandbox export --member mbr-1234|EMAIL --job J-1001 [--seat EMAIL] [--email]
    python -m connector.sandbox reply --member … [--seat …] [--share-email] [--text "…"]
    python -m connector.sandbox note --member … --text "…" [--seat …]
    python -m connector.sandbox delete-note NOTE_ID
    python -m connector.sandbox flush | stats | members | apps | webhooks
    python -m connector.sandbox faults [--error-rate 0.1] [--throttle-rate 0.1] [--latency-ms 200]
                                [--duplicate-rate 1]
    python -m connector.sandbox clock --advance 7200

--url (or SANDBOX_URL) says where the sandbox runs (default http://127.0.0.1:3979).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
import urllib.error
import urllib.request
from typing import Any


def _call(url: str, method: str, path: str, body: dict[str, Any] | None = None) -> int:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        url.rstrip("/") + path, data=data, method=method, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as resp:
            print(json.dumps(json.loads(resp.read() or b"null"), indent=2, ensure_ascii=False))
            return 0
    except urllib.error.HTTPError as exc:
        print(f"{exc.code}: {exc.read().decode(errors='replace')}", file=sys.stderr)
        return 1
    except urllib.error.URLError as exc:
        print(f"cannot reach the sandbox at {url}: {exc.reason}", file=sys.stderr)
        return 2


async def _serve(host: str, port: int, database: str) -> None:
    from connector.sandbox.server import start_sandbox

    running = await start_sandbox(
        host,
        port,
        database=database,
        client_id=os.environ.get("LINKEDIN_CLIENT_ID", "talentbridge-demo"),
        client_secret=os.environ.get("LINKEDIN_CLIENT_SECRET", "demo-partner-secret-not-for-production"),
    )
    logging.getLogger("connector.sandbox").info(
        "LinkedIn sandbox on %s (api %s, oauth %s)", running.base_url, running.api_base, running.oauth_base
    )
    try:
        await asyncio.Event().wait()
    finally:
        await running.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m connector.sandbox",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--url", default=os.environ.get("SANDBOX_URL", "http://127.0.0.1:3979"))
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the sandbox standalone")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=int(os.environ.get("SANDBOX_PORT", "3979")))
    serve.add_argument("--database", default=os.environ.get("SANDBOX_DATABASE") or ":memory:")
    enable = sub.add_parser("enable", help="a Recruiter admin turns the integration on or off")
    enable.add_argument("--level", choices=("company", "contract", "off"), required=True)
    enable.add_argument("--customer")
    enable.add_argument("--contract")
    export = sub.add_parser("export", help="a recruiter exports a member to a job")
    export.add_argument("--member", required=True)
    export.add_argument("--job", required=True)
    export.add_argument("--seat")
    export.add_argument("--customer")
    export.add_argument("--email", action="store_true", help="include the member's email")
    reply = sub.add_parser("reply", help="a candidate replies to an InMail")
    reply.add_argument("--member", required=True)
    reply.add_argument("--seat")
    reply.add_argument("--share-email", action="store_true")
    reply.add_argument("--text")
    note = sub.add_parser("note", help="a recruiter writes a note")
    note.add_argument("--member", required=True)
    note.add_argument("--text", required=True)
    note.add_argument("--seat")
    delete = sub.add_parser("delete-note", help="a recruiter deletes a note")
    delete.add_argument("note_id")
    faults = sub.add_parser("faults", help="fault injection")
    faults.add_argument("--error-rate", type=float)
    faults.add_argument("--throttle-rate", type=float)
    faults.add_argument("--latency-ms", type=int)
    faults.add_argument("--duplicate-rate", type=float)
    clock = sub.add_parser("clock", help="move the sandbox's clock forward")
    clock.add_argument("--advance", type=float, required=True, help="seconds")
    for name in ("flush", "stats", "members", "apps", "webhooks"):
        sub.add_parser(name)
    args = parser.parse_args(argv)

    url = args.url
    match args.command:
        case "serve":
            from logs import configure_logging

            configure_logging(
                os.environ.get("LOG_LEVEL", "INFO"), os.environ.get("LOG_FORMAT", "text").strip().lower()
            )
            asyncio.run(_serve(args.host, args.port, args.database))
            return 0
        case "enable":
            return _call(
                url,
                "POST",
                "/sandbox/integration",
                {"level": args.level, "customer": args.customer, "contract": args.contract},
            )
        case "export":
            return _call(
                url,
                "POST",
                "/sandbox/export",
                {
                    "member": args.member,
                    "job": args.job,
                    "seat": args.seat,
                    "customer": args.customer,
                    "includeEmail": args.email,
                },
            )
        case "reply":
            return _call(
                url,
                "POST",
                "/sandbox/inmail-reply",
                {"member": args.member, "seat": args.seat, "shareEmail": args.share_email, "text": args.text},
            )
        case "note":
            return _call(
                url, "POST", "/sandbox/notes", {"member": args.member, "text": args.text, "seat": args.seat}
            )
        case "delete-note":
            return _call(url, "DELETE", f"/sandbox/notes/{args.note_id}")
        case "faults":
            body = {
                k: v
                for k, v in {
                    "errorRate": args.error_rate,
                    "throttleRate": args.throttle_rate,
                    "latencyMs": args.latency_ms,
                    "duplicateRate": args.duplicate_rate,
                }.items()
                if v is not None
            }
            return _call(url, "POST", "/sandbox/faults", body)
        case "clock":
            return _call(url, "POST", "/sandbox/clock", {"advanceSeconds": args.advance})
        case "flush":
            return _call(url, "POST", "/sandbox/webhooks/flush", {})
        case other:
            return _call(url, "GET", f"/sandbox/{other}")


if __name__ == "__main__":
    sys.exit(main())
