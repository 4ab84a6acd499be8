"""The words the services and the cards share: enums and frozen value types.

Plain Python only: nothing here imports the database, the LinkedIn client, the network or the Bot
Framework SDK, so a card can be built (and tested) from these values alone. Services fill them in;
`store/` uses the enums for its column defaults. The import rules in pyproject.toml keep it so.
"""
