"""The analyst's review page: one self-contained HTML file per batch.

Pure functions from releases (record, text, run-report entry) to HTML strings.
The page's CSS and JS are package files inlined at render time: no server, no
network. Overlapping spans: the text is cut at every span boundary and each
piece is wrapped in the marks of every item covering it, outermost first,
closing and reopening marks where needed so the nesting is always valid.
"""

from __future__ import annotations

import json
from collections import Counter
from html import escape
from importlib import resources

from pipeline.items import CORRECTABLE, FIELDS, GROUPED, Item, Release, batch_id, items

LABELS = {
    "doc_date": "issue date", "amounts": "amounts", "dates": "dates", "organizations": "organisations",
    "people": "people", "territories": "territories", "quotes": "quotes", "contacts": "press contacts",
}


def _asset(name: str) -> str:
    return resources.files("pipeline").joinpath("review_assets", name).read_text(encoding="utf-8")


def _text(piece: str) -> str:
    # A carriage return would be folded into the next line feed by the HTML parser,
    # shifting every offset after it: a character reference keeps it.
    return escape(piece, quote=False).replace("\r", "&#13;")


def _attr(value: str) -> str:
    return escape(value, quote=True)


def highlight(text: str, found: list[Item]) -> str:
    """`text` escaped, each item wrapped in <mark> pieces; the first piece of item n has id `{prefix}n`.

    >>> highlight("a<b c", [Item("dates", 0, 3, "a<b", "x", {})])
    '<mark class="hl f-dates first" data-n="0" title="dates: x">a&lt;b</mark> c'
    """
    bounds = sorted({0, len(text)} | {i.start for i in found} | {i.end for i in found})
    order = sorted(range(len(found)), key=lambda n: (found[n].start, -found[n].end, n))  # outermost first
    opened: list[int] = []
    seen: set[int] = set()
    out: list[str] = []
    for a, b in zip(bounds, bounds[1:]):
        wanted = [n for n in order if found[n].start <= a and b <= found[n].end]
        keep = 0
        while keep < min(len(opened), len(wanted)) and opened[keep] == wanted[keep]:
            keep += 1
        out += ["</mark>"] * (len(opened) - keep)
        for n in wanted[keep:]:
            out.append(_open_mark(n, found[n], first=n not in seen))
            seen.add(n)
        opened = wanted
        out.append(_text(text[a:b]))
    out += ["</mark>"] * len(opened)
    return "".join(out)


def _open_mark(n: int, item: Item, *, first: bool) -> str:
    title = _attr(f"{LABELS[item.field]}: {item.value}")
    return f'<mark class="hl f-{item.field}{" first" if first else ""}" data-n="{n}" title="{title}">'


def _counts(release: Release) -> dict[str, int]:
    """Items per field as the run report counts them: entities, not mentions, for grouped fields."""
    record = release.record
    if record is None:
        return {}
    counts = {f: len(getattr(record, f)) for f in FIELDS if f != "doc_date"}
    return {"doc_date": int(record.doc_date is not None)} | counts


def render_index(releases: list[Release]) -> str:
    heads = "".join(f'<th class="num f-{f}" title="{_attr(LABELS[f])}"><span class="swatch"></span>{_attr(LABELS[f])}</th>' for f in FIELDS[1:])
    rows = []
    for r in releases:
        record = r.record
        counts = _counts(r)
        cells = "".join(f'<td class="num">{counts.get(f, "")}</td>' for f in FIELDS[1:])
        title = _text(record.title or "(no title)") if record else ""
        link = f'<a href="#r={_attr(r.id)}">{_text(r.id)}</a>' if record else _text(r.id)
        warnings = len(record.warnings) if record else 0
        status = r.report.get("status", "")
        error = f'<span class="error">{_text(r.error)}</span>' if r.error else ""
        rows.append(
            f'<tr data-release="{_attr(r.id)}"><td>{link}</td><td>{title}</td>'
            f'<td>{_text(record.doc_date or "") if record else ""}</td>{cells}'
            f'<td class="num">{warnings or ""}</td><td>{_text(status)} {error}</td>'
            f'<td class="progress num"></td></tr>'
        )
    return (
        '<section id="index"><h2>Releases</h2><table class="index"><thead><tr><th>release</th><th>title</th>'
        f'<th>issued</th>{heads}<th class="num">warn.</th><th>run</th><th class="num">judged</th></tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table></section>'
    )


