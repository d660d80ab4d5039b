"""Validation of REST request bodies against Discord's OpenAPI description.

The spec (``shared/discord-api-spec/openapi.json``, beside the project checkout) is loaded and
compiled once per process. When it is absent a warning is issued once and a hand-written check of
Discord's documented limits is used instead.

Spec quirks handled here (see ``shared/notes/fake-discord.md``):

* ``anyOf`` marked ``x-discord-union: oneOf`` is a tagged union: the payload has to be one of the
  alternatives. It is validated as ``anyOf`` on purpose: several alternatives legitimately overlap
  (an empty autocomplete ``choices`` list fits the integer, number and string variants; a followup
  ``{"content": ...}`` fits both webhook variants), so a literal ``oneOf`` would reject payloads
  real Discord accepts. Where the alternatives carry a discriminating ``type`` enum (the
  interaction callback) ``anyOf`` and ``oneOf`` give the same verdict.
* Snowflakes are accepted as integers as well as strings, and integer-typed fields accept
  int-parseable strings (``default_member_permissions`` is sent as ``"8"`` by discord.py).
"""

from __future__ import annotations

import functools
import json
import os
import re
import threading
import warnings
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.support.paths import SHARED_DIR

SPEC_URI = "urn:discord-openapi"
SPEC_ENV = "FAKE_DISCORD_OPENAPI"
INT_STRING = re.compile(r"-?\d+")

# Limits real Discord enforces, used when the spec is absent (and, for the ones the spec cannot
# express, always).
CONTENT_MAX = 2000
EMBEDS_MAX = 10
EMBED_TITLE_MAX = 256
EMBED_DESCRIPTION_MAX = 4096
EMBED_FIELDS_MAX = 25
EMBED_FIELD_NAME_MAX = 256
EMBED_FIELD_VALUE_MAX = 1024
EMBED_FOOTER_MAX = 2048
EMBED_AUTHOR_MAX = 256
EMBED_TOTAL_MAX = 6000
CHOICES_MAX = 25
CHOICE_NAME_MAX = 100


@dataclass(frozen=True)
class ValidationIssue:
    """One rejected request body: where in the body (``pointer``) and why."""

    method: str
    path: str
    pointer: str
    message: str
    code: str = "BASE_TYPE_INVALID"


def default_spec_path() -> Path:
    """``<checkout>/../shared/discord-api-spec/openapi.json`` (overridable by env var)."""
    override = os.environ.get(SPEC_ENV)
    if override:
        return Path(override)
    return SHARED_DIR / "discord-api-spec" / "openapi.json"


# --------------------------------------------------------------------------------------------
# Spec loading and compilation (cached per process)
# --------------------------------------------------------------------------------------------


def _escape_pointer(segment: str) -> str:
    return segment.replace("~", "~0").replace("/", "~1")


def _alternative_types(alt: Mapping[str, Any], schemas: Mapping[str, Any]) -> set[str]:
    ref = alt.get("$ref")
    if isinstance(ref, str):
        alt = schemas.get(ref.rsplit("/", 1)[-1], {})
    kind = alt.get("type")
    if isinstance(kind, str):
        return {kind}
    return set(kind or [])


def _patch_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """Apply the quirks documented in the module docstring to the (freshly loaded) spec."""
    schemas: dict[str, Any] = spec["components"]["schemas"]
    snowflake = schemas.get("SnowflakeType")
    if snowflake is not None:
        schemas["SnowflakeType"] = {"anyOf": [snowflake, {"type": "integer", "minimum": 0}]}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            alternatives = node.get("oneOf")
            if isinstance(alternatives, list):
                kinds = [_alternative_types(alt, schemas) for alt in alternatives]
                # {"oneOf": [integer, string]} would match an int-parseable string twice.
                if any("integer" in k for k in kinds) and any("string" in k for k in kinds):
                    node["anyOf"] = node.pop("oneOf")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    return spec


