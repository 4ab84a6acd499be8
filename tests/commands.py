"""Every typed command the product has or will have, in menu order: what the tests hold the Teams app
manifest (manifest/manifest.json lists them all) and the command words of each language (i18n) to.
The bot understands those in bot/commands.py so far; `make package` offers only those."""

COMMAND_NAMES = ("help", "find", "status", "history", "export", "pool", "settings", "setup", "sync")
