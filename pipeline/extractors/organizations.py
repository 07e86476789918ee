"""Organisations: companies, public bodies and local authorities, one entry each.

Candidates come from three sources, most trusted first: the curated list of
well-known bodies, rules on how French names institutions and companies
(head noun + proper name, company cues, beneficiaries of funding lists,
acronyms and their expansions), and spaCy's NER (ORG entities, filtered).
Buildings named after a body ("Hôtel de Région") block the words they hold.
Overlapping candidates keep the list and rule matches, longest first; NER
fills the gaps. Variants of one body are then grouped: same kind and name
("Conseil départemental du Finistère" = "Département du Finistère"), an acronym with
its expansion, and a bare short form ("la Région") with the one body of its
kind the release names.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from pipeline.context import Context
from pipeline.extractors.found import Found
from pipeline.extractors.org_patterns import (
    ACRONYM_SITE,
    ALLCAPS_RUN,
    CODE_AFTER,
    NAME_RE,
    PREP,
    UPPER,
    about_regex,
    acronym_expansion,
    after_dash,
    apposition_regex,
    beneficiary_regex,
    branch_owners,
    branch_regex,
    building_regex,
    club_regex,
    complement_before,
    cue_regex,
    data,
    fold,
    funded_item_regex,
    given_names,
    institutions,
    known_matches,
    known_owner,
    legal_form_before_regex,
    legal_form_regex,
    legal_tail,
    list_item_regex,
    looks_like_person,
    name_key,
    names_a_body,
    not_org,
    plural_cue_regex,
    programme_before,
    title_capitals,
    titles,
    trim,
)
from pipeline.extractors.territory_reference import fold as place_key
from pipeline.extractors.territory_rules import reference
from pipeline.records import Organization

# Trust ranks: lower wins an overlap.
BLOCK, LIST, RULE, NER = -1, 0, 1, 2


@dataclass(frozen=True, slots=True)
class Candidate:
    """A span of ctx.text that names an organisation."""

    start: int
    end: int
    source: str  # "list", "rule:<name>", "ner"; "block" holds words that name nothing
    key: str  # mentions with one key are one organisation
    kind: str | None = None  # institution kind, which short forms refer to
    short: bool = False  # a bare short form ("la Région")
    alone: bool = True  # a short form that names a body even when no body of its kind is named
    variant: bool = False  # kept only as another form of a body already named

    @property
    def rank(self) -> int:
        return {"block": BLOCK, "list": LIST, "ner": NER}.get(self.source, RULE)


# ---------------------------------------------------------------- candidates


def _list_candidates(ctx: Context) -> list[Candidate]:
    out = []
    for start, end in known_matches(ctx.text):
        form = ctx.text[start:end]
        if form.islower():  # "le monde rural" is not "Le Monde"
            continue
        body = known_owner(form)
        out.append(_branch(ctx, start, end, body) or Candidate(start, end, "list", "list:" + body))
    return out


def _branch(ctx: Context, start: int, end: int, body: str) -> Candidate | None:
    """"ARS Bretagne", "Caisse d'allocations familiales de la Sarthe": a body's local branch,
    keyed under the body so that a bare "l'ARS" joins it."""
    place = branch_regex().match(ctx.text, end) if body in branch_owners() else None
    if place is None or trim(ctx.text, *place.span("place"))[0] != place.start("place"):
        return None
    branch_end = _cut_at_person(ctx, place.start("place"), place.end())
    if branch_end <= place.start("place"):
        return None
    name = fold(ctx.text[place.start("place") : branch_end])
    return Candidate(start, branch_end, "list", f"list:{body} {name}", kind="list:" + body)


def _building_candidates(text: str) -> list[Candidate]:
    return [Candidate(m.start(), m.end(), "block", "block") for m in building_regex().finditer(text)]


def _institution_candidates(ctx: Context) -> list[Candidate]:
    text, out = title_capitals(ctx.text), []  # "VILLE DE CHAMBÉRY" is read as "Ville de Chambéry"
    for inst in institutions():
        kind = inst.kind
        before, after = inst.heads_in(text)
        for m in inst.before.finditer(text) if before else ():
            head = m.group("head")
            if inst.not_after and inst.not_after.search(text, 0, m.start()):
                continue
            if head.isupper() and _inside_caps_run(text, m.start(), m.end("head")):
                continue  # "AS" in "SOFTWARE AS A SERVICE"
            if _CAPS_BEFORE.search(ctx.text, max(0, m.start() - 40), m.start()) and ctx.text[m.start("head")].isupper():
                continue  # "PRÉFÈTE DE LA RÉGION …" names a role: only a heading opens with its body
            if m.group("name"):
                end = _cut_at_dash(text, m.start("name"), m.end())
                end = end if inst.spec.get("people_names") else _cut_at_person(ctx, m.start("name"), end)
                end = _known_epci_end(text, m.start("name"), end)
                dash = _SPACED_DASH.search(ctx.text, m.start("name"), end)
                if dash and ctx.text[m.start() : end].isupper():  # a header in capitals: "X DE Y – Z" is two names
                    end = dash.start()
                name = fold(re.sub(rf"^{PREP}", "", text[m.start("name") : end]))
                if name:
                    if inst.spec.get("keep_head"):  # "Centre X" and "Institut X" are two bodies
                        name = fold(head) + " " + name
                    key = f"{kind}:{name}"
                    out.append(Candidate(m.start(), end, f"rule:{kind}", key, kind, variant=inst.is_variant(head)))
                    continue
            if inst.is_short(head):
                out.append(Candidate(m.start(), m.end("head"), f"rule:{kind}", f"{kind}:", kind, short=True))
        for m in inst.after.finditer(text) if after else ():
            start, end = trim(text, m.start(), m.end())
            if text[start:end].split()[0] in inst.spec.get("not_first", ()):
                continue
            if start < m.start("head"):
                name = fold(text[start : end if inst.spec.get("keep_head") else m.start("head")])
                out.append(Candidate(start, end, f"rule:{kind}", f"{kind}:{name}", kind))
    return out


_AND_MORE = re.compile(rf"[ ]et[ ]{PREP}{NAME_RE.pattern}")


def _known_epci_end(text: str, start: int, end: int) -> int:
    """Where a name ends that goes on with "et du …" when the reference knows it whole:
    "communauté de communes de la Champagne Conlinoise et du Pays de Sillé"."""
    more = _AND_MORE.match(text, end)
    if more:
        name = re.sub(rf"^{PREP}", "", text[start : more.end()])
        if any(place.kind == "epci" for place in reference().lookup(place_key(name))):
            return more.end()
    return end


_SPACED_DASH = re.compile(r"[ ]+[–-][ ]+")
_CAPS_BEFORE = re.compile(rf"[{UPPER}]{{2,}}[ ]+(?:(?:DE|DU|DES|LA|LE|L'|D')[ ]*)*$")


def _cut_at_dash(text: str, start: int, end: int) -> int:
    """End a name at a dash before what names no body: "Agence Rivages – Chloé Marchand",
    "Ville de Sainte-Anne – Communiqué", "Mairie de Plouha – Service communication"."""
    for dash in re.finditer(r"[ ]?[–/][ ]?", text[start:end]):
        rest = text[start + dash.end() : end]
        first = rest.split()[0]
        if not_org(rest) or looks_like_person(rest) or first.split("-")[0] in given_names() or first in after_dash():
            return start + dash.start()
    return end


def _cut_at_person(ctx: Context, start: int, end: int) -> int:
    """End a name where a person's name starts ("Région Normandie Jeanne Morvan",
    "Département Jeanne DURAND")."""
    for ent in ctx.doc.ents:
        if ent.label_ == "PER" and start < ent.start_char < end:
            end = ent.start_char
    words = list(re.finditer(r"\S+", ctx.text[start:end]))
    for first, second in pairwise(words):
        pair = f"{first.group()} {second.group()}"
        if looks_like_person(pair) or (first.group() in given_names() and second.group()[:1].isupper()):
            end = start + first.start()
            break
    return len(ctx.text[:end].rstrip(" ,-–"))


def _named(ctx: Context, start: int, end: int, source: str, places: bool = False, quoted: bool = False) -> Candidate | None:
    """A candidate for a name that its context says is a body's, unless it is a
    person's (by its shape, not by the NER, which errs on unknown names), a
    programme's, or, when `places` may stand there, a place's by the NER.
    Quotation marks bound a name exactly; otherwise leading function words go."""
    if not quoted:
        start, end = trim(ctx.text, start, end)
    name = ctx.text[start:end]
    if not name or not_org(name) or looks_like_person(name) or _given_name_first(name):
        return None
    if places and not name.isupper() and _entity(ctx, start, end) == "LOC":
        return None
    return Candidate(start, end, source, name_key(name))


def _given_name_first(name: str) -> bool:
    words = name.split()
    return 2 <= len(words) <= 3 and words[0].split("-")[0] in given_names()


def _entity(ctx: Context, start: int, end: int) -> str | None:
    """The NER label of an entity covering [start, end), if any."""
    return next((e.label_ for e in ctx.doc.ents if e.start_char <= start and end <= e.end_char), None)


def _any_entity(ctx: Context, start: int, end: int) -> bool:
    return any(e.start_char < end and start < e.end_char for e in ctx.doc.ents)


_AND_BEFORE = re.compile(r"(?:,|\bet)[ ]*$")


def _listed_with_person(ctx: Context, start: int, end: int) -> bool:
    """"… par Claire Vautrin et Idris Benali, la société …": a name the model calls a
    person, listed after another it calls a person, is not the body in apposition."""
    if _entity(ctx, start, end) != "PER":
        return False
    before = _AND_BEFORE.search(ctx.text, max(0, start - 5), start)
    if before is None:
        return False
    return any(
        e.label_ == "PER" and e.end_char <= before.start() and not ctx.text[e.end_char : before.start()].strip()
        for e in ctx.doc.ents
    )


def _cue_candidates(ctx: Context) -> list[Candidate]:
    """"la société Servalis", "l'association « Les Amis du Canal »", "Servalis, l'entreprise …",
    "les supporters des Albatros"."""
    found = [
        _named(ctx, *m.span(m.lastgroup), "rule:cue", quoted=m.lastgroup == "quoted")
        for m in cue_regex().finditer(ctx.text)
    ]
    for m in plural_cue_regex().finditer(ctx.text):  # "les entreprises Manitou, Lisi et Daher"
        names = NAME_RE.finditer(ctx.text, m.start("names"), m.end("names"))
        found += [_named(ctx, *name.span(), "rule:cue") for name in names]
    appositions = apposition_regex().finditer(ctx.text)  # "Albi, la collectivité …" names a town
    for m in appositions:
        c = _named(ctx, *m.span("name"), "rule:apposition", places=True)
        # "Selon Dupont, la société …": a complement; "… par A et B, la société …": people.
        complement = c and complement_before().search(ctx.text, max(0, c.start - 12), c.start)
        if c and not complement and not _listed_with_person(ctx, c.start, c.end):
            found.append(c)
    found += [_named(ctx, *m.span("name"), "rule:club", places=True) for m in club_regex().finditer(ctx.text)]
    found += [_named(ctx, *m.span("name"), "rule:about") for m in about_regex().finditer(ctx.text)]
    return [c for c in found if c]


def _legal_form_candidates(ctx: Context) -> list[Candidate]:
    """"Durand Frères SARL", "la SCOP Menuiseries Roux": a name with its legal form is a
    company's; a bare form ("la SCOP") stands only for a company of that form named."""
    out = []
    for m in legal_form_regex().finditer(ctx.text):
        named = _named(ctx, m.start(), m.end("name"), "rule:legal")
        if named:
            out.append(Candidate(named.start, m.end(), named.source, named.key))
    for m in legal_form_before_regex().finditer(ctx.text):
        kind = "legal:" + m.group("form")
        if m.group("name"):  # the form says it is a company, whatever its words ("SAS Chantier Naval")
            end = _cut_at_person(ctx, m.start("name"), m.end())
            out.append(Candidate(m.start(), end, "rule:legal", name_key(ctx.text[m.start("name") : end]), kind))
        else:
            out.append(Candidate(m.start(), m.end("form"), "rule:legal", kind + ":", kind, short=True, alone=False))
    return out


