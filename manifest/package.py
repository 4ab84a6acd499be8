"""Build the Teams app package: `make package` -> build/talentbridge-app.zip.

The zip holds manifest.json at its root, the two icons and the da/nb/nl/sv localization files.
The command menus are written from the bot's route table (bot/routes.py), so Teams offers exactly the
commands the bot has, in each scope exactly those it may be used in: each command's English name and
menu description in manifest.json, and in each language's file the word the bot understands in that
language (i18n's command words) and the description from the gettext catalogs. The message
extension's search commands (the compose box) are written from the same table's searches: their
English texts in manifest.json, each language's from the catalogs (message context "Teams message
extension"). manifest/manifest.json and manifest/{da,nb,nl,sv}.json hold everything else. The app id
and bot id are MicrosoftAppId from the settings; when it is empty the package gets a placeholder id
(Teams will not reach a bot with it: set MicrosoftAppId for a real install). The manifest's
validDomains also get the host of PUBLIC_BASE_URL when it is set.
"""

from __future__ import annotations

import copy
import json
import re
import sys
import zipfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from i18n import ContextualMessage, translator

if TYPE_CHECKING:
    from bot.routing import RouteTable

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TEMPLATE_PATH = HERE / "manifest.json"
DEFAULT_OUTPUT = ROOT / "build" / "talentbridge-app.zip"
PLACEHOLDER_APP_ID = "00000000-0000-0000-0000-000000000000"
_GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
# Fixed entry times make the zip byte-for-byte reproducible for the same inputs.
_ZIP_TIME = (2026, 1, 1, 0, 0, 0)


class InvalidAppId(ValueError):
    """MicrosoftAppId is set but is not a GUID, which Teams requires."""


@dataclass(frozen=True)
class BuiltPackage:
    path: Path
    app_id: str
    uses_placeholder_id: bool
    files: tuple[str, ...]


def load_template() -> dict[str, Any]:
    manifest: dict[str, Any] = json.loads(TEMPLATE_PATH.read_text(encoding="utf-8"))
    return manifest


def app_version() -> str:
    try:
        return metadata.version("talent-bridge")
    except metadata.PackageNotFoundError:
        return str(load_template()["version"])


def bot_routes() -> RouteTable:
    """The bot's route table (bot/routes.py): the menus offer its commands and no other."""
    from bot.routes import ROUTES

    return ROUTES


def command_lists(routes: RouteTable, language: str | None = None) -> list[dict[str, Any]]:
    """The bot's command menus, one per Teams scope (personal, team, groupChat), each with the
    table's commands usable there, in the table's order: the English names and descriptions, or, for
    `language`, the word the bot understands in it and the translated description."""
    from bot.routing import Place

    t = translator(language)
    lists = []
    for place in (Place.PERSONAL, Place.CHANNEL, Place.GROUP_CHAT):
        commands = [
            {
                "title": routes.word(language, route.name) if language else route.name,
                "description": t.translate(route.menu) if language else route.menu.message,
            }
            for route in routes.commands
            if place in route.where
        ]
        if commands:
            lists.append({"scopes": [place.teams_scope], "commands": commands})
    return lists


def compose_extension_commands(routes: RouteTable, language: str | None = None) -> list[dict[str, Any]]:
    """The message extension's search commands, in the table's order: their English texts, or, for
    `language`, the translated ones."""
    t = translator(language)

    def text(message: ContextualMessage) -> str:
        return t.translate(message) if language else message.message

    return [
        {
            "id": route.command_id,
            "type": "query",
            "context": ["compose", "commandBox"],
            "title": text(route.title),
            "description": text(route.description),
            "initialRun": False,
            "parameters": [
                {
                    "name": route.parameter,
                    "inputType": "text",
                    "title": text(route.parameter_title),
                    "description": text(route.parameter_description),
                }
            ],
        }
        for route in routes.searches
    ]