def _is_integer(checker: Any, instance: Any) -> bool:
    if Draft202012Validator.TYPE_CHECKER.is_type(instance, "integer"):
        return True
    return isinstance(instance, str) and INT_STRING.fullmatch(instance) is not None


def _numeric_coercing(keyword: str) -> Callable[..., Iterator[ValidationError]]:
    original = Draft202012Validator.VALIDATORS[keyword]

    def check(validator: Any, value: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
        if isinstance(instance, str) and INT_STRING.fullmatch(instance):
            instance = int(instance)
        yield from original(validator, value, instance, schema)

    return check


DiscordValidator = validators.extend(
    Draft202012Validator,
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_integer),
    validators={
        kw: _numeric_coercing(kw)
        for kw in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
    },
)


class SpecValidator:
    """Request-body validators compiled from the OpenAPI spec, keyed by (method, template)."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = _patch_spec(spec)
        resource: Resource[Any] = DRAFT202012.create_resource(self.spec)
        self.registry: Registry[Any] = Registry().with_resource(SPEC_URI, resource)
        self._routes: list[tuple[re.Pattern[str], str, int]] = []
        for template in self.spec["paths"]:
            pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template))
            self._routes.append((re.compile(pattern + "$"), template, template.count("{")))
        # Literal segments (@original, @me) beat parameters.
        self._routes.sort(key=lambda item: item[2])
        self._validators: dict[tuple[str, str], Any] = {}
        self._lock = threading.Lock()

    def match(self, path: str) -> str | None:
        """The spec's path template for a concrete path such as ``/channels/1/messages``."""
        for pattern, template, _ in self._routes:
            if pattern.match(path):
                return template
        return None

    def validator_for(self, method: str, template: str) -> Any | None:
        key = (method.lower(), template)
        with self._lock:
            if key in self._validators:
                return self._validators[key]
            operation = self.spec["paths"].get(template, {}).get(key[0])
            content = (operation or {}).get("requestBody", {}).get("content", {})
            validator = None
            if "application/json" in content:
                pointer = "/".join(
                    _escape_pointer(s)
                    for s in (
                        "paths",
                        template,
                        key[0],
                        "requestBody",
                        "content",
                        "application/json",
                    )
                )
                ref = {"$ref": f"{SPEC_URI}#/{pointer}/schema"}
                validator = DiscordValidator(ref, registry=self.registry)
            self._validators[key] = validator
            return validator

    def validate(self, method: str, path: str, body: Any) -> list[ValidationIssue]:
        template = self.match(path)
        if template is None:
            return []
        validator = self.validator_for(method, template)
        if validator is None:
            return []
        return [_to_issue(method, path, err) for err in validator.iter_errors(body)]


def _leaf(error: ValidationError) -> ValidationError:
    """Descend into anyOf/oneOf failures, following the alternative that got furthest.

    The alternative whose shallowest error lies deepest in the instance is the one the sender
    meant (a callback of type 4 with a too-long embed title fails the type-4 alternative at
    ``/data/embeds/0/title`` and every other alternative at ``/type``).
    """
    while error.context:
        by_alternative: dict[Any, list[ValidationError]] = {}
        for sub in error.context:
            key = sub.relative_schema_path[0] if sub.relative_schema_path else None
            by_alternative.setdefault(key, []).append(sub)
        chosen = max(
            by_alternative.values(),
            key=lambda errs: (min(len(_leaf(e).absolute_path) for e in errs), -len(errs)),
        )
        error = best_match(chosen)
    return error


def _to_issue(method: str, path: str, error: ValidationError) -> ValidationIssue:
    leaf = _leaf(error)
    pointer = "/" + "/".join(str(p) for p in leaf.absolute_path)
    code, message = _discord_wording(leaf)
    return ValidationIssue(method, path, pointer, message, code)


