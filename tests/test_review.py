"""Review page rendering, verdicts → annotations, and the CSV export, without a browser."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser

import pytest

from pipeline.cli import main
from pipeline.export import to_csv
from pipeline.items import Item, Release, items, load_batch
from pipeline.review import highlight, render_page
from pipeline.verdicts import Verdict, VerdictError, annotation, parse
from tests import review_sample as sample

VOID = {"meta", "input", "br", "img", "link", "hr"}


class _Marks(HTMLParser):
    """Checks that tags nest, and records which items cover each character of the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.text: list[str] = []
        self.covers: list[frozenset[str]] = []
        self.firsts = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in VOID:
            return
        self.stack.append((tag, attrs.get("data-n") if tag == "mark" else None))
        if tag == "mark" and "first" in attrs.get("class", "").split():
            self.firsts += 1

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1][0] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data):
        covering = frozenset(n for tag, n in self.stack if tag == "mark")
        self.text.append(data)
        self.covers += [covering] * len(data)


def parsed(html: str) -> _Marks:
    parser = _Marks()
    parser.feed(html)
    parser.close()
    assert parser.stack == [], f"unclosed: {parser.stack}"
    return parser


def _item(start: int, end: int) -> Item:
    return Item("dates", start, end, "", "v", {})


TEXT = "0123456789"
# name: spans over TEXT; every layout of two or three spans that a record can hold
OVERLAPS = {
    "disjoint": [(0, 2), (5, 7)],
    "adjacent": [(0, 3), (3, 6)],
    "nested": [(0, 8), (2, 4)],
    "same span": [(2, 5), (2, 5)],
    "same start": [(2, 8), (2, 4)],
    "same end": [(2, 8), (5, 8)],
    "crossing": [(0, 5), (3, 8)],
    "crossing three": [(0, 4), (2, 6), (5, 9)],
    "inner crossing outer end": [(0, 6), (1, 3), (5, 9)],
    "whole text": [(0, 10), (4, 5)],
}


@pytest.mark.parametrize("spans", OVERLAPS.values(), ids=OVERLAPS.keys())
def test_overlapping_spans_nest_and_cover_exactly_their_characters(spans):
    found = [_item(s, e) for s, e in spans]
    marks = parsed(highlight(TEXT, found))
    assert "".join(marks.text) == TEXT
    assert marks.firsts == len(found)
    for pos in range(len(TEXT)):
        expected = {str(n) for n, (s, e) in enumerate(spans) if s <= pos < e}
        assert marks.covers[pos] == expected, f"character {pos}"


ESCAPES = {
    "markup": ("a <script>alert(1)</script> b", "a &lt;script&gt;alert(1)&lt;/script&gt; b"),
    "ampersand": ("R&D", "R&amp;D"),
    "carriage return kept": ("un\r\ndeux", "un&#13;\ndeux"),
}


@pytest.mark.parametrize(("text", "html"), ESCAPES.values(), ids=ESCAPES.keys())
def test_text_is_escaped(text, html):
    assert highlight(text, []) == html


def _page() -> str:
    return render_page([Release(sample.STEM, sample.record(), sample.TEXT), Release("broken", error="empty: <no text>")])


def test_page_shows_a_script_in_a_release_as_text():
    page = _page()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert "Un &lt;b&gt;titre&lt;/b&gt;" in page and "an example warning &lt;i&gt;escaped&lt;/i&gt;" in page
    assert "empty: &lt;no text&gt;" in page


def test_page_is_self_contained_and_well_formed():
    page = _page()
    marks = parsed(page)
    assert marks.firsts == sample.ITEM_COUNT == len(items(sample.record()))
    for outside in ('src="http', "href=\"http", "@import", "url(", '<link', 'src="//'):
        assert outside not in page


def test_each_highlight_carries_its_normalised_value():
    page = _page()
    assert 'title="amounts: 2 500 000 EUR"' in page
    assert 'title="territories: Sète · départements 34"' in page
    assert 'title="people: Jeanne Martin · présidente d&#x27;Exemplia"' in page


def test_the_text_drawn_is_the_release_text():
    marks = parsed(highlight(sample.TEXT, items(sample.record())))
    assert "".join(marks.text) == sample.TEXT


def test_the_run_report_read_is_the_one_run_writes():
    from pipeline import batch, items as items_module

    assert items_module.REPORT_NAME == batch.REPORT_NAME


def test_load_batch_finds_the_text_and_the_failed_inputs(tmp_path):
    releases = load_batch(sample.write_batch(tmp_path))
    assert [(r.id, r.text == sample.TEXT, r.error) for r in releases] == [
        ("broken", False, "empty: the file holds no text"),
        (sample.STEM, True, None),
    ]


def test_load_batch_refuses_a_changed_source(tmp_path):
    out = sample.write_batch(tmp_path)
    (tmp_path / "raw" / f"{sample.STEM}.txt").write_text(sample.TEXT.replace("Nîmes", "Nimes"), encoding="utf-8")
    (release,) = [r for r in load_batch(out) if r.id == sample.STEM]
    assert release.record is None and "changed since extraction" in release.error


def _verdict(field: str, text: str, verdict: str, nth: int = 1, **correction) -> Verdict:
    where = sample.span(text, nth)
    return Verdict(sample.STEM, field, where["start"], where["end"], text, verdict, correction)


