"""Organisations: companies, public bodies and local authorities, one entry each.

Candidates come from three sources, most trusted first: the curated list of
well-known bodies, rules on how French names institutions and companies
(head noun + proper name, company cues, acronyms and their expansions), and
spaCy's NER (ORG entities, filtered). Overlapping candidates keep the list and
rule matches, longest first; NER fills the gaps. Variants of one body are then
grouped: same kind and name ("Conseil départemental de l'Aude" = "Département
de l'Aude"), an acronym with its expansion, and a bare short form ("la
Région") with the one body of its kind the release names.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from pipeline.context import Context
from pipeline.extractors.found import Found
from pipeline.records import Organization

# Trust ranks: lower wins an overlap.
LIST, RULE, NER = 0, 1, 2


@dataclass(frozen=True, slots=True)
class Candidate:
    """A span of ctx.text that names an organisation."""

    start: int
    end: int
    source: str  # "list", "rule:<name>", "ner"
    key: str  # mentions with one key are one organisation
    kind: str | None = None  # institution kind, which short forms refer to
    short: bool = False  # a bare short form ("la Région")
    variant: bool = False  # kept only as another form of a body already named

    @property
    def rank(self) -> int:
        return {"list": LIST, "ner": NER}.get(self.source, RULE)


# ---------------------------------------------------------------- data


@cache
def _data(name: str) -> dict:
    text = resources.files("pipeline.extractors").joinpath(f"patterns/{name}").read_text("utf-8")
    return yaml.safe_load(text)


def _alternation(words: list[str]) -> str:
    """Longest first, so that the regex prefers "Conseil départemental" to "Conseil"."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def fold(text: str) -> str:
    """Compare names as the scorer does: no case, accents, article, hyphens.

    >>> fold("La  Région Hauts-de-France")
    'region hauts de france'
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[\s\-–]+", " ", text.replace("’", "'")).strip()
    return re.sub(r"^(?:les?|la|l') ?", "", text).strip()


# ---------------------------------------------------------------- regex pieces

_UPPER = "A-ZÀ-ÖØ-Þ"
# A capitalised word: "Occitanie", "Haute-Garonne", "Cyber'Occ", "III", "CNES".
_WORD = rf"(?:[{_UPPER}][\w&']*(?:-\w+)*)"
_PREP = r"(?:de[ ]la[ ]|de[ ]l'|du[ ]|des[ ]|de[ ]|d')"
# What joins the words of one name: "Bouches-du-Rhône", "Côte d'Azur", "Occitanie / Pyrénées-Méditerranée".
_JOIN = rf"(?:[ ]{_PREP}?|[ ]?[/–][ ]?|[ ]sur[ ])"
_NAME = rf"(?:{_WORD}(?:{_JOIN}{_WORD})*)"
_CODE = r"(?:\d{2,3}|2[AB])\b"


@cache
def _institution_regexes() -> list[tuple[str, re.Pattern, re.Pattern | None]]:
    """Per kind: the head-then-name regex and the name-then-head regex."""
    data = _data("organizations.yaml")
    out = []
    for kind, spec in data["institutions"].items():
        if kind == "ministry":
            words = _alternation(data["ministry_words"])
            piece = rf"{_WORD}(?:[ ](?:{words})\b)*"
            name = rf"{_PREP}{piece}(?:(?:,[ ]|[ ]et[ ]){_PREP}{piece})*"
        else:
            extra = _alternation(spec.get("extra", [])) or "(?!)"
            name = rf"{_PREP}?(?:(?:{extra})[ ]{_PREP}?)?(?:{_NAME}|{_CODE})"
        heads = spec.get("before", []) + spec.get("variant", []) + spec.get("short", [])
        before = re.compile(rf"(?<!\w)(?P<head>{_alternation(heads)})(?:[ ](?P<name>{name}))?(?!\w)")
        after = None
        if spec.get("after"):
            after = re.compile(rf"(?<!\w)(?P<name>{_WORD}(?:[ ]{_WORD})*)[ ](?P<head>{_alternation(spec['after'])})(?!\w)")
        out.append((kind, before, after))
    return out


@cache
def _known() -> tuple[re.Pattern, re.Pattern, dict[str, str]]:
    """The curated list: a case-sensitive regex for one-word forms, a
    case-insensitive one for longer names, and each form's organisation."""
    data = _data("organizations_known.yaml")
    owner: dict[str, str] = {}
    words, phrases = [], []
    for section in ("public_bodies", "companies"):
        for forms in data[section]:
            for form in forms:
                owner[fold(form)] = forms[0]
                (phrases if " " in form else words).append(form)
    sensitive = re.compile(rf"(?<![\w'-])(?:{_alternation(words)})(?![\w-])")
    insensitive = re.compile(rf"(?<![\w-])(?:{_alternation(phrases)})(?![\w-])", re.I)
    return sensitive, insensitive, owner


# ---------------------------------------------------------------- candidates


