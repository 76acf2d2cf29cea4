"""Scoring recovered tables against gold tables the way the project's scorer does: gold rows
paired one-to-one with extracted rows by label likeness plus agreeing values, among the tables
whose source lines overlap the gold table's (or, for gold with a page, the tables on that page and
its neighbours)."""
from rapidfuzz import fuzz


def _same(gold, cell):
    if isinstance(gold, dict):
        gold = gold.get("v")
    if gold is None or cell is None:
        return None if gold is None else False
    if isinstance(gold, (int, float)):
        return cell.value_num is not None and abs(cell.value_num - gold) <= 1e-6 * max(1.0, abs(gold))
    return cell.value_text is not None and cell.value_text.casefold().split() == str(gold).casefold().split()


def _pair_rows(gold, rows):
    """Gold rows paired one-to-one with extracted rows by label likeness plus agreeing values."""
    scored = []
    for gi, grow in enumerate(gold["rows"]):
        for key, cells in rows.items():
            label = next(iter(cells.values())).row_label
            agree = [_same(g, cells.get(ci)) for ci, g in enumerate(grow["values"])]
            agree = [a for a in agree if a is not None]
            score = fuzz.token_sort_ratio(grow["label"].casefold(), label.casefold()) / 100
            score += sum(agree) / len(agree) if agree else 0
            if score >= 0.6:
                scored.append((score, gi, key))
    pairs, used = {}, set()
    for _, gi, key in sorted(scored, reverse=True):
        if gi not in pairs and key not in used:
            pairs[gi] = key
            used.add(key)
    return pairs


def _pool(gold, tables):
    if gold.get("line_start") is not None:
        return [t for t in tables if t.line_start <= gold["line_end"] and gold["line_start"] <= t.line_end]
    return [t for t in tables if t.page_no is not None and abs(t.page_no - gold["page"]) <= 1]


def score(gold, tables):
    pool = _pool(gold, tables)
    rows = {}
    for table in pool:
        for cell in table.cells:
            rows.setdefault((table.table_id, cell.row_idx), {})[cell.col_idx] = cell
    pairs = _pair_rows(gold, rows)
    judged = correct = extracted = 0
    for gi, grow in enumerate(gold["rows"]):
        cells = rows.get(pairs.get(gi), {})
        extracted += sum(1 for ci, c in cells.items() if (c.value_num is not None or c.value_text)
                         and (ci >= len(grow["values"]) or grow["values"][ci] is not None))
        for ci, g in enumerate(grow["values"]):
            ok = _same(g, cells.get(ci))
            if ok is not None:
                judged, correct = judged + 1, correct + ok
    return judged, correct, extracted


