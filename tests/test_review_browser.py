"""The review page in a real browser: headless Chromium opens it from disk, as a double-click does.

Needs Debian's `chromium` (`.ci/run` installs it) and the `playwright` package; skips, saying
which is missing, otherwise. Playwright's own browser download is never used.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.items import items, load_batch
from pipeline.review import render_page
from pipeline.verdicts import annotation, parse
from tests import review_sample as sample

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install -e '.[test]'")
if not CHROMIUM.is_file():
    pytest.skip(f"no browser: {CHROMIUM} is absent (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page_file(tmp_path: Path) -> Path:
    releases = load_batch(sample.write_batch(tmp_path))
    path = tmp_path / "review" / "index.html"
    path.parent.mkdir()
    path.write_text(render_page(releases), encoding="utf-8")
    return path


def test_review_page_in_a_browser(browser, page_file: Path):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1300, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    outside: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda request: None if request.url.startswith(("file:", "blob:", "data:")) else outside.append(request.url))
    page.goto(page_file.as_uri())

    # The index lists the release and the run's failure; a click opens the release.
    assert "empty: the file holds no text" in page.inner_text("#index")
    page.click(f'#index a[href="#r={sample.STEM}"]')
    view = page.locator(f'section.release[data-release="{sample.STEM}"]')
    assert view.is_visible() and not page.locator("#index").is_visible()

    # One highlight per item, the text as written (the script tag is text, never run).
    assert view.locator("mark.hl.first").count() == view.locator("li.item").count() == sample.ITEM_COUNT
    assert view.locator(".text").inner_text() == sample.TEXT
    assert "<script>alert(1)</script>" in view.locator(".text").inner_text()

    # Filtering a field hides its list items and leaves the others.
    page.uncheck('input.filter[value="territories"]')
    assert view.locator("li.item.f-territories").first.is_hidden()
    assert view.locator("li.item.f-amounts").is_visible()
    page.check('input.filter[value="territories"]')

    # A list item jumps to its span; the span jumps back to the list item.
    row = view.locator("li.item.f-people")
    row.locator(".go").click()
    mark = view.locator("mark.hl.f-people.first")
    assert "flash" in mark.get_attribute("class")
    assert mark.get_attribute("title") == "people: Jeanne Martin · présidente d'Exemplia"
    mark.click()
    assert "flash" in row.get_attribute("class")

    # Verdicts: reject one, accept one, correct one; they survive a reload.
    region, date, amount_at = (sample.span(t) for t in ("Région Occitanie", "le 3 mars 2024", "2,5 M€"))
    region_row = f'li.item[data-key="organizations:{region["start"]}:{region["end"]}"]'
    view.locator(f"{region_row} .v-reject").click()
    view.locator("li.item.f-dates .v-accept").click()
    amount = view.locator("li.item.f-amounts")
    amount.locator(".v-correct").click()
    amount.locator('input[name="value"]').fill("2 600 000")
    amount.locator('button[type="submit"]').click()
    assert "v-correct" in amount.get_attribute("class")
    page.reload()
    view = page.locator(f'section.release[data-release="{sample.STEM}"]')
    assert "v-reject" in view.locator(region_row).get_attribute("class")
    assert page.locator(f'#index tr[data-release="{sample.STEM}"] .progress').text_content() == f"3/{sample.ITEM_COUNT}"

    # A missed item: select words in the text and add them.
    where = sample.span("atelier de Sète")
    page.evaluate(
        """([start, end]) => {
          const box = document.querySelector('section.release:not([hidden]) .text');
          const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
          const range = document.createRange();
          let seen = 0;
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const len = Array.from(n.data).length;
            if (seen <= start && start < seen + len) range.setStart(n, start - seen);
            if (seen < end && end <= seen + len) range.setEnd(n, end - seen);
            seen += len;
          }
          const sel = getSelection(); sel.removeAllRanges(); sel.addRange(range);
        }""",
        [where["start"], where["end"]],
    )
    view.locator(".add-field").select_option("territories")
    view.locator(".add-go").click()
    assert "atelier de Sète" in view.locator("ol.added").inner_text()

    # Export: the download and the text box hold the same JSONL, keyed by release, field and offsets.
    with page.expect_download() as download:
        page.click("#export")
    saved = Path(download.value.path()).read_text(encoding="utf-8")
    assert saved == page.input_value("#export-jsonl")
    verdicts = parse(saved.splitlines())
    assert {(v.field, v.start, v.end, v.verdict) for v in verdicts} == {
        ("organizations", region["start"], region["end"], "reject"),
        ("dates", date["start"], date["end"], "accept"),
        ("amounts", amount_at["start"], amount_at["end"], "correct"),
        ("territories", where["start"], where["end"], "add"),
    }
    gold, problems = annotation(sample.record(), verdicts)
    assert problems == []
    assert gold["amounts"] == [{"text": "2,5 M€", "value": 2600000, "currency": "EUR"}]
    assert "Région Occitanie" not in json.dumps(gold, ensure_ascii=False)
    assert {"name": "atelier de Sète", "departments": []} in gold["territories"]

    assert errors == [] and outside == []
    assert len(items(sample.record())) == sample.ITEM_COUNT
    context.close()
