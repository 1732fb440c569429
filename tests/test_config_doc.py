"""The configuration reference and the commented TOML template match the typed config."""

from __future__ import annotations

import ast
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


def _reference_tables(reference: str) -> list[tuple[str, list[str]]]:
    """(TOML table header, ``key = default`` lines) for every heading the reference prints."""
    tables: list[tuple[str, list[str]]] = []
    for line in reference.splitlines():
        heading = re.match(r"^### (\[\[?[a-z_.]+\]\]?)", line)
        if heading:
            tables.append((heading.group(1), []))
            continue
        option = re.match(r"^\| `([a-z_]+)` \| [^|]+ \| `(.*)` \|", line)
        if option:
            value = ast.literal_eval(option.group(2))
            if tables[-1][0] == "[[webhooks]]" and option.group(1) == "url":
                value = "https://hooks.example/in"  # a webhook needs a url: none is refused
            tables[-1][1].append(f"{option.group(1)} = {gen.toml_value(value)}")
    return tables


def test_every_table_of_the_reference_loads_as_printed(tmp_path: Path) -> None:
    """A table written as the reference shows it, with its keys at their defaults, is valid."""
    tables = _reference_tables((ROOT / "docs" / "configuration.md").read_text(encoding="utf-8"))
    headers = [header for header, _ in tables]
    assert "[wallboard]" in headers and "[[wallboard.playlist]]" in headers
    assert "[[playlist]]" not in headers
    for header, keys in tables:
        assert keys, f"{header} lists no option"
        loaded = load_config(_write(tmp_path, "\n".join([header, *keys]) + "\n"), env={})
        assert loaded.source == str(tmp_path / "pulse.toml")
    # ... and all of them together, in the order printed: one valid file.
    whole = "\n\n".join("\n".join([header, *keys]) for header, keys in tables)
    loaded = load_config(_write(tmp_path, whole + "\n"), env={})
    assert loaded.wallboard.refresh_seconds == Config().wallboard.refresh_seconds
    assert [s.slide for s in loaded.wallboard.playlist] == ["map"]
    assert len(loaded.tiers) == 1 and len(loaded.webhooks) == 1


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pulse.toml"
    path.write_text(text, encoding="utf-8")
    return path