def _beneficiary_candidates(ctx: Context) -> list[Candidate]:
    """Beneficiaries and partners in funding lists: "12 000 € à DUPONT SAS à Évreux (27)",
    "porté par Ardoisia (49) et Vendalis (85)", and list items "- DUPONT - menuiserie"."""
    text, out = ctx.text, []
    for m in beneficiary_regex().finditer(text):
        places = m.group("cue") in data()["funding_cues"]  # "500 000 € à Rennes" funds a town
        out.append(_named(ctx, *m.span("name"), "rule:beneficiary", places))
        pos = m.end()
        while more := CODE_AFTER.match(text, pos):
            out.append(_named(ctx, *more.span("name"), "rule:beneficiary", places))
            pos = more.end()
    for m in list_item_regex().finditer(text):
        out.append(_named(ctx, *m.span("name"), "rule:beneficiary"))
    for m in funded_item_regex().finditer(text):
        # "- Ally : 50 000 €" funds a commune, "- Chiffre d'affaires : 61 M€" is a key figure:
        # a beneficiary is no known place, and the model reads a name there.
        if _any_entity(ctx, *m.span("name")) and not reference().lookup(place_key(m.group("name"))):
            out.append(_named(ctx, *m.span("name"), "rule:beneficiary", places=True))
    return [c for c in out if c]


