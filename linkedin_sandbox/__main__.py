"""python -m linkedin_sandbox: play LinkedIn's people against a running sandbox, or serve one.

    python -m linkedin_sandbox serve [--host 127.0.0.1] [--port 3979] [--database sandbox.db]
                               [--seed sandbox_demo:linkedin_data]
    python -m linkedin_sandbox enable --level company|contract|off [--customer ID] [--contract 7001001]
    python -m linkedin_sandbox export --member mbr-1234|EMAIL --job J-1001 [--seat EMAIL] [--email]
    python -m linkedin_sandbox reply --member … [--seat …] [--share-email] [--text "…"]
    python -m linkedin_sandbox note --member … --text "…" [--seat …]
    python -m linkedin_sandbox delete-note NOTE_ID
    python -m linkedin_sandbox flush | stats | members | apps | webhooks | projects
    python -m linkedin_sandbox faults [--error-rate 0.1] [--throttle-rate 0.1] [--latency-ms 200]
                               [--duplicate-rate 1]
    python -m linkedin_sandbox clock --advance 7200

Where the sandbox runs: --url, else SANDBOX_URL, else SANDBOX_PORT on 127.0.0.1, else
http://127.0.0.1:3979. Like the app, the CLI reads SANDBOX_* (and LINKEDIN_CLIENT_ID/SECRET for serve)
from the environment, else from a .env file in the working directory.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import logging
import os
import sys
import urllib.error
import urllib.request
from collections.abc import Mapping
from typing import Any

from dotenv import dotenv_values

from linkedin_sandbox.seed import LinkedInData

DEFAULT_PORT = 3979


def environment() -> dict[str, str]:
    """The process environment over a .env file in the working directory (as the app reads its settings)."""
    from_file = {k: v for k, v in dotenv_values(".env").items() if v is not None}
    return {**from_file, **os.environ}


def sandbox_port(environ: Mapping[str, str]) -> int:
    """SANDBOX_PORT, else 3979; 0 is the app's "any free port". ValueError when it is no port number."""
    raw = environ.get("SANDBOX_PORT", "").strip()
    if not raw:
        return DEFAULT_PORT
    try:
        port = int(raw)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise ValueError(f"SANDBOX_PORT={raw!r} is not a port number")
    return port


def sandbox_url(environ: Mapping[str, str]) -> str:
    """Where the running sandbox is, without --url: SANDBOX_URL, else SANDBOX_PORT on loopback."""
    if environ.get("SANDBOX_URL", "").strip():
        return environ["SANDBOX_URL"].strip()
    port = sandbox_port(environ)
    if port == 0:
        raise ValueError(
            "SANDBOX_PORT=0 lets the app take any free port: pass --url with the address it logged"
            " ('LinkedIn sandbox on …')"
        )
    return f"http://127.0.0.1:{port}"


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


def _seed_data(spec: str) -> LinkedInData | None:
    """--seed MODULE:FUNCTION names a function, without arguments, that returns the LinkedInData to seed
    an empty sandbox with (e.g. sandbox_demo:linkedin_data for the demo people); empty: no one."""
    if not spec:
        return None
    module_name, _, name = spec.partition(":")
    if not module_name or not name:
        raise ValueError(f"--seed {spec!r}: expected MODULE:FUNCTION, e.g. sandbox_demo:linkedin_data")
    try:
        function = getattr(importlib.import_module(module_name), name)
    except (ImportError, AttributeError) as exc:
        raise ValueError(f"--seed {spec!r}: {exc}") from exc
    data = function() if callable(function) else None
    if not isinstance(data, LinkedInData):
        raise ValueError(f"--seed {spec!r} is not a function that returns LinkedInData")
    return data


async def _serve(
    host: str, port: int, database: str, data: LinkedInData | None, environ: Mapping[str, str]
) -> None:
    from linkedin_sandbox.server import start_sandbox

    running = await start_sandbox(
        host,
        port,
        database=database,
        data=data,
        client_id=environ.get("LINKEDIN_CLIENT_ID", "talentbridge-demo"),
        client_secret=environ.get("LINKEDIN_CLIENT_SECRET", "demo-partner-secret-not-for-production"),
    )
    logging.getLogger("linkedin_sandbox").info(
        "LinkedIn sandbox on %s (api %s, oauth %s)", running.base_url, running.api_base, running.oauth_base
    )
    try:
        await asyncio.Event().wait()
    finally:
        await running.close()


def main(argv: list[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    env = environment() if environ is None else environ
    parser = argparse.ArgumentParser(
        prog="python -m linkedin_sandbox",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--url", help="where the sandbox runs (else SANDBOX_URL, else SANDBOX_PORT)")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the sandbox standalone")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, help="default SANDBOX_PORT, else 3979; 0 takes a free port")
    serve.add_argument("--database", default=env.get("SANDBOX_DATABASE") or ":memory:")
    serve.add_argument(
        "--seed",
        default=env.get("SANDBOX_SEED", ""),
        metavar="MODULE:FUNCTION",
        help="who is on LinkedIn at first start, e.g. sandbox_demo:linkedin_data (the demo people)",
    )
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
    for name in ("flush", "stats", "members", "apps", "webhooks", "projects"):
        sub.add_parser(name)
    args = parser.parse_args(argv)

    try:
        if args.command == "serve":
            port = sandbox_port(env) if args.port is None else args.port
            data = _seed_data(args.seed)
        else:
            url = args.url or sandbox_url(env)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    match args.command:
        case "serve":
            from logs import configure_logging

            configure_logging(env.get("LOG_LEVEL", "INFO"), env.get("LOG_FORMAT", "text").strip().lower())
            asyncio.run(_serve(args.host, port, args.database, data, env))
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