def _discord_wording(error: ValidationError) -> tuple[str, str]:
    value = error.validator_value
    match error.validator:
        case "maxLength" | "maxItems" | "maxProperties":
            return "BASE_TYPE_MAX_LENGTH", f"Must be {value} or fewer in length."
        case "minLength" | "minItems" | "minProperties":
            return "BASE_TYPE_MIN_LENGTH", f"Must be {value} or more in length."
        case "required":
            return "BASE_TYPE_REQUIRED", "This field is required"
        case "enum" | "const":
            return "BASE_TYPE_CHOICES", f"Value must be one of {value}."
        case "maximum" | "exclusiveMaximum":
            return "NUMBER_TYPE_MAX", f"int value should be less than or equal to {value}."
        case "minimum" | "exclusiveMinimum":
            return "NUMBER_TYPE_MIN", f"int value should be greater than or equal to {value}."
        case "type":
            return "BASE_TYPE_BAD", f"{error.message} (expected {value})"
        case _:
            return "BASE_TYPE_INVALID", error.message


_load_lock = threading.Lock()
_warned: set[str] = set()


@functools.cache
def _load_spec_validator(path: str) -> SpecValidator | None:
    file = Path(path)
    if not file.is_file():
        return None
    with file.open(encoding="utf-8") as fh:
        return SpecValidator(json.load(fh))


def get_spec_validator(path: Path | None = None) -> SpecValidator | None:
    """The process-wide compiled spec, or ``None`` (with one warning) if the file is absent."""
    file = path or default_spec_path()
    with _load_lock:
        validator = _load_spec_validator(str(file))
        if validator is None and str(file) not in _warned:
            _warned.add(str(file))
            warnings.warn(
                f"Discord OpenAPI spec not found at {file}; fake Discord falls back to its own "
                "checks of Discord's documented limits.",
                stacklevel=2,
            )
        return validator


# --------------------------------------------------------------------------------------------
# Checks the spec cannot express (always on) and the fallback limits (spec absent)
# --------------------------------------------------------------------------------------------


class _Collector:
    def __init__(self, method: str, path: str) -> None:
        self.method = method
        self.path = path
        self.issues: list[ValidationIssue] = []

    def max_len(self, value: Any, limit: int, pointer: str) -> None:
        if isinstance(value, str | list) and len(value) > limit:
            self.issues.append(
                ValidationIssue(
                    self.method,
                    self.path,
                    pointer,
                    f"Must be {limit} or fewer in length.",
                    "BASE_TYPE_MAX_LENGTH",
                )
            )


def _embed_text_length(embed: Mapping[str, Any]) -> int:
    total = len(embed.get("title") or "") + len(embed.get("description") or "")
    total += len((embed.get("footer") or {}).get("text") or "")
    total += len((embed.get("author") or {}).get("name") or "")
    for field in embed.get("fields") or []:
        total += len(field.get("name") or "") + len(field.get("value") or "")
    return total


def _check_message(c: _Collector, body: Mapping[str, Any], prefix: str, full: bool) -> None:
    c.max_len(body.get("content"), CONTENT_MAX, f"{prefix}/content")
    embeds = body.get("embeds") or []
    if not isinstance(embeds, list):
        return
    total = sum(_embed_text_length(e) for e in embeds if isinstance(e, Mapping))
    if total > EMBED_TOTAL_MAX:
        c.issues.append(
            ValidationIssue(
                c.method,
                c.path,
                f"{prefix}/embeds",
                f"Embed size exceeds maximum size of {EMBED_TOTAL_MAX}",
                "MAX_EMBED_SIZE_EXCEEDED",
            )
        )
    if not full:
        return
    c.max_len(embeds, EMBEDS_MAX, f"{prefix}/embeds")
    for i, embed in enumerate(embeds):
        if not isinstance(embed, Mapping):
            continue
        at = f"{prefix}/embeds/{i}"
        c.max_len(embed.get("title"), EMBED_TITLE_MAX, f"{at}/title")
        c.max_len(embed.get("description"), EMBED_DESCRIPTION_MAX, f"{at}/description")
        c.max_len((embed.get("footer") or {}).get("text"), EMBED_FOOTER_MAX, f"{at}/footer/text")
        c.max_len((embed.get("author") or {}).get("name"), EMBED_AUTHOR_MAX, f"{at}/author/name")
        fields = embed.get("fields") or []
        c.max_len(fields, EMBED_FIELDS_MAX, f"{at}/fields")
        for j, field in enumerate(fields):
            c.max_len(field.get("name"), EMBED_FIELD_NAME_MAX, f"{at}/fields/{j}/name")
            c.max_len(field.get("value"), EMBED_FIELD_VALUE_MAX, f"{at}/fields/{j}/value")


