"""Score records against hand-checked annotations, by the rules of the corpus's ANNOTATION.md.

Optional gold entries are neither required nor counted as errors when found.
Amounts and dates match one to one; organisations, people and territories
match by folded name, several predictions of one gold entry counting once.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

FIELDS = ("amounts", "dates", "organizations", "people", "territories")
EMPTY: dict = {"doc_date": None, **{name: [] for name in FIELDS}}  # what a failed release found

_ARTICLE = re.compile(r"^(?:(?:les|le|la)\s+|l'\s*)")
_SPACES = re.compile(r"[\s\-\u2010-\u2015]+")


def fold(name: str) -> str:
    """Fold case and accents, drop a leading article, collapse spaces and hyphens.

    >>> fold("L’Agence  de l'Innovation-Défense")
    "agence de l'innovation defense"
    """
    text = unicodedata.normalize("NFKD", name.replace("\u2019", "'").replace("\u00a0", " "))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower().strip()
    return _SPACES.sub(" ", _ARTICLE.sub("", text)).strip()


def fold_role(role: str | None) -> str | None:
    return None if role is None else fold(role)


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)
    false_finds: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.misses += other.misses
        self.false_finds += other.false_finds

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Ratio:
    right: int = 0
    total: int = 0
    wrong: list[str] = field(default_factory=list)

    def add(self, ok: bool, label: str) -> None:
        self.total += 1
        self.right += ok
        if not ok:
            self.wrong.append(label)

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 1.0


def _one_to_one(
    gold: list[dict], pred: list[dict], same: Callable[[dict, dict], bool], label: Callable[[dict], str]
) -> Score:
    """Required gold entries first, then optional ones, take the predictions they match."""
    score = Score()
    left = list(pred)
    for optional in (False, True):
        for g in (g for g in gold if bool(g.get("optional")) == optional):
            hit = next((p for p in left if same(g, p)), None)
            if hit is not None:
                left.remove(hit)
                score.tp += not optional
            elif not optional:
                score.fn += 1
                score.misses.append(label(g))
    score.fp = len(left)
    score.false_finds = [label(p) for p in left]
    return score


def _same_amount(g: dict, p: dict) -> bool:
    gv, pv = Decimal(str(g["value"])), Decimal(str(p["value"]))
    return g["currency"] == p["currency"] and abs(pv - gv) <= abs(gv) * Decimal("0.005")


def _names(entry: dict) -> set[str]:
    return {fold(entry["name"]), *(fold(a) for a in entry.get("aliases", []))}


def _by_name(gold: list[dict], pred: list[dict], extra_names: Callable[[dict], set[str]]) -> tuple[Score, list[tuple[dict, dict]]]:
    """Match predictions to gold entries by name; return the score and the matched pairs."""
    score = Score()
    pairs: list[tuple[dict, dict]] = []
    matched: set[int] = set()
    for p in pred:
        name = fold(p["name"])
        index = next((i for i, g in enumerate(gold) if name in _names(g) | extra_names(g)), None)
        if index is None:
            score.fp += 1
            score.false_finds.append(p["name"])
        elif index not in matched:
            matched.add(index)
            pairs.append((gold[index], p))
    for i, g in enumerate(gold):
        if g.get("optional"):
            continue
        if i in matched:
            score.tp += 1
        else:
            score.fn += 1
            score.misses.append(g["name"])
    return score, pairs


def _unique_surnames(people: list[dict]) -> Callable[[dict], set[str]]:
    surnames = [fold(g["name"]).split(" ")[-1] for g in people]

    def extra(g: dict) -> set[str]:
        surname = fold(g["name"]).split(" ")[-1]
        return {surname} if surnames.count(surname) == 1 else set()

    return extra


def _role_ok(gold: str | None, pred: str | None) -> bool:
    g, p = fold_role(gold), fold_role(pred)
    if g is None or p is None:
        return g == p
    return g in p or p in g


@dataclass
class Report:
    fields: dict[str, Score] = field(default_factory=lambda: {f: Score() for f in FIELDS})
    roles: Ratio = field(default_factory=Ratio)
    departments: Ratio = field(default_factory=Ratio)
    doc_date: Ratio = field(default_factory=Ratio)
    documents: int = 0


def score_document(doc_id: str, gold: dict, record: dict, report: Report) -> None:
    """Add one release's comparison to `report`; labels carry the release id."""
    tag = f"{doc_id}: "
    parts = {
        "amounts": _one_to_one(
            gold["amounts"], record["amounts"], _same_amount, lambda a: f"{a['text']!r} = {a['value']} {a['currency']}"
        ),
        "dates": _one_to_one(
            gold["dates"], record["dates"], lambda g, p: g["value"] == p["value"], lambda d: f"{d['text']!r} = {d['value']}"
        ),
    }
    parts["organizations"], _ = _by_name(gold["organizations"], record["organizations"], lambda g: set())
    parts["people"], people_pairs = _by_name(gold["people"], record["people"], _unique_surnames(gold["people"]))
    parts["territories"], place_pairs = _by_name(gold["territories"], record["territories"], lambda g: set())
    for name, part in parts.items():
        part.misses = [tag + m for m in part.misses]
        part.false_finds = [tag + f for f in part.false_finds]
        report.fields[name].add(part)
    for g, p in people_pairs:
        report.roles.add(_role_ok(g.get("role"), p.get("role")), f"{tag}{g['name']}: {p.get('role')!r}, expected {g.get('role')!r}")
    for g, p in place_pairs:
        report.departments.add(
            set(g.get("departments", [])) == set(p.get("departments", [])),
            f"{tag}{g['name']}: {p.get('departments')}, expected {g.get('departments')}",
        )
    report.doc_date.add(gold.get("doc_date") == record.get("doc_date"), f"{tag}{record.get('doc_date')}, expected {gold.get('doc_date')}")
    report.documents += 1