def _list_candidates(text: str) -> list[Candidate]:
    sensitive, insensitive, owner = _known()
    out = []
    for regex in (sensitive, insensitive):
        for m in regex.finditer(text):
            out.append(Candidate(m.start(), m.end(), "list", "list:" + owner[fold(m.group())]))
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop leading function words and titles ("Avec Toulouse Métropole")."""
    data = _data("organizations.yaml")
    skip = {w.lower() for w in data["function_words"] + data["titles"]}
    while start < end:
        m = re.match(r"(\w+'?)[ ]", text[start:end])
        if not m or m.group(1).lower() not in skip:
            break
        start += m.end()
    return start, end


def _institution_candidates(text: str) -> list[Candidate]:
    data = _data("organizations.yaml")["institutions"]
    out = []
    for kind, before, after in _institution_regexes():
        spec = data[kind]
        for m in before.finditer(text):
            head = m.group("head")
            if m.group("name"):
                name = fold(re.sub(rf"^{_PREP}", "", m.group("name")))
                variant = head in spec.get("variant", []) and head not in spec.get("before", [])
                out.append(Candidate(m.start(), m.end(), f"rule:{kind}", f"{kind}:{name}", kind, variant=variant))
            elif head in spec.get("short", []):
                out.append(Candidate(m.start(), m.end(), f"rule:{kind}", f"{kind}:", kind, short=True))
        if after is None:
            continue
        for m in after.finditer(text):
            start, end = _trim(text, m.start(), m.end())
            if start < m.start("head"):
                name = fold(text[start : m.start("head")])
                out.append(Candidate(start, end, f"rule:{kind}", f"{kind}:{name}", kind))
    return out


def _ner_candidates(ctx: Context) -> list[Candidate]:
    data = _data("organizations.yaml")
    not_orgs = {fold(w) for w in data["not_orgs"]}
    heads = re.compile(rf"(?:{_alternation(data['not_org_heads'])})(?!\w)")
    out = []
    for ent in ctx.doc.ents:
        if ent.label_ != "ORG":
            continue
        start, end = ent.start_char, ent.end_char
        end = start + len(ctx.text[start:end].split("\n")[0].rstrip(" »\"',.;:-–"))
        start, end = _trim(ctx.text, start, end)
        span = ctx.text[start:end]
        if not span or not span[0].isupper() or heads.match(span) or fold(span) in not_orgs:
            continue
        if " " not in span and not _acronym_like(span) and ctx.doc.vocab.has_vector(span.lower()):
            continue  # a capitalised common word ("Institution")
        out.append(Candidate(start, end, "ner", "name:" + fold(span)))
    return out


def _acronym_like(word: str) -> bool:
    return sum(c.isupper() for c in word) >= 2


# ---------------------------------------------------------------- resolution


def _resolve(cands: list[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates: list and rules longest first, NER in the gaps."""
    kept: list[Candidate] = []
    order = sorted(cands, key=lambda c: (c.rank == NER, -(c.end - c.start), c.rank, c.start))
    for c in order:
        if all(c.end <= k.start or k.end <= c.start for k in kept):
            kept.append(c)
    return sorted(kept, key=lambda c: c.start)


def _group(cands: list[Candidate]) -> list[list[Candidate]]:
    """Mentions of one body together; short forms join the body of their kind."""
    groups: dict[str, list[Candidate]] = defaultdict(list)
    for c in cands:
        if not c.short:
            groups[c.key].append(c)
    _merge_prefixes(groups)
    result = []
    for key, members in groups.items():
        if all(c.variant for c in members):
            continue
        result.append(members)
    shorts: dict[str, list[Candidate]] = defaultdict(list)
    for c in cands:
        if c.short:
            shorts[c.kind].append(c)
    for kind, members in shorts.items():
        named = [g for g in result if g[0].kind == kind]
        if named:
            max(named, key=lambda g: (len(g), -g[0].start)).extend(members)
        else:
            result.append(members)
    return result


def _merge_prefixes(groups: dict[str, list[Candidate]]) -> None:
    """"Région Occitanie" and "Région Occitanie / Pyrénées-Méditerranée" are one body."""
    for key in sorted(groups, key=len):
        kind, _, name = key.partition(":")
        for other in sorted(groups, key=len, reverse=True):
            if other != key and other.startswith(f"{kind}:{name} ") and key in groups:
                groups[other].extend(groups.pop(key))
                break


def _organization(ctx: Context, members: list[Candidate]) -> Organization:
    members = sorted(members, key=lambda c: c.start)
    mentions = [ctx.mention(c.start, c.end) for c in members]
    named = [(c, m) for c, m in zip(members, mentions) if not c.short] or list(zip(members, mentions))
    best, best_mention = max(named, key=lambda cm: (len(cm[1].text), -cm[0].rank))
    name = " ".join(best_mention.text.split())
    aliases: dict[str, str] = {}
    for m in mentions:
        form = " ".join(m.text.split())
        if fold(form) != fold(name):
            aliases.setdefault(fold(form), form)
    return Organization(name=name, aliases=list(aliases.values()), mentions=mentions, source=best.source)


def extract(ctx: Context) -> Found[Organization]:
    text = ctx.text
    cands = _list_candidates(text) + _institution_candidates(text) + _ner_candidates(ctx)
    groups = _group(_resolve(cands))
    orgs = [_organization(ctx, g) for g in groups]
    return Found(sorted(orgs, key=lambda o: o.mentions[0].start))
