"""The pipeline against the off-the-shelf tools it replaces, on one annotated set.

    python bench/baselines.py [--gold DIR --raw DIR]   # default: the shared corpus

Scores, with the corpus's own rules (`pipeline.evaluate`):
- spaCy: `fr_core_news_md` with every component, its ORG, PER and LOC entities taken
  as organisations, people and territories;
- dateparser: `search_dates` over the text in French, each find a day;
- the pipeline itself.
Prints F1 per field and system (a dash where a tool does not extract that field).
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import nlp as nlp_module  # noqa: E402
from pipeline.config import Config  # noqa: E402
from pipeline.evaluate import FIELDS, evaluate  # noqa: E402
from pipeline.process import process_paths  # noqa: E402

EMPTY = {field: [] for field in FIELDS}
LABELS = {"ORG": "organizations", "PER": "people", "LOC": "territories"}


def _spacy(texts: dict[str, str]) -> dict[str, dict]:
    import spacy

    nlp = spacy.load("fr_core_news_md")
    records = {}
    for stem, doc in zip(texts, nlp.pipe(texts.values())):
        record = {**EMPTY, "organizations": [], "people": [], "territories": [], "doc_date": None}
        for ent in doc.ents:
            if ent.label_ in LABELS:
                record[LABELS[ent.label_]].append({"name": ent.text, "aliases": [], "role": None, "departments": []})
        records[stem] = record
    return records


def _dateparser(texts: dict[str, str]) -> dict[str, dict]:
    from dateparser.search import search_dates

    records = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # dateparser warns about its own time-zone handling
        for stem, text in texts.items():
            found = search_dates(text, languages=["fr"]) or []
            dates = [{"text": t, "value": d.date().isoformat()} for t, d in found]
            records[stem] = {**EMPTY, "dates": dates, "doc_date": None}
    return records


def _pipeline(raw: Path, stems: list[str]) -> dict[str, dict]:
    config = Config()
    nlp = nlp_module.load(config.model, config.components)
    paths = [raw / f"{stem}.txt" for stem in stems]
    outcomes = process_paths(paths, nlp, max_bytes=config.max_file_bytes, batch_size=config.batch_size)
    return {o.path.stem: o.record.model_dump(mode="json") if o.record else {**EMPTY, "doc_date": None} for o in outcomes}


def main() -> None:
    corpus = ROOT.parent / "shared" / "corpus"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=corpus / "gold")
    parser.add_argument("--raw", type=Path, default=corpus / "raw")
    args = parser.parse_args()

    golds = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(args.gold.glob("*.json"))}
    if not golds:
        sys.exit(f"no annotations in {args.gold}")
    texts = {stem: (args.raw / f"{stem}.txt").read_text(encoding="utf-8") for stem in golds}
    systems = {
        "spaCy fr_core_news_md": (_spacy(texts), ("organizations", "people", "territories")),
        "dateparser search": (_dateparser(texts), ("dates",)),
        "this pipeline": (_pipeline(args.raw, list(golds)), FIELDS),
    }
    print(f"F1 on {len(golds)} releases of {args.gold}")
    print(f"{'':<24}" + "".join(f"{field:>15}" for field in FIELDS))
    for name, (records, fields) in systems.items():
        report = evaluate((stem, gold, records[stem]) for stem, gold in golds.items())
        cells = [f"{report.fields[f].f1:>15.3f}" if f in fields else f"{'-':>15}" for f in FIELDS]
        print(f"{name:<24}" + "".join(cells))


if __name__ == "__main__":
    main()
