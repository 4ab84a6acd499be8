"""HTTP routes that are not the bot's messaging endpoint: LinkedIn sign-in, webhooks, job feed."""
