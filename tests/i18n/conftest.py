"""The bot over HTTP, as tests/bot drives it (for the language tests that go through the whole app)."""

from tests.bot.conftest import bot, channel  # noqa: F401 - fixtures shared with tests/bot