def _row(n: int, item: Item) -> str:
    entity = "" if item.entity is None else f' data-entity="{item.entity}"'
    return (
        f'<li class="item f-{item.field}" data-n="{n}" data-key="{_attr(item.key)}"{entity}>'
        f'<button class="go" title="show in the text">{_text(item.text[:160])}</button>'
        f'<span class="value">{_text(item.value)}</span>'
        '<span class="judge"><button class="v-accept" title="accept">✓</button>'
        '<button class="v-reject" title="reject">✗</button>'
        + ('<button class="v-correct" title="correct">✎</button>' if item.field in CORRECTABLE else "")
        + "</span></li>"
    )


def render_release(release: Release) -> str:
    record, text = release.record, release.text
    assert record is not None and text is not None
    found = items(record)
    warnings = "".join(f"<li>{_text(w)}</li>" for w in record.warnings)
    heading = _text(record.title or release.id)
    return (
        f'<section class="release" data-release="{_attr(release.id)}" hidden>'
        f'<p class="nav"><a href="#">← all releases</a> <span class="rid">{_text(release.id)}</span></p>'
        f'<h2>{heading}</h2><p class="meta">issued: {_text(record.doc_date or "unknown")} · '
        f'source: {_text(record.source.path)} · {len(found)} items</p>'
        + (f'<ul class="warnings">{warnings}</ul>' if warnings else "")
        + '<div class="cols"><div class="text" tabindex="0">'
        + highlight(text, found)
        + '</div><div class="side"><ol class="items">'
        + "".join(_row(n, item) for n, item in enumerate(found))
        + '</ol><div class="add"><p>Missed item? Select it in the text, then '
        '<select class="add-field">'
        + "".join(f'<option value="{f}">{_attr(LABELS[f])}</option>' for f in CORRECTABLE if f != "doc_date")
        + '</select> <button class="add-go">add</button></p><ol class="added"></ol></div></div></div></section>'
    )


def page_data(releases: list[Release], batch: str) -> dict:
    """What the page's script needs: items' keys and correctable values, per release."""
    data: dict = {"batch": batch, "fields": list(FIELDS), "labels": LABELS, "correctable": CORRECTABLE, "grouped": GROUPED, "releases": {}}
    for r in releases:
        if r.record is not None and r.text is not None:
            data["releases"][r.id] = [
                {"field": i.field, "start": i.start, "end": i.end, "text": i.text, "attrs": i.attrs, "entity": i.entity}
                for i in items(r.record)
            ]
    return data


def _legend() -> str:
    return "".join(
        f'<label class="f-{f}"><input type="checkbox" class="filter" value="{f}" checked>'
        f'<span class="swatch"></span>{_attr(LABELS[f])}</label>'
        for f in FIELDS
    )


def render_page(releases: list[Release], title: str = "Review") -> str:
    """The whole review page of a batch, self-contained."""
    batch = batch_id(releases)
    shown = [r for r in releases if r.record is not None and r.text is not None]
    counts = Counter(i.field for r in shown for i in items(r.record))
    # "</" never closes the data script early: JSON escapes it.
    data = json.dumps(page_data(releases, batch), ensure_ascii=False).replace("</", "<\\/")
    return (
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_text(title)}</title><style>{_asset('review.css')}</style></head>"
        f'<body data-batch="{batch}"><header><h1>{_text(title)}</h1>'
        f'<p class="summary">{len(shown)} releases · {sum(counts.values())} items · batch {batch}</p>'
        f'<nav class="legend">{_legend()}</nav>'
        '<div class="export"><button id="export">export verdicts</button> <a id="download" hidden></a>'
        '<textarea id="export-jsonl" readonly rows="3" placeholder="verdicts as JSONL appear here"></textarea></div>'
        "</header><main>"
        + render_index(releases)
        + "".join(render_release(r) for r in shown)
        + f'</main><script type="application/json" id="review-data">{data}</script>'
        f"<script>{_asset('review.js')}</script></body></html>\n"
    )