def _check_choices(c: _Collector, choices: Any, prefix: str) -> None:
    if not isinstance(choices, list):
        return
    c.max_len(choices, CHOICES_MAX, prefix)
    for i, choice in enumerate(choices):
        if isinstance(choice, Mapping):
            c.max_len(choice.get("name"), CHOICE_NAME_MAX, f"{prefix}/{i}/name")


def _check_command_options(c: _Collector, options: Any, prefix: str) -> None:
    if not isinstance(options, list):
        return
    c.max_len(options, 25, prefix)
    for i, option in enumerate(options):
        if isinstance(option, Mapping):
            _check_choices(c, option.get("choices"), f"{prefix}/{i}/choices")
            _check_command_options(c, option.get("options"), f"{prefix}/{i}/options")


MESSAGE_ROUTES = re.compile(
    r"^/(channels/[^/]+/messages(/[^/]+)?|webhooks/[^/]+/[^/]+(/messages/[^/]+)?)$"
)
CALLBACK_ROUTE = re.compile(r"^/interactions/[^/]+/[^/]+/callback$")
COMMANDS_ROUTE = re.compile(r"^/applications/[^/]+(/guilds/[^/]+)?/commands(/[^/]+)?$")


def check_limits(method: str, path: str, body: Any, *, full: bool) -> list[ValidationIssue]:
    """Discord's documented limits. ``full=False`` keeps only those the spec cannot express
    (content of at most 2000 characters for bots, 6000 characters across all embeds)."""
    c = _Collector(method, path)
    if isinstance(body, Mapping):
        if MESSAGE_ROUTES.match(path):
            _check_message(c, body, "", full)
        elif CALLBACK_ROUTE.match(path):
            data = body.get("data")
            if isinstance(data, Mapping):
                if body.get("type") in (4, 7):
                    _check_message(c, data, "/data", full)
                elif body.get("type") == 8 and full:
                    _check_choices(c, data.get("choices"), "/data/choices")
        elif COMMANDS_ROUTE.match(path) and full:
            c.max_len(body.get("name"), 32, "/name")
            c.max_len(body.get("description"), 100, "/description")
            _check_command_options(c, body.get("options"), "/options")
    elif isinstance(body, list) and COMMANDS_ROUTE.match(path) and full:
        for i, command in enumerate(body):
            if isinstance(command, Mapping):
                c.max_len(command.get("name"), 32, f"/{i}/name")
                c.max_len(command.get("description"), 100, f"/{i}/description")
                _check_command_options(c, command.get("options"), f"/{i}/options")
    return c.issues


def validate_body(
    method: str, path: str, body: Any, spec: SpecValidator | None
) -> list[ValidationIssue]:
    """All issues with a request body: the spec's verdict plus the extra limit checks."""
    issues: list[ValidationIssue] = []
    if spec is not None:
        issues.extend(spec.validate(method, path, body))
    issues.extend(check_limits(method, path, body, full=spec is None))
    return issues


def discord_error_body(issues: list[ValidationIssue]) -> dict[str, Any]:
    """The 400 body Discord sends for an invalid form body (code 50035)."""
    errors: dict[str, Any] = {}
    for issue in issues:
        node = errors
        for part in [p for p in issue.pointer.split("/") if p]:
            node = node.setdefault(part, {})
        node.setdefault("_errors", []).append({"code": issue.code, "message": issue.message})
    return {"code": 50035, "message": "Invalid Form Body", "errors": errors}
