from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import Config, ConfigError, load

ROOT = Path(__file__).resolve().parent.parent


def test_project_config_loads_and_resolves_paths_from_its_folder() -> None:
    cfg = load(ROOT / "config.yaml")
    assert cfg.input == ROOT / "raw"
    assert cfg.output == ROOT / "extracted"
    assert "ner" in cfg.components


def test_defaults_without_a_file() -> None:
    assert load(None) == Config()


BAD = [
    ("unknown key", "inptu: raw\n", "inptu: unknown key"),
    ("wrong type", "batch_size: many\n", "batch_size: Input should be a valid integer"),
    ("out of range", "batch_size: 0\n", "batch_size: Input should be greater than or equal to 1"),
    ("not a mapping", "- raw\n", "expected a mapping"),
    ("bad yaml", "input: [raw\n", "not valid YAML"),
]


@pytest.mark.parametrize(("content", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_config_names_the_problem(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(content)
    with pytest.raises(ConfigError, match=message):
        load(path)