def _ner_candidates(ctx: Context) -> list[Candidate]:
    places = {fold(e.text) for e in ctx.doc.ents if e.label_ == "LOC"}
    spans = []
    for ent in ctx.doc.ents:
        if ent.label_ != "ORG":
            continue
        start = ent.start_char
        end = start + len(ctx.text[start : ent.end_char].split("\n")[0].rstrip(" »\"',.;:-–"))
        start, end = trim(ctx.text, start, end)
        span = ctx.text[start:end]
        if len(span) < 2 or not span[0].isupper() or not_org(span) or _common_word(ctx, span) or _wording(span):
            continue
        if re.search(r" [-–] |\d$|[|«]", span) or _inside_caps_run(ctx.text, start, end):
            continue
        if fold(span) in places:  # "Occitanie" tagged ORG here and LOC there
            continue
        if looks_like_person(span) or _given_name_first(span):  # the people extractor trusts these
            continue
        if " " not in span and fold(span) in _surnames(ctx.text):  # "Nguyen", after "Linh Nguyen"
            continue
        spans.append((start, end, span))
    products = {span for _, _, span in spans if _named_as_product(ctx.text, span)}
    return [Candidate(start, end, "ner", name_key(span)) for start, end, span in spans if span not in products]


def _named_as_product(text: str, name: str) -> bool:
    """Some mention of `name` follows a programme's or a product's word ("la ligne Canal
    Express"): every mention is then the product's."""
    return any(_after_programme(text, m.start()) for m in re.finditer(rf"(?<![\w-]){re.escape(name)}", text))


