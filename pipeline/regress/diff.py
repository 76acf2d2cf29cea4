"""Cell-level differences between approved and current tables."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from pipeline.regress.snapshots import SnapshotCell

ADDED, REMOVED, CHANGED = "+", "-", "~"


@dataclass
class CellChange:
    kind: str  # + added, - removed, ~ changed
    before: SnapshotCell | None
    after: SnapshotCell | None

    @property
    def cell(self) -> SnapshotCell:
        return self.after or self.before


@dataclass
class TableChange:
    name: str  # the snapshot file, relative to the snapshot folder
    kind: str  # + a new table, - a table no longer extracted, ~ changed cells
    cells: list[CellChange] = field(default_factory=list)


def diff_cells(before: list[SnapshotCell], after: list[SnapshotCell]) -> list[CellChange]:
    old = {(c.row_idx, c.col_idx): c for c in before}
    new = {(c.row_idx, c.col_idx): c for c in after}
    changes = []
    for key in sorted(old.keys() | new.keys()):
        if key not in old:
            changes.append(CellChange(ADDED, None, new[key]))
        elif key not in new:
            changes.append(CellChange(REMOVED, old[key], None))
        elif old[key] != new[key]:
            changes.append(CellChange(CHANGED, old[key], new[key]))
    return changes


def diff_tables(approved: dict[str, list[SnapshotCell]], current: dict[str, list[SnapshotCell]]) -> list[TableChange]:
    changes = []
    for name in sorted(approved.keys() | current.keys()):
        kind = ADDED if name not in approved else REMOVED if name not in current else CHANGED
        cells = diff_cells(approved.get(name, []), current.get(name, []))
        if cells or kind != CHANGED:
            changes.append(TableChange(name, kind, cells))
    return changes


def describe_cell(change: CellChange) -> str:
    """One line: where the cell is, what it holds (or what changed), with its raw text."""
    cell = change.cell
    place = f"r{cell.row_idx} c{cell.col_idx} [{cell.row_label} | {cell.col_label}]"
    if change.kind != CHANGED:
        return f"{change.kind} {place}: {cell.value!r} (raw {cell.raw!r})"
    fields = [f.name for f in dataclasses.fields(SnapshotCell)
              if getattr(change.before, f.name) != getattr(change.after, f.name)]
    what = "; ".join(f"{name} {getattr(change.before, name)!r} -> {getattr(change.after, name)!r}" for name in fields)
    return f"~ {place}: {what}" + ("" if "raw" in fields else f" (raw {cell.raw!r})")


def describe(changes: list[TableChange]) -> list[str]:
    lines = []
    for table in changes:
        note = {ADDED: " (new table, not approved)", REMOVED: " (approved table no longer extracted)"}.get(table.kind, "")
        lines.append(f"{table.kind} {table.name}{note}")
        lines += [f"    {describe_cell(c)}" for c in table.cells]
    return lines
