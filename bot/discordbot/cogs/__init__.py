"""The bot's features, one cog each: slash commands, channel questions, knowledge upkeep."""
