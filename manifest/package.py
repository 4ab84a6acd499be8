"""Build the Teams app package: `make package` -> build/talentbridge-app.zip.

The zip holds manifest.json at its root, the two icons and the da/nb/nl/sv localization files.
manifest/manifest.json lists every command the product has or will have (help, find, status, history,
export, pool, settings, setup, sync); the package offers only the commands the bot understands
(bot/commands.py), so a menu never promises what the bot cannot do yet. The app id and bot id are
MicrosoftAppId from the settings; when it is empty the package gets a placeholder id (Teams will not
reach a bot with it: set MicrosoftAppId for a real install). The manifest's validDomains also get the
host of PUBLIC_BASE_URL when it is set.
"""

from __future__ import annotations

import copy
import json
import re
import sys
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

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


def bot_commands() -> tuple[str, ...]:
    """The commands the bot understands today (bot/commands.py): the menus offer only those."""
    from bot.commands import COMMANDS

    return tuple(COMMANDS)


def render_manifest(
    app_id: str = "",
    public_base_url: str = "",
    version: str | None = None,
    commands: Iterable[str] | None = None,
) -> dict[str, Any]:
    """The manifest for this installation: ids from MicrosoftAppId, the public host in validDomains,
    and the command menus cut down to `commands` (default: the commands the bot has)."""
    if app_id and not _GUID.match(app_id):
        raise InvalidAppId(f"MicrosoftAppId {app_id!r} is not a GUID; Teams needs the Azure bot's app id.")
    app_id = app_id or PLACEHOLDER_APP_ID
    manifest = copy.deepcopy(load_template())
    manifest["id"] = app_id
    manifest["version"] = version or app_version()
    for bot in manifest.get("bots", []):
        bot["botId"] = app_id
    if "webApplicationInfo" in manifest:
        manifest["webApplicationInfo"]["id"] = app_id
        manifest["webApplicationInfo"]["resource"] = f"api://botid-{app_id}"
    host = urlsplit(public_base_url).hostname if public_base_url else None
    if host and host not in manifest["validDomains"]:
        manifest["validDomains"].insert(0, host)
    keep = set(bot_commands() if commands is None else commands)
    for bot in manifest.get("bots", []):
        lists = [
            {**command_list, "commands": [c for c in command_list["commands"] if c["title"] in keep]}
            for command_list in bot.get("commandLists", [])
        ]
        bot["commandLists"] = [command_list for command_list in lists if command_list["commands"]]
    return manifest


_COMMAND_KEY = re.compile(r"^bots\[0\]\.commandLists\[(\d+)\]\.commands\[(\d+)\]\.(title|description)$")


def render_localization(language_file: str, manifest: dict[str, Any]) -> dict[str, Any]:
    """A localization file whose command entries follow the manifest's (possibly cut down) menus.

    The files in manifest/ are written against the full menus of manifest.json and keyed by
    position, so each entry is re-keyed through its English command title and scope.
    """
    strings: dict[str, Any] = json.loads((HERE / language_file).read_text(encoding="utf-8"))
    template_lists = load_template()["bots"][0]["commandLists"]
    by_command: dict[tuple[tuple[str, ...], str, str], Any] = {}
    rendered: dict[str, Any] = {}
    for key, value in strings.items():
        match = _COMMAND_KEY.match(key)
        if match is None:
            rendered[key] = value
            continue
        command_list = template_lists[int(match[1])]
        title = command_list["commands"][int(match[2])]["title"]
        by_command[(tuple(command_list["scopes"]), title, match[3])] = value
    for i, command_list in enumerate(manifest["bots"][0].get("commandLists", [])):
        for j, command in enumerate(command_list["commands"]):
            for field in ("title", "description"):
                found = by_command.get((tuple(command_list["scopes"]), command["title"], field))
                if found is not None:
                    rendered[f"bots[0].commandLists[{i}].commands[{j}].{field}"] = found
    return rendered


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
    commands: Iterable[str] | None = None,
) -> BuiltPackage:
    manifest = render_manifest(app_id, public_base_url, version, commands)
    files = package_files(manifest)
    languages = {entry["file"] for entry in manifest["localizationInfo"].get("additionalLanguages", [])}
    output.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        _write(archive, "manifest.json", _json(manifest))
        for name in files:
            if name in languages:
                _write(archive, name, _json(render_localization(name, manifest)))
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