@lru_cache(maxsize=8)
def _surnames(text: str) -> frozenset[str]:
    """The words written after a given name or a civility ("Linh Nguyen", "Mme Nguyen"):
    a person's surname alone later is no organisation."""
    pairs = re.finditer(rf"(?<![\w-])([{UPPER}][\w-]*\.?)(?=[ ]([{UPPER}][\w'-]+))", text)
    civilities = data()["civilities"]
    named = (m.group(2) for m in pairs if m.group(1).split("-")[0] in given_names() or m.group(1) in civilities)
    return frozenset(fold(name) for name in named) - {""}


def _common_word(ctx: Context, span: str) -> bool:
    """A capitalised common word ("Institution", "DEVELOPPEMENT"), not a name.

    Short all-capital words are acronyms even when the vocabulary knows them."""
    if " " in span or (span.isupper() and len(span) <= 5):
        return False
    return ctx.doc.vocab.has_vector(span.lower())


def _wording(span: str) -> bool:
    """A stretch of a sentence rather than a name: it holds a title ("Économie et de
    la ministre de la") or ends on a linking word."""
    words = re.findall(r"[\w-]+'?", span.lower())
    return bool(set(words) & titles()) or words[-1] in ("de", "du", "des", "la", "le", "les", "l'", "d'", "et")


