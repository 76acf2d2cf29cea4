"""The Norwegian municipalities, shipped as package data with their correct spelling."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Municipality:
    number: str  # kommunenummer, e.g. "3203"
    name: str  # "Asker"
    county: str  # fylke
    current: bool  # False for municipalities merged away in a reform


@cache
def municipalities() -> tuple[Municipality, ...]:
    """All municipalities in data/municipalities.csv (columns: number,name,county,current)."""
    with resources.files("pipeline.ingest").joinpath("data/municipalities.csv").open(encoding="utf-8") as f:
        return tuple(Municipality(row["number"], row["name"], row["county"], row["current"] == "1")
                     for row in csv.DictReader(f))


def municipality_names() -> list[str]:
    return sorted({m.name for m in municipalities()})
