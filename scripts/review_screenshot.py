"""Take the README's screenshot of the review page (docs/review.png).

Renders the review of a records folder, opens one release in headless Chromium
(Debian's `chromium`, driven by Playwright; no Playwright browser download),
judges a few items so the verdict colours show, and saves a PNG.

    python -m pipeline run && python scripts/review_screenshot.py
    python scripts/review_screenshot.py --records extracted --release 002_4507e41d08cf5a1b --out docs/review.png
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from pipeline.items import load_batch
from pipeline.review import render_page

ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=Path, default=Path("extracted"))
    parser.add_argument("--release", default="002_4507e41d08cf5a1b")
    parser.add_argument("--out", type=Path, default=Path("docs/review.png"))
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        page_file = Path(folder) / "index.html"
        page_file.write_text(render_page(load_batch(args.records), title="Review"), encoding="utf-8")
        browser = playwright.chromium.launch(executable_path=args.chromium, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 860})
        page.goto(f"{page_file.as_uri()}#r={args.release}")
        view = page.locator(f'section.release[data-release="{args.release}"]')
        for n in range(3):
            view.locator("li.item .v-accept").nth(n).click()
        view.locator("li.item .v-reject").nth(3).click()
        view.locator("li.item.f-dates").nth(1).hover()
        args.out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(args.out))
        browser.close()
    print(args.out)


if __name__ == "__main__":
    main()
