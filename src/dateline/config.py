"""Settings: defaults < `dateline.toml` (in the working directory, or --config) < command-line options.

A frozen Settings value is built once by the CLI and passed down; nothing reads it from a global.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Mapping

from dateline.errors import ConfigError

CONFIG_NAME = "dateline.toml"


@dataclass(frozen=True)
class Settings:
    db: str = "dateline.db"
    workers: int = 1
    engine: str = "local"
    engine_address: str | None = None
    nlp: str = "fast"  # NLP profile: fast | balanced | full (dateline.nlp.PROFILES)
    batch_size: int = 128
    max_bytes: int | None = None
    host: str = "127.0.0.1"
    port: int = 8080


def _coerce(name: str, value: Any, expected: Any, origin: str) -> Any:
    base = {"int": int, "str": str, "int | None": int, "str | None": str}.get(str(expected))
    if value is None or base is None:
        return value
    if base is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise ConfigError(f"setting '{name}' must be a whole number, not {value!r}", origin=origin)
    if base is str and not isinstance(value, str):
        raise ConfigError(f"setting '{name}' must be text, not {value!r}", origin=origin)
    return value


def settings_from_mapping(data: Mapping[str, Any], *, origin: str, base: Settings = Settings()) -> Settings:
    known = {f.name: f.type for f in fields(Settings)}
    section = data.get("dateline", data)
    unknown = sorted(set(section) - set(known))
    if unknown:
        raise ConfigError(f"unknown setting(s): {', '.join(unknown)} (known: {', '.join(known)})", origin=origin)
    values = {k: _coerce(k, v, known[k], origin) for k, v in section.items()}
    if values.get("engine", base.engine) not in ("local", "dask"):
        raise ConfigError(f"engine must be 'local' or 'dask', not {values['engine']!r}", origin=origin)
    if values.get("nlp", base.nlp) not in ("fast", "balanced", "full"):
        raise ConfigError(f"nlp must be 'fast', 'balanced' or 'full', not {values['nlp']!r}", origin=origin)
    return replace(base, **values)


def load_settings(path: str | Path | None = None, *, cwd: Path | None = None) -> Settings:
    """Read `path`, or `dateline.toml` in `cwd` when it exists; defaults otherwise."""
    candidate = Path(path) if path else (cwd or Path.cwd()) / CONFIG_NAME
    if not candidate.exists():
        if path:
            raise ConfigError("config file not found", code="E001", origin=str(candidate))
        return Settings()
    try:
        data = tomllib.loads(candidate.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"not valid TOML: {exc}", origin=str(candidate)) from exc
    return settings_from_mapping(data, origin=str(candidate))
