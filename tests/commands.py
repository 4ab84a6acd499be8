"""The typed commands the bot has: the names in its route table (bot/routes.py). The tests hold the
Teams app's menus, the help card and each language's command words to them; the card and catalog
checks let these English words stand untranslated (the bot understands them in every language)."""

from bot.routes import ROUTES

COMMAND_NAMES = ROUTES.command_names