def render_manifest(
    app_id: str = "",
    public_base_url: str = "",
    version: str | None = None,
    routes: RouteTable | None = None,
) -> dict[str, Any]:
    """The manifest for this installation: ids from MicrosoftAppId, the public host in validDomains,
    and the command menus of `routes` (default: the bot's)."""
    if app_id and not _GUID.match(app_id):
        raise InvalidAppId(f"MicrosoftAppId {app_id!r} is not a GUID; Teams needs the Azure bot's app id.")
    app_id = app_id or PLACEHOLDER_APP_ID
    manifest = copy.deepcopy(load_template())
    manifest["id"] = app_id
    manifest["version"] = version or app_version()
    routes = routes or bot_routes()
    lists = command_lists(routes)
    for bot in manifest.get("bots", []):
        bot["botId"] = app_id
        bot["commandLists"] = lists
    for extension in manifest.get("composeExtensions", []):
        extension["botId"] = app_id
        extension["commands"] = compose_extension_commands(routes)
    if "webApplicationInfo" in manifest:
        manifest["webApplicationInfo"]["id"] = app_id
        manifest["webApplicationInfo"]["resource"] = f"api://botid-{app_id}"
    host = urlsplit(public_base_url).hostname if public_base_url else None
    if host and host not in manifest["validDomains"]:
        manifest["validDomains"].insert(0, host)
    return manifest


def render_localization(language_file: str, routes: RouteTable | None = None) -> dict[str, Any]:
    """A localization file: the app's texts from manifest/{language}.json, and the command menus and
    message extension commands of `routes` (default: the bot's) in that language, keyed by position
    as Teams reads them."""
    strings: dict[str, Any] = json.loads((HERE / language_file).read_text(encoding="utf-8"))
    language = Path(language_file).stem
    routes = routes or bot_routes()
    for i, command_list in enumerate(command_lists(routes, language)):
        for j, command in enumerate(command_list["commands"]):
            for field in ("title", "description"):
                strings[f"bots[0].commandLists[{i}].commands[{j}].{field}"] = command[field]
    if "composeExtensions" in load_template():
        for j, search in enumerate(compose_extension_commands(routes, language)):
            key = f"composeExtensions[0].commands[{j}]"
            for field in ("title", "description"):
                strings[f"{key}.{field}"] = search[field]
                strings[f"{key}.parameters[0].{field}"] = search["parameters"][0][field]
    return strings


def package_files(manifest: dict[str, Any]) -> list[str]:
    """The files the manifest refers to (icons and localization files), relative to manifest/."""
    files = [manifest["icons"]["color"], manifest["icons"]["outline"]]
    localization = manifest.get("localizationInfo", {})
    files.extend(language["file"] for language in localization.get("additionalLanguages", []))
    if localization.get("defaultLanguageFile"):
        files.append(localization["defaultLanguageFile"])
    return files


def build_package(
    output: Path = DEFAULT_OUTPUT,
    *,
    app_id: str = "",
    public_base_url: str = "",
    version: str | None = None,
    routes: RouteTable | None = None,
) -> BuiltPackage:
    manifest = render_manifest(app_id, public_base_url, version, routes)
    files = package_files(manifest)
    languages = {entry["file"] for entry in manifest["localizationInfo"].get("additionalLanguages", [])}
    output.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        _write(archive, "manifest.json", _json(manifest))
        for name in files:
            if name in languages:
                _write(archive, name, _json(render_localization(name, routes)))
            else:
                _write(archive, name, (HERE / name).read_bytes())
    return BuiltPackage(
        output, manifest["id"], manifest["id"] == PLACEHOLDER_APP_ID, ("manifest.json", *files)
    )


def _json(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _write(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)


def main() -> int:
    from settings import get_settings

    settings = get_settings()
    try:
        built = build_package(app_id=settings.microsoft_app_id, public_base_url=settings.public_base_url)
    except InvalidAppId as error:
        print(error, file=sys.stderr)
        return 1
    size = built.path.stat().st_size
    print(f"{built.path.relative_to(ROOT)}: {size} bytes, app id {built.app_id}")
    if built.uses_placeholder_id:
        print(
            "MicrosoftAppId is empty: the package uses the placeholder id "
            f"{PLACEHOLDER_APP_ID}. Set MicrosoftAppId (and PUBLIC_BASE_URL) before uploading it to Teams.",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