def _inside_caps_run(text: str, start: int, end: int) -> bool:
    """Part of a longer run of capitals: a heading or a project name."""
    run = next((run for run in _caps_runs(text) if run[0] <= start < run[1]), None)
    return run is not None and (run[0] < start or run[1] > end)


@lru_cache(maxsize=8)
def _caps_runs(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(m.span() for m in ALLCAPS_RUN.finditer(text))


def _after_programme(text: str, start: int) -> bool:
    """"dispositif « Cap Export »", "Prime à l'Installation": a programme's name."""
    return programme_before().search(text, max(0, start - 60), start) is not None


# ---------------------------------------------------------------- acronyms


def _acronyms(ctx: Context, kept: list[Candidate]) -> tuple[list[Candidate], set[str], set[str]]:
    """Read "Long Name (LN)": the mentions of LN and of a new expansion, the
    acronyms so read, and those that name no body ("véhicules légers (VL)")."""
    text, new, read, blocked = ctx.text, [], set(), set()
    ends = {c.end: c for c in kept if not c.short and c.source != "block"}
    for m in ACRONYM_SITE.finditer(text):
        acr = m.group("acr")
        # "Agence régionale de santé (ARS) de Normandie": a branch holds its body's acronym.
        owner = ends.get(m.start()) or next((c for c in kept if c.start < m.start() and m.end() < c.end), None)
        if not_org(acr):
            blocked.add(acr)
            continue
        listed = known_owner(acr)
        if listed and owner and "list:" + listed not in (owner.key, owner.kind):
            continue  # "la Région Bretagne (AFP)": a source, not an acronym of the region
        if owner is None:
            expansion = acronym_expansion(text, m.start(), acr)
            if expansion is None:
                continue
            owner = _named(ctx, *expansion, "rule:acronym") if names_a_body(text[slice(*expansion)]) else None
            if owner is None:
                blocked.add(acr)
                continue
            new.append(owner)
        read.add(acr)
        for occ in re.finditer(rf"(?<![\w-]){re.escape(acr)}(?![\w-])", text):
            new.append(Candidate(occ.start(), occ.end(), "rule:acronym", owner.key, owner.kind))
    return new, read, blocked


# ---------------------------------------------------------------- echoes


def _echoes(ctx: Context, kept: list[Candidate]) -> list[Candidate]:
    """The later bare mentions of a body named once by a cue: "Lumisens SAS, jeune pousse
    …" then "Lumisens vise …". Only the exact writing, or it without its legal form; never
    where the model reads a place or a person."""
    text = ctx.text
    taken = [(c.start, c.end) for c in kept]
    forms: dict[str, Candidate] = {}
    for c in kept:
        if c.short or c.source in ("list", "block"):
            continue  # listed forms are all found already; short forms are no names
        name = text[c.start : c.end]
        for form in (name, legal_tail().sub("", name)):
            if len(form) >= 3 and form[:1].isupper() and not not_org(form) and form not in given_names():
                forms.setdefault(form, c)
    echoes = []
    for form, owner in sorted(forms.items(), key=lambda fo: (-len(fo[0]), fo[0])):  # "X SAS" before "X"
        for m in re.finditer(rf"(?<![\w-]){re.escape(form)}(?![\w-])", text):
            if any(s < m.end() and m.start() < e for s, e in taken) or _entity(ctx, *m.span()) in ("LOC", "PER"):
                continue
            echoes.append(Candidate(m.start(), m.end(), "rule:echo", owner.key, owner.kind))
            taken.append(m.span())
    return echoes


# ---------------------------------------------------------------- resolution


def _resolve(cands: list[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates: blocks, then list and rules longest first, NER in the gaps."""
    kept: list[Candidate] = []
    order = sorted(cands, key=lambda c: (c.rank == BLOCK, c.rank != NER, c.end - c.start, -c.rank), reverse=True)
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
    _merge_variants(groups)
    result = [members for members in groups.values() if not all(c.variant for c in members)]
    shorts: dict[str, list[Candidate]] = defaultdict(list)
    for c in cands:
        if c.short:
            shorts[c.kind].append(c)
    for kind, members in shorts.items():
        named = [g for g in result if any(c.kind == kind for c in g)]
        alone = any(c.alone for c in members)
        if len(named) == 1 or (named and alone):
            max(named, key=lambda g: (len(g), -g[0].start)).extend(members)
        elif alone:  # a form that never stands alone ("la SAS") is dropped when ambiguous
            result.append(members)
    return result


def _merge_variants(groups: dict[str, list[Candidate]]) -> None:
    """One body under two names of one kind: "Région Occitanie" and "Région Occitanie /
    Pyrénées-Méditerranée"; "Conseil départemental du 29" and the one département named."""
    for key in sorted(groups, key=len):
        kind, _, name = key.partition(":")
        if kind == "list":  # a bare "l'ARS" and the one branch named, "ARS Bretagne"
            branches = [k for k in groups if k.startswith(key + " ")]
            if len(branches) == 1:
                groups[branches[0]].extend(groups.pop(key))
            continue
        if kind == "name":
            continue
        same_kind = [k for k in groups if k != key and k.startswith(kind + ":")]
        longer = [k for k in same_kind if k.startswith(f"{kind}:{name} ")]
        if not longer and re.fullmatch(r"\d{2,3}|2[ab]", name) and len(same_kind) == 1:
            longer = same_kind
        if longer:
            groups[max(longer, key=len)].extend(groups.pop(key))


def _organization(ctx: Context, members: list[Candidate]) -> Organization:
    members = sorted(members, key=lambda c: c.start)
    mentions = [ctx.mention(c.start, c.end) for c in members]
    named = [(c, m) for c, m in zip(members, mentions) if not c.short] or list(zip(members, mentions))
    best, best_mention = max(named, key=lambda cm: (len(cm[1].text), -cm[0].rank))
    name = _plain(best_mention.text)
    aliases: dict[str, str] = {}
    for m in mentions:
        form = _plain(m.text)
        if fold(form) != fold(name):
            aliases.setdefault(fold(form), form)
    return Organization(name=name, aliases=list(aliases.values()), mentions=mentions, source=best.source)


def _plain(mention: str) -> str:
    """A mention as a name: single spaces, and no acronym in brackets inside it
    ("Agence régionale de santé (ARS) de Normandie")."""
    return re.sub(r" \([^()]*\)(?= )", "", " ".join(mention.split()))


def extract(ctx: Context) -> Found[Organization]:
    text = ctx.text
    cands = (
        _building_candidates(text)
        + _list_candidates(ctx)
        + _institution_candidates(ctx)
        + _cue_candidates(ctx)
        + _beneficiary_candidates(ctx)
        + _legal_form_candidates(ctx)
        + _ner_candidates(ctx)
    )
    kept = _resolve(cands)
    more, read, blocked = _acronyms(ctx, kept)
    kept = [c for c in kept if text[c.start : c.end] not in read | blocked]
    kept = [c for c in _resolve(kept + more) if c.source != "block"]
    kept = sorted(kept + _echoes(ctx, kept), key=lambda c: c.start)
    orgs = [_organization(ctx, g) for g in _group(kept)]
    return Found(sorted(orgs, key=lambda o: o.mentions[0].start))
