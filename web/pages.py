"""Tiny HTML pages for people who land in a browser (sign-in results, the public job page)."""

from __future__ import annotations

from html import escape

from aiohttp import web

from i18n import negotiate

_PAGE = """<!doctype html>
<html lang="{lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}}
.code{{font:bold 2.5rem ui-monospace,monospace;letter-spacing:.3em;margin:1.5rem 0}}</style>
</head>
<body><h1>{title}</h1>{body}</body>
</html>
"""


def locale_of_request(request: web.Request) -> str:
    """The browser's first language (Accept-Language), negotiated to a supported one."""
    header = request.headers.get("Accept-Language", "")
    first = header.split(",", 1)[0].split(";", 1)[0].strip()
    return negotiate(first or None)


def page(
    title: str,
    paragraphs: list[str],
    *,
    locale: str,
    status: int = 200,
    code: str | None = None,
    after: list[str] | None = None,
) -> web.Response:
    """An HTML page; every value is escaped here. `code` (a one-time sign-in code) is shown large
    between `paragraphs` and `after`."""
    body = "".join(f"<p>{escape(text)}</p>" for text in paragraphs)
    if code is not None:
        body += f'<p class="code">{escape(code)}</p>'
    body += "".join(f"<p>{escape(text)}</p>" for text in after or [])
    html = _PAGE.format(lang=escape(negotiate(locale)), title=escape(title), body=body)
    return web.Response(
        text=html,
        status=status,
        content_type="text/html",
        charset="utf-8",
        headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"},
    )
