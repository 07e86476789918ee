"""Readable differences between two records: added, removed and changed items."""

from __future__ import annotations

import json

_LISTS = ("amounts", "dates", "organizations", "people", "territories", "quotes", "contacts")


def _key(item: dict) -> str:
    if "start" in item:
        return f"{item['text']!r}@{item['start']}"
    return repr(item.get("name") or [m["text"] for m in item.get("mentions", [])][:1])


def diff_records(expected: dict, actual: dict) -> list[str]:
    """One line per difference, naming the field and the item.

    >>> diff_records({"dates": [{"text": "2024", "start": 3, "value": "2024"}]},
    ...              {"dates": [{"text": "2024", "start": 3, "value": "2025"}]})
    ["dates '2024'@3 changed value: '2024' -> '2025'"]
    """
    lines: list[str] = []
    for name in sorted(set(expected) | set(actual)):
        old, new = expected.get(name), actual.get(name)
        if old == new:
            continue
        if name in _LISTS and isinstance(old, list) and isinstance(new, list):
            before = {_key(i): i for i in old}
            after = {_key(i): i for i in new}
            lines += [f"{name} removed: {k} {json.dumps(before[k], ensure_ascii=False)}" for k in before if k not in after]
            lines += [f"{name} added: {k} {json.dumps(after[k], ensure_ascii=False)}" for k in after if k not in before]
            for k in before.keys() & after.keys():
                for field in sorted(set(before[k]) | set(after[k])):
                    if before[k].get(field) != after[k].get(field):
                        lines.append(f"{name} {k} changed {field}: {before[k].get(field)!r} -> {after[k].get(field)!r}")
        else:
            lines.append(f"{name} changed: {old!r} -> {new!r}")
    return lines