def evaluate(pairs: Iterable[tuple[str, dict, dict]]) -> Report:
    """Score `(id, gold, record)` triples, records in their JSON form."""
    report = Report()
    for doc_id, gold, record in pairs:
        score_document(doc_id, gold, record, report)
    return report


def format_table(report: Report) -> str:
    lines = [
        f"{report.documents} releases",
        f"{'field':<14}{'P':>7}{'R':>7}{'F1':>7}{'TP':>6}{'FP':>6}{'FN':>6}",
    ]
    for name, s in report.fields.items():
        lines.append(f"{name:<14}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}{s.tp:>6}{s.fp:>6}{s.fn:>6}")
    for name, ratio in _ratios(report).items():
        lines.append(f"{name + ' accuracy':<23}{ratio.value:>7.3f}  ({ratio.right}/{ratio.total})")
    return "\n".join(lines)


def _ratios(report: Report) -> dict[str, Ratio]:
    return {"roles": report.roles, "departments": report.departments, "doc_date": report.doc_date}


def format_details(report: Report, fields: Sequence[str] | None = None) -> str:
    """Every miss and false find, per field; `fields` narrows the listing."""
    lines: list[str] = []
    for name, s in report.fields.items():
        if fields is None or name in fields:
            lines += [f"[{name}] missed: {m}" for m in s.misses]
            lines += [f"[{name}] false: {f}" for f in s.false_finds]
    roles_of = {"roles": "people", "departments": "territories", "doc_date": "dates"}
    for name, ratio in _ratios(report).items():
        if fields is None or roles_of[name] in fields:
            lines += [f"[{name}] wrong: {w}" for w in ratio.wrong]
    return "\n".join(lines)


def as_dict(report: Report) -> dict:
    scores: dict = {
        name: {"precision": s.precision, "recall": s.recall, "f1": s.f1, "tp": s.tp, "fp": s.fp, "fn": s.fn}
        for name, s in report.fields.items()
    }
    for name, ratio in _ratios(report).items():
        scores[f"{name}_accuracy"] = {"value": ratio.value, "right": ratio.right, "total": ratio.total}
    scores["documents"] = report.documents
    return scores
