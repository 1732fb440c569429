"""The configuration reference and the commented TOML template match the typed config."""

from __future__ import annotations

import dataclasses
import importlib.util
import re
import sys
from pathlib import Path

from shared.config import Config, load_config

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("pulse_gen_config_doc",
                                               ROOT / "scripts" / "gen_config_doc.py")
assert _spec and _spec.loader
gen = importlib.util.module_from_spec(_spec)
sys.modules["pulse_gen_config_doc"] = gen
_spec.loader.exec_module(gen)


def test_committed_reference_equals_the_generated_one() -> None:
    assert (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8") == gen.markdown(), \
        "docs/configuration.md is stale: run python scripts/gen_config_doc.py"


def test_committed_template_equals_the_generated_one() -> None:
    assert (ROOT / "packaging" / "linux" / "pulse.toml").read_text(encoding="utf-8") == \
        gen.toml_template(), "packaging/linux/pulse.toml is stale: run scripts/gen_config_doc.py"


def test_template_uncommented_loads_and_gives_the_defaults(tmp_path: Path) -> None:
    text = (ROOT / "packaging" / "linux" / "pulse.toml").read_text(encoding="utf-8")
    assert load_config(_write(tmp_path, text), env={}).database == Config().database
    setting = re.compile(r"^#(\[|[a-z_]+ = )")
    active = "\n".join(line[1:] if setting.match(line) else line for line in text.splitlines())
    loaded = load_config(_write(tmp_path, active), env={})
    defaults = Config()
    for f in dataclasses.fields(Config):
        if f.metadata.get("internal") or f.name == "webhooks":
            continue
        assert getattr(loaded, f.name) == getattr(defaults, f.name), f.name
    assert [w.kind for w in loaded.webhooks] == ["telegram"]  # the example, valid as written


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pulse.toml"
    path.write_text(text, encoding="utf-8")
    return path
