"""Settings from `config.yaml`, validated on load; command-line options override them."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pipeline.nlp import DEFAULT_COMPONENTS


class ConfigError(Exception):
    """A configuration that cannot be used; the message names the key at fault."""


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    input: Path = Path("raw")
    output: Path = Path("extracted")
    model: str = "fr_core_news_md"
    components: tuple[str, ...] = DEFAULT_COMPONENTS
    batch_size: int = Field(default=16, ge=1)
    zone_size: int = Field(default=256, ge=1)
    max_file_bytes: int = Field(default=5_000_000, ge=1)
    suffixes: tuple[str, ...] = (".txt", ".md", ".html", ".htm", ".pdf")

    def relative_to(self, base: Path) -> Config:
        """Resolve relative paths against `base`, the configuration file's folder."""
        return self.model_copy(update={"input": base / self.input, "output": base / self.output})


def load(path: Path | None) -> Config:
    """Load `path`, or the defaults when it is None."""
    if path is None:
        return Config()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of settings, got {type(data).__name__}")
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: "
            + ("unknown key" if err["type"] == "extra_forbidden" else err["msg"])
            for err in exc.errors()
        )
        raise ConfigError(f"{path}: {problems}") from None
    return config.relative_to(path.resolve().parent)