def test_apply_review_keeps_drops_and_corrects():
    verdicts = [
        _verdict("amounts", "2,5 M€", "correct", value="2 600 000", currency="EUR"),
        _verdict("dates", "le 3 mars 2024", "accept"),
        _verdict("organizations", "Région Occitanie", "reject"),
        _verdict("organizations", "Exemplia", "reject"),  # its second mention stays: so does it
        _verdict("people", "Jeanne Martin", "correct", name="Jeanne Martin", role="présidente"),
        _verdict("territories", "Nîmes", "reject"),
        _verdict("territories", "Sète", "correct", 2, name="Sète", departments=["34", "30"]),
        _verdict("doc_date", "Nîmes, le 3 mars 2024", "correct", value="2024-03-04"),
        _verdict("quotes", "« un soutien décisif pour Sète »", "reject"),
        _verdict("territories", "atelier de Sète", "add", name="atelier de Sète"),
    ]
    gold, problems = annotation(sample.record(), verdicts)
    assert problems == []
    assert gold == {
        "doc_date": "2024-03-04",
        "amounts": [{"text": "2,5 M€", "value": 2600000, "currency": "EUR"}],
        "dates": [{"text": "le 3 mars 2024", "value": "2024-03-03"}],
        "organizations": [{"name": "Exemplia", "aliases": []}],
        "people": [{"name": "Jeanne Martin", "role": "présidente"}],
        "territories": [
            {"name": "Occitanie", "departments": []},
            {"name": "atelier de Sète", "departments": []},
            {"name": "Sète", "departments": ["34", "30"]},
        ],
    }


def test_apply_review_can_drop_what_was_not_judged():
    gold, problems = annotation(sample.record(), [_verdict("amounts", "2,5 M€", "accept")], keep_unjudged=False)
    assert problems == []
    assert gold["amounts"] == [{"text": "2,5 M€", "value": 2500000, "currency": "EUR"}]
    assert gold["dates"] == gold["organizations"] == gold["people"] == gold["territories"] == []
    assert gold["doc_date"] == "2024-03-03"


BAD_VERDICTS = {
    "stale offsets": (Verdict(sample.STEM, "amounts", 50, 56, " 2,5 M", "accept"), "changed since the review"),
    "amount not a number": (_verdict("amounts", "2,5 M€", "correct", value="beaucoup"), "not a positive number"),
    "date not ISO": (_verdict("dates", "le 3 mars 2024", "correct", value="03/03/2024"), "is not YYYY"),
    "département code": (_verdict("territories", "Sète", "correct", name="Sète", departments=["Hérault"]), "not département codes"),
}


@pytest.mark.parametrize(("verdict", "message"), BAD_VERDICTS.values(), ids=BAD_VERDICTS.keys())
def test_apply_review_reports_unusable_verdicts(verdict, message):
    _, problems = annotation(sample.record(), [verdict])
    assert len(problems) == 1 and message in problems[0]


def test_a_malformed_verdict_line_names_its_line():
    with pytest.raises(VerdictError, match="line 2"):
        parse(['{"release": "r", "field": "dates", "start": 1, "end": 2, "text": "x", "verdict": "accept"}', "{oops"])


def test_apply_review_command_writes_annotation_files(tmp_path, capsys):
    out = sample.write_batch(tmp_path)
    lines = [json.dumps({"batch": "b", "release": v.release, "field": v.field, "start": v.start, "end": v.end,
                         "text": v.text, "verdict": v.verdict, "correction": v.correction})
             for v in [_verdict("organizations", "Région Occitanie", "reject")]]
    verdicts = tmp_path / "verdicts.jsonl"
    verdicts.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["apply-review", str(verdicts), "--records", str(out), "--out", str(tmp_path / "gold")]) == 0
    gold = json.loads((tmp_path / "gold" / f"{sample.STEM}.json").read_text(encoding="utf-8"))
    assert [o["name"] for o in gold["organizations"]] == ["Exemplia"]
    assert main(["apply-review", str(tmp_path / "missing.jsonl"), "--records", str(out), "--out", str(tmp_path / "g")]) == 2


def test_review_command_writes_one_page(tmp_path, capsys):
    out = sample.write_batch(tmp_path)
    assert main(["review", str(out), "--out", str(tmp_path / "review")]) == 0
    page = (tmp_path / "review" / "index.html").read_text(encoding="utf-8")
    assert parsed(page).firsts == sample.ITEM_COUNT
    assert main(["review", str(tmp_path / "nowhere"), "--out", str(tmp_path / "r")]) == 2


def test_export_writes_one_row_per_item(tmp_path):
    content, count = to_csv([Release(sample.STEM, sample.record(), sample.TEXT), Release("broken", error="x")])
    assert content.startswith("\ufeff") and count == sample.ITEM_COUNT
    rows = list(csv.DictReader(io.StringIO(content.removeprefix("\ufeff"))))
    assert len(rows) == count
    by_text = {(r["field"], r["text"]): r for r in rows}
    assert by_text["amounts", "2,5 M€"] == {
        "release": sample.STEM, "field": "amounts", "start": "51", "end": "57", "text": "2,5 M€",
        "value": "2500000", "currency": "EUR", "role": "", "departments": "",
    }
    assert by_text["people", "Jeanne Martin"]["role"] == "présidente d'Exemplia"
    assert by_text["territories", "Sète"]["departments"] == "34"
    assert by_text["doc_date", "Nîmes, le 3 mars 2024"]["value"] == "2024-03-03"
    for row in rows:
        assert sample.TEXT[int(row["start"]) : int(row["end"])] == row["text"]


def test_export_command(tmp_path, capsys):
    out = sample.write_batch(tmp_path)
    assert main(["export", str(out), "--csv", str(tmp_path / "items.csv")]) == 0
    assert len((tmp_path / "items.csv").read_text(encoding="utf-8-sig").splitlines()) == sample.ITEM_COUNT + 1
