"""The warehouse's DDL: versioned SQL files shipped in the package (pipeline/schemas/NNN_*.sql)."""
from __future__ import annotations

import re
from pathlib import Path

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "schemas"
MIGRATION = re.compile(r"^(\d{3})_[\w-]+\.sql$")


def migrations(schema_dir: Path = SCHEMA_DIR) -> list[tuple[int, Path]]:
    found = [(int(m.group(1)), p) for p in schema_dir.glob("*.sql") if (m := MIGRATION.match(p.name))]
    return sorted(found)
