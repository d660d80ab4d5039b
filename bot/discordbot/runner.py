"""Starting the bot: serve until stopped, or register the commands globally and exit.

Failures a person running the bot can fix (a rejected token, a refused intent, broken knowledge
files, an unreachable Discord) end in one clear line on stderr and a non-zero exit code, never a
traceback. The token is never printed or logged.

SIGTERM and SIGINT stop it gracefully: the interactions and messages in flight get up to
`client.STOP_GRACE` seconds to finish (/healthz says 503 meanwhile), the store's background
writes finish and it closes, then the gateway and the HTTP session close, and the exit code is 0.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Awaitable, Callable
from typing import TypeVar

import aiohttp
import discord

from bot.config import ConfigError, Settings
from bot.discordbot import endpoints
from bot.discordbot.client import ArticleBot
from bot.discordbot.logs import RedactToken, configure_logging
from bot.engine import KnowledgeError
from bot.store import StoreError, StoreUnavailable

log = logging.getLogger(__name__)

T = TypeVar("T")

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_CONFIG = 2

REJECTED_TOKEN = "Discord rejected the token (check DISCORD_TOKEN)."
NO_TOKEN = "DISCORD_TOKEN is not set."
INTENT_REFUSED = (
    "Discord refused the message-content intent that ASK_CHANNEL_IDS needs: enable it for the "
    "bot in the developer portal, or unset ASK_CHANNEL_IDS."
)
# Gateway close codes that no reconnect can mend (Discord's "Gateway Close Event Codes"), in the
# words of what to check. 4014 (disallowed intents) is discord.py's PrivilegedIntentsRequired.
GATEWAY_CLOSED = {
    4004: REJECTED_TOKEN,
    4010: "Discord refused the shard this process asked for (check SHARD_COUNT and SHARD_IDS).",
    4011: "Discord requires more shards for this many servers: raise SHARD_COUNT, or unset it.",
    4012: "Discord refused the gateway version discord.py speaks: upgrade discord.py.",
    4013: "Discord refused the intents the bot asked for.",
}

__all__ = ["RedactToken", "configure_logging", "run", "serve", "sync"]


async def serve(settings: Settings, *, bot: ArticleBot | None = None) -> None:
    """Connect to Discord (or DISCORD_API_BASE / DISCORD_GATEWAY_URL) and serve until the bot is
    closed. Raises what discord.py raises (LoginFailure, PrivilegedIntentsRequired, ...)."""
    if not settings.token:
        raise ConfigError([NO_TOKEN])
    endpoints.configure(settings.api_base, settings.gateway_url)
    bot = bot if bot is not None else ArticleBot(settings)
    async with bot:
        await bot.start(settings.token)


async def _serve_until_signalled(settings: Settings) -> None:
    bot = ArticleBot(settings)
    loop = asyncio.get_running_loop()
    closing: list[asyncio.Task[None]] = []

    def stop() -> None:
        if closing:  # a second signal: the first one's stop is under way
            return
        log.info("stopping: finishing what is in flight (up to %gs)", bot.stop_grace)
        closing.append(asyncio.create_task(bot.close()))

    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):  # not on this platform
            loop.add_signal_handler(sig, stop)
    await serve(settings, bot=bot)
    if closing:
        await asyncio.gather(*closing, return_exceptions=True)


def run(settings: Settings) -> int:
    """Serve on Discord until stopped (SIGINT/SIGTERM). Returns the process exit code."""
    configure_logging(settings)
    return _guarded(settings, lambda: _serve_until_signalled(settings))


async def _sync(settings: Settings) -> list[discord.app_commands.AppCommand]:
    endpoints.configure(settings.api_base, settings.gateway_url)
    bot = ArticleBot(settings, sync_on_start=False)
    async with bot:
        # login() runs setup_hook, which loads the cogs; no gateway connection is needed.
        await bot.login(settings.token or "")
        return await bot.tree.sync()


def describe_command(command: discord.app_commands.AppCommand) -> str:
    """One line for a registered command: its name, kind and German name."""
    german = command.name_localizations.get(discord.Locale.german)
    if command.type is discord.AppCommandType.chat_input:
        line = f"/{command.name}"
        subcommands = [
            o.name
            for o in command.options
            if isinstance(o, discord.app_commands.AppCommandGroup)
            or getattr(o, "type", None) is discord.AppCommandOptionType.subcommand
        ]
        if subcommands:
            line += f" ({', '.join(subcommands)})"
        if german:
            line += f"  [de: /{german}]"
    else:
        line = f"{command.name} ({command.type.name} menu)"
        if german:
            line += f"  [de: {german}]"
    return line


def sync(settings: Settings) -> int:
    """Register the slash and context-menu commands globally; print what was registered."""
    configure_logging(settings)

    def report(commands: list[discord.app_commands.AppCommand]) -> None:
        print(f"Registered {len(commands)} global command(s):")
        for command in commands:
            print(f"  {describe_command(command)}")

    return _guarded(settings, lambda: _sync(settings), report)


def _guarded(
    settings: Settings,
    main: Callable[[], Awaitable[T]],
    done: Callable[[T], None] | None = None,
) -> int:
    """Run `main` in a new event loop; turn the failures a person can fix into one line."""
    if not settings.token:
        return _fail(NO_TOKEN, EXIT_CONFIG)

    async def wrapper() -> T:
        return await main()

    try:
        value = asyncio.run(wrapper())
    except KeyboardInterrupt:
        return EXIT_OK
    except discord.LoginFailure:
        return _fail(REJECTED_TOKEN)
    except discord.PrivilegedIntentsRequired:
        return _fail(INTENT_REFUSED)
    except StoreUnavailable as exc:  # transient: a restart (a service manager's) may mend it
        return _fail(str(exc))
    except (ConfigError, KnowledgeError, StoreError) as exc:
        return _fail(str(exc), EXIT_CONFIG)
    except discord.GatewayNotFound:
        return _fail(f"Could not find Discord's gateway ({_where(settings)}).")
    except discord.ConnectionClosed as exc:
        known = GATEWAY_CLOSED.get(exc.code)
        if known is not None:
            return _fail(known)
        return _fail(f"Discord closed the gateway connection (code {exc.code}): {exc.reason}")
    except discord.HTTPException as exc:
        return _fail(f"Discord refused a request: {_http_error(exc)}")
    except (aiohttp.ClientError, OSError) as exc:
        return _fail(f"Could not reach Discord ({_where(settings)}): {exc}")
    if done is not None:
        done(value)
    return EXIT_OK


def _where(settings: Settings) -> str:
    return settings.api_base or "discord.com"


def _http_error(exc: discord.HTTPException) -> str:
    text = f"{exc.status} {exc.response.reason if exc.response else ''}".strip()
    if exc.code:
        text += f" (error code {exc.code})"
    if exc.text:
        text += f": {exc.text}"
    if exc.status == 403:
        text += (
            " - is the bot a member of DISCORD_DEV_GUILD_ID, with the applications.commands scope?"
        )
    return text


def _fail(message: str, code: int = EXIT_FAILED) -> int:
    print(message, file=sys.stderr)
    return code
