"""The Teams app package: schema-valid manifest, real icons, localization files and the zip layout."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from PIL import Image

from bot.commands import parse_command
from bot.routes import ROUTES
from bot.routing import Place
from manifest.package import (
    HERE as MANIFEST_DIR,
)
from manifest.package import (
    PLACEHOLDER_APP_ID,
    ROOT,
    InvalidAppId,
    build_package,
    load_template,
    render_manifest,
)

SCHEMAS = Path(__file__).parent / "schemas"
MANIFEST_SCHEMA = SCHEMAS / "MicrosoftTeams.v1.22.schema.json"
LOCALIZATION_SCHEMA = SCHEMAS / "MicrosoftTeams.Localization.v1.22.schema.json"
LANGUAGES = ("da", "nb", "nl", "sv")
# Commands the product will have but the bot does not yet: Teams must not offer them, in any language.
NOT_BUILT = ("status", "history", "pool", "sync")
NOT_BUILT_WORDS = (
    "historik",
    "historikk",
    "historie",
    "talentpulje",
    "talentutvalg",
    "talentenpool",
    "talangpool",
    "synkroniser",
    "synchroniseer",
    "synka",
)
APP_ID = "3f2c9a41-7b1e-4d2a-9c55-0e8b6f1d2a77"
# Teams shows at most this much of a bot command (the schema itself allows more).
MAX_COMMAND_TITLE, MAX_COMMAND_DESCRIPTION = 32, 128


def _validate(instance: dict[str, Any], schema_path: Path) -> None:
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    assert not errors, "; ".join(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:5])


@pytest.fixture
def package(tmp_path: Path) -> zipfile.ZipFile:
    built = build_package(tmp_path / "app.zip", app_id=APP_ID, public_base_url="https://bot.contoso.example")
    return zipfile.ZipFile(built.path)


def _localization(language: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((MANIFEST_DIR / f"{language}.json").read_text(encoding="utf-8"))
    return data


def test_the_vendored_schema_is_the_manifest_version_we_declare() -> None:
    manifest = load_template()
    schema = json.loads(MANIFEST_SCHEMA.read_text(encoding="utf-8"))
    assert schema["properties"]["manifestVersion"]["const"] == manifest["manifestVersion"]
    assert f"/v{manifest['manifestVersion']}/" in manifest["$schema"]


def test_manifest_template_passes_the_teams_schema() -> None:
    _validate(load_template(), MANIFEST_SCHEMA)


def test_packaged_manifest_passes_the_teams_schema(package: zipfile.ZipFile) -> None:
    _validate(json.loads(package.read("manifest.json")), MANIFEST_SCHEMA)


def test_zip_has_the_manifest_at_the_root_and_every_file_it_names(package: zipfile.ZipFile) -> None:
    names = package.namelist()
    assert "manifest.json" in names and all("/" not in name for name in names)
    manifest = json.loads(package.read("manifest.json"))
    assert {manifest["icons"]["color"], manifest["icons"]["outline"]} <= set(names)
    languages = manifest["localizationInfo"]["additionalLanguages"]
    assert sorted(language["languageTag"] for language in languages) == list(LANGUAGES)
    assert all(language["file"] in names for language in languages)
    assert manifest["localizationInfo"]["defaultLanguageTag"] == "en-us"


def test_app_and_bot_id_come_from_the_settings(package: zipfile.ZipFile) -> None:
    manifest = json.loads(package.read("manifest.json"))
    assert manifest["id"] == APP_ID
    assert manifest["bots"][0]["botId"] == APP_ID
    assert manifest["webApplicationInfo"]["id"] == APP_ID
    assert APP_ID in manifest["webApplicationInfo"]["resource"]
    assert manifest["validDomains"][0] == "bot.contoso.example"


def test_without_an_app_id_the_package_uses_the_placeholder(tmp_path: Path) -> None:
    built = build_package(tmp_path / "app.zip")
    assert built.uses_placeholder_id and built.app_id == PLACEHOLDER_APP_ID
    _validate(json.loads(zipfile.ZipFile(built.path).read("manifest.json")), MANIFEST_SCHEMA)


def test_an_app_id_that_is_not_a_guid_is_refused() -> None:
    with pytest.raises(InvalidAppId):
        render_manifest("talentbridge-bot")


def test_the_package_is_reproducible(tmp_path: Path) -> None:
    first = build_package(tmp_path / "a.zip", app_id=APP_ID, version="1.2.3")
    second = build_package(tmp_path / "b.zip", app_id=APP_ID, version="1.2.3")
    assert first.path.read_bytes() == second.path.read_bytes()


def test_make_package_writes_the_zip_with_the_app_id_from_the_environment(tmp_path: Path) -> None:
    env = {**os.environ, "MicrosoftAppId": APP_ID, "PUBLIC_BASE_URL": "https://tb.fabrikam.example"}
    result = subprocess.run(
        [sys.executable, "-m", "manifest.package"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(ROOT / "build" / "talentbridge-app.zip") as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["id"] == APP_ID and "tb.fabrikam.example" in manifest["validDomains"]


def test_color_icon_is_192_pixels_square_and_opaque(package: zipfile.ZipFile) -> None:
    icon = Image.open(io.BytesIO(package.read("color.png")))
    assert icon.format == "PNG" and icon.size == (192, 192)
    alpha = icon.convert("RGBA").getchannel("A")
    assert alpha.getextrema() == (255, 255)
    assert len(icon.convert("RGB").getcolors(maxcolors=192 * 192) or []) > 2  # a drawing, not a blank square


def test_outline_icon_is_32_pixels_white_on_transparent(package: zipfile.ZipFile) -> None:
    icon = Image.open(io.BytesIO(package.read("outline.png")))
    assert icon.format == "PNG" and icon.size == (32, 32) and icon.mode == "RGBA"
    pixels = list(icon.getdata())  # type: ignore[arg-type]
    assert any(a == 0 for *_, a in pixels), "the background must be transparent"
    assert any(a == 255 for *_, a in pixels), "the outline must be drawn"
    assert all((r, g, b) == (255, 255, 255) for r, g, b, a in pixels if a), "the outline must be white"


def _command_lists(manifest: dict[str, Any]) -> dict[str, list[dict[str, str]]]:
    return {
        scope: command_list["commands"]
        for command_list in manifest["bots"][0]["commandLists"]
        for scope in command_list["scopes"]
    }


def test_the_templates_hold_no_command_menus() -> None:
    """The menus and the message extension's commands are written from the bot's route table only,
    so there is no second list to forget."""
    template = load_template()
    assert "commandLists" not in template["bots"][0]
    assert all("commands" not in extension for extension in template["composeExtensions"])
    for language in LANGUAGES:
        assert not [key for key in _localization(language) if key.startswith(("bots[", "composeExtensions["))]


def test_every_scope_lists_the_tables_commands_that_work_there(package: zipfile.ZipFile) -> None:
    manifest = json.loads(package.read("manifest.json"))
    assert sorted(manifest["bots"][0]["scopes"]) == ["groupChat", "personal", "team"]
    lists = _command_lists(manifest)
    assert sorted(lists) == ["groupChat", "personal", "team"]
    for place in Place:
        expected = [route.name for route in ROUTES.commands if place in route.where]
        assert [c["title"] for c in lists[place.teams_scope]] == expected
    # Setup is for a team channel or the 1:1 chat, so a group chat's menu does not offer it.
    assert [c["title"] for c in lists["personal"]] == ["help", "find", "export", "settings", "setup"]
    assert [c["title"] for c in lists["team"]] == ["help", "find", "export", "settings", "setup"]
    assert [c["title"] for c in lists["groupChat"]] == ["help", "find", "export", "settings"]


@pytest.mark.parametrize("language", ["en", *LANGUAGES])
def test_command_titles_and_descriptions_fit_what_teams_shows(
    language: str, package: zipfile.ZipFile
) -> None:
    if language == "en":
        manifest = json.loads(package.read("manifest.json"))
        texts = [(c["title"], c["description"]) for cs in _command_lists(manifest).values() for c in cs]
    else:
        strings = json.loads(package.read(f"{language}.json"))
        texts = [
            (strings[key], strings[key.replace(".title", ".description")])
            for key in strings
            if key.endswith(".title")
        ]
    assert texts
    for title, description in texts:
        assert 0 < len(title) <= MAX_COMMAND_TITLE and 0 < len(description) <= MAX_COMMAND_DESCRIPTION


@pytest.mark.parametrize("language", LANGUAGES)
def test_localization_file_passes_the_teams_schema(language: str) -> None:
    _validate(_localization(language), LOCALIZATION_SCHEMA)


def _check_localized_commands(manifest: dict[str, Any], strings: dict[str, Any], language: str) -> None:
    expected = {
        f"bots[0].commandLists[{i}].commands[{j}].{field}"
        for i, command_list in enumerate(manifest["bots"][0]["commandLists"])
        for j, _command in enumerate(command_list["commands"])
        for field in ("title", "description")
    }
    assert {key for key in strings if key.startswith("bots[")} == expected
    words = ROUTES.words(language)
    for i, command_list in enumerate(manifest["bots"][0]["commandLists"]):
        for j, command in enumerate(command_list["commands"]):
            # Teams sends the title when the user picks the command, so the bot must understand it.
            title = strings[f"bots[0].commandLists[{i}].commands[{j}].title"]
            assert parse_command(title, words).name == command["title"], title
            assert title == ROUTES.word(language, command["title"])
            description = strings[f"bots[0].commandLists[{i}].commands[{j}].description"]
            assert description != command["description"], f"{language}: {title} is not translated"
    for key in ("name.short", "name.full", "description.short", "description.full"):
        assert strings[key].strip()


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_offers_the_same_commands_in_the_words_the_bot_understands(
    language: str, package: zipfile.ZipFile
) -> None:
    strings = json.loads(package.read(f"{language}.json"))
    _validate(strings, LOCALIZATION_SCHEMA)
    _check_localized_commands(json.loads(package.read("manifest.json")), strings, language)


def test_a_command_the_bot_does_not_have_is_offered_in_no_language(package: zipfile.ZipFile) -> None:
    titles = {
        c["title"] for cs in _command_lists(json.loads(package.read("manifest.json"))).values() for c in cs
    }
    for language in LANGUAGES:
        strings = json.loads(package.read(f"{language}.json"))
        menus = {key: text for key, text in strings.items() if key.startswith("bots[")}
        titles |= {text for key, text in menus.items() if key.endswith(".title")}
    assert titles == {
        ROUTES.word(language, name) for language in ("en", *LANGUAGES) for name in ROUTES.command_names
    }
    assert not titles & {*NOT_BUILT, *NOT_BUILT_WORDS}


def test_the_message_extension_offers_the_route_tables_searches(package: zipfile.ZipFile) -> None:
    """The compose box of chats and channels offers "Find candidate": the table's search commands,
    answered by this bot."""
    manifest = json.loads(package.read("manifest.json"))
    [extension] = manifest["composeExtensions"]
    assert extension["botId"] == APP_ID == manifest["bots"][0]["botId"]
    assert extension["composeExtensionType"] == "botBased"
    assert [c["id"] for c in extension["commands"]] == [r.command_id for r in ROUTES.searches]
    assert [c["id"] for c in extension["commands"]] == ["findCandidate"]
    [command] = extension["commands"]
    assert command["type"] == "query" and set(command["context"]) == {"compose", "commandBox"}
    assert command["title"] == "Find candidate"
    assert [p["name"] for p in command["parameters"]] == [ROUTES.searches[0].parameter]
    for text, limit in (
        (command["title"], MAX_COMMAND_TITLE),
        (command["description"], MAX_COMMAND_DESCRIPTION),
        (command["parameters"][0]["title"], MAX_COMMAND_TITLE),
        (command["parameters"][0]["description"], MAX_COMMAND_DESCRIPTION),
    ):
        assert 0 < len(text) <= limit


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_names_the_message_extension_in_its_own_words(
    language: str, package: zipfile.ZipFile
) -> None:
    strings = json.loads(package.read(f"{language}.json"))
    _validate(strings, LOCALIZATION_SCHEMA)
    [command] = json.loads(package.read("manifest.json"))["composeExtensions"][0]["commands"]
    english = {
        "composeExtensions[0].commands[0].title": command["title"],
        "composeExtensions[0].commands[0].description": command["description"],
        "composeExtensions[0].commands[0].parameters[0].title": command["parameters"][0]["title"],
        "composeExtensions[0].commands[0].parameters[0].description": command["parameters"][0]["description"],
    }
    localized = {key: text for key, text in strings.items() if key.startswith("composeExtensions[")}
    assert set(localized) == set(english)
    for key, text in localized.items():
        assert text.strip() and text != english[key], f"{language}: {key} is not translated"
    assert localized["composeExtensions[0].commands[0].title"] == {
        "da": "Find kandidat",
        "nb": "Finn kandidat",
        "nl": "Kandidaat zoeken",
        "sv": "Hitta kandidat",
    }[language]
