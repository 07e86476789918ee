"""People: named persons, their role as the text gives it, and every mention.

Three steps, each on spans of `ctx.text`:
1. candidate names, from the model (PER entities, trimmed and checked) and from
   name shapes the model misses ("Solène KERBRAT", "DUPONT Marie",
   "Dupont-Martin Justine," in a contact block, "MarieDupont" glued);
2. a role for a mention, read after it ("X, présidente de …", "X élue maire de …")
   or before it ("la préfète du Cantal X", "le préfet de région, X");
3. one person per full name, later surname-only mentions merged into it.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache, lru_cache

from spacy.tokens import Doc, Token

from pipeline.context import Context
from pipeline.extractors.found import Found
from pipeline.extractors.lexicon import PATTERNS, alternation, load_yaml
from pipeline.records import Organization, Person

# Latin letters of European names too ("Sørensen", "Muñoz", "Łukasz"): Latin-1 and Latin Extended-A.
_UP = "A-ZÀ-ÖØ-ÞŒŸĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĴĶĹĻĽĿŁŃŅŇŊŌŎŐŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŹŻŽ"
_LOW = "a-zß-öø-ÿœāăąćĉċčďđēĕėęěĝğġģĥħĩīĭįıĵķĺļľŀłńņňŋōŏőŕŗřśŝşšţťŧũūŭůűųŵŷźżž"
# A capitalised word ("Durand", "Jean-Luc") and an upper-case one ("DURAND").
_SYL = rf"[{_LOW}]+(?:(?<=c)'h[{_LOW}]*)?"  # the Breton "c'h" of "Le Floc'h" is one letter
_CAP = rf"(?:[{_UP}]')?(?:Ma?c)?[{_UP}]{_SYL}(?:-[{_UP}]{_SYL})*"  # "O'Neill", "McAllister" too
_UPPER = rf"(?:[{_UP}]')?[{_UP}]{{2,}}(?:-[{_UP}]{{2,}})*"  # "N'GUESSAN" too
_WORD = rf"(?:{_CAP}|{_UPPER})"


@dataclass(frozen=True)
class Lexicon:
    given: frozenset[str]  # folded given names
    heads: re.Pattern[str]  # a role head at a position, prefixes included
    plural_heads: frozenset[str]
    appointment: re.Pattern[str]
    links: frozenset[str]
    determiners: frozenset[str]
    before_role: frozenset[str]  # determiners and contracted articles: "la préfète X", "du préfet X"
    role_stops: frozenset[str]  # pronouns, conjunctions, adverbs, prepositions: the next clause
    finite_verbs: frozenset[str]
    finite_ending: re.Pattern[str]
    civility: re.Pattern[str]
    particle: str  # "de", "van der"…: a regex alternation
    name_word: re.Pattern[str]  # one word of a name: "Durand", "DURAND", "d'Arc", a particle
    not_people: frozenset[str]
    named_after: re.Pattern[str]  # "rue", "lycée"… just before a name: a place named after someone
    speech_before: re.Pattern[str]  # "déclare X", "selon X", "» X"
    speech_after: re.Pattern[str]  # "X a souligné", "X : «"
    kin_before: re.Pattern[str]  # "petite-fille de X"
    kinship: frozenset[str]  # heads of roles that name another person
    contact_heading: re.Pattern[str]  # "Contact presse :" opening a line
    not_name_words: frozenset[str]  # folded: "service", "agence"… never a name on a contact line
    not_role_labels: frozenset[str]  # folded: "De :", "Crédit photo :" label a line, not a person's function


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Case- and accent-free form used for comparing names.

    >>> fold("Hélène  BÉRARD")
    'helene berard'
    """
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


@cache
def lexicon() -> Lexicon:
    data = load_yaml("people.yaml")
    given_lines = (PATTERNS / "given_names.txt").read_text(encoding="utf-8").splitlines()
    heads = data["role_heads"]["singular"] + data["role_heads"]["plural"] + data["kinship"]
    prefix = alternation(data["role_prefixes"])
    speech = alternation(data["speech_verb_stems"])
    personal = alternation(data["personal_speech_stems"])
    particle = alternation(data["particles"])
    stops = data["role_stops"]
    contacts = load_yaml("contacts.yaml")  # the contact extractor's headings and non-name words
    return Lexicon(
        given=frozenset(fold(w) for w in given_lines if w and not w.startswith("#")),
        heads=re.compile(rf"(?<!\w)(?:(?:{prefix})\s+)?(?:{alternation(heads)})(?!\w)", re.I),
        plural_heads=frozenset(fold(w) for w in data["role_heads"]["plural"]),
        appointment=re.compile(rf"(?:(?:{alternation(data['appointment_words'])})\s+)+", re.I),
        links=frozenset(data["role_links"]),
        determiners=frozenset(data["determiners"]),
        before_role=frozenset(data["determiners"] + data["contracted_articles"]),
        role_stops=frozenset(w for kind in ("pronouns", "conjunctions", "adverbs", "prepositions") for w in stops[kind]),
        finite_verbs=frozenset(stops["finite_verbs"]),
        finite_ending=re.compile(rf"[^\W\d_]{{3,}}(?:{alternation(data['finite_endings'])})"),
        civility=re.compile(rf"(?<![\w.])(?:{alternation(data['civilities'])})(?!\w)\s*"),
        particle=particle,
        name_word=re.compile(rf"(?:d')?{_WORD}|{particle}"),
        not_people=frozenset(fold(w) for w in data["not_people"]),
        named_after=re.compile(rf"(?:^|\W)(?<!\bde )(?<!\bdu )(?<!d')(?:{alternation(data['named_after'])})\s*$", re.I),
        speech_before=re.compile(
            rf"(?:(?<!\w)(?:{speech})\w*(?:-t-(?:il|elle))?|(?<!\w)selon|[»\"])[ ,]*$", re.I
        ),
        speech_after=re.compile(rf"[ ]*(?::[ ]*[«\"]|,?[ ]*(?:a|avait|aura)?[ ]*(?:{personal}))", re.I),
        kinship=frozenset(fold(w) for w in data["kinship"]),
        kin_before=re.compile(rf"(?<!\w)(?:{alternation(data['kinship'])})[ ]+(?:de|d')[ ]*$", re.I),
        contact_heading=re.compile(rf"[ \W]*(?:{alternation(contacts['headings'])})(?!\w)", re.I),
        not_name_words=frozenset(fold(w) for w in contacts["not_name_words"] + contacts["institution_words"]),
        not_role_labels=frozenset(fold(w) for w in data["not_role_labels"]),
    )


# --- names -----------------------------------------------------------------


@dataclass(frozen=True)
class Name:
    """A name found at `[start, end)` of ctx.text; `given` empty for a surname alone."""

    start: int
    end: int
    given: str
    surname: str

    @property
    def key(self) -> str:
        """Same person, however written: "Jean-Luc DUPONT" is "Jean Luc Dupont"."""
        return fold(f"{self.given} {self.surname}".replace("-", " "))


def is_given(word: str) -> bool:
    """A given name, compounds included ("Jean-Luc", "MARIE-HÉLÈNE").

    >>> is_given("Jean-Luc"), is_given("Durand")
    (True, False)
    """
    parts = word.split("-")
    return all(fold(p) in lexicon().given for p in parts)


def normal_case(word: str) -> str:
    """Upper-case name words get their normal case; particles stay lower-case.

    >>> normal_case("MOËLLIC"), normal_case("LEROUX-BÉNARD"), normal_case("de"), normal_case("N'DIAYE")
    ('Moëllic', 'Leroux-Bénard', 'de', "N'Diaye")
    """
    if not word.isupper() or len(word) < 2:
        return word
    return "-".join(_capitalised(part) for part in word.split("-"))


def _capitalised(part: str) -> str:
    """ "NDIAYE" → "Ndiaye"; after an elided prefix the capital stays: "N'DIAYE" → "N'Diaye"."""
    prefix = part[:2] if part[1:2] == "'" else ""
    rest = part[len(prefix) :]
    return prefix + rest[:1] + rest[1:].lower()


def _split_name(words: list[str]) -> tuple[str, str] | None:
    """(given, surname) of a name written in either order, or None if the shape tells nothing.

    >>> _split_name(["Solène", "KERBRAT"]), _split_name(["NGUYEN", "Thi"])
    (('Solène', 'Kerbrat'), ('Thi', 'Nguyen'))
    """
    if len(words) < 2:
        return None
    first, last = words[0], words[-1]
    if first.isupper() and not last.isupper() and is_given(last) and len(words) == 2:
        return last, normal_case(first)
    if is_given(first) or (last.isupper() and not first.isupper()):
        n = 1  # "Jean Pierre Dupont": every leading given name is part of the given names
        while n < len(words) - 1 and is_given(words[n]) and not words[n].isupper():
            n += 1
        return " ".join(map(normal_case, words[:n])), " ".join(map(normal_case, words[n:]))
    return None


_GLUED = re.compile(rf"\b([{_UP}][{_LOW}]+)([{_UP}][{_LOW}]+|[{_UP}]{{2,}})\b")
# A French phone number or an e-mail address puts its line in a contact block.
_PHONE = re.compile(r"(?:\+[ ]?33[ ]?(?:\(0\)[ ]?)?|(?<!\d)0)[1-9](?:[ .-]?\d\d){4}(?!\d)")
_EMAIL = re.compile(r"\w@[\w-]+\.")
# A name standing as a field of a contact line: after its start, a colon, a dash or a
# comma, and before a separator, data or the line end ("Agence X – Marie Dupont, 06 …").
_FIELD_BEFORE = re.compile(r"(?:^|[:,–-])[ ]*$", re.M)
_FIELD_AFTER = re.compile(r"[ ]*(?:[,:;(/|–-]|\+|\d|\n|$)")


@lru_cache(maxsize=8)
def _contact_lines(text: str) -> tuple[tuple[int, int], ...]:
    """Lines of contact blocks: one with a phone or an e-mail, the line above it, one opened by a heading."""
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    has_data = [bool(_PHONE.search(text, s, e) or _EMAIL.search(text, s, e)) for s, e in lines]
    heading = lexicon().contact_heading
    return tuple(
        span
        for k, span in enumerate(lines)
        if has_data[k] or k + 1 < len(lines) and has_data[k + 1] or heading.match(text, *span)
    )


def _contact_field(text: str, start: int, end: int) -> bool:
    """`[start, end)` stands as a field of a contact line."""
    line_start = text.rfind("\n", 0, start) + 1
    return (
        any(s == line_start for s, _ in _contact_lines(text))
        and bool(_FIELD_BEFORE.search(text, line_start, start))
        and bool(_FIELD_AFTER.match(text, end))
    )


def _unlisted_given(lex: Lexicon, given: str, surname: str) -> bool:
    """"Aodren KERBRAT" on a contact line: a capitalised word and one in capitals that
    are no civility, role, service, institution or venue word ("Espace CULTUREL")."""
    words = (given, surname)
    return (
        surname.isupper()
        and not given.isupper()
        and not any(fold(w) in lex.not_people or fold(w) in lex.not_name_words or lex.heads.fullmatch(w) for w in words)
        and not lex.civility.fullmatch(given)
        and not lex.named_after.search(given)
    )


def _shape_names(ctx: Context, per: list[tuple[int, int]]) -> list[Name]:
    """Names the model tends to miss, found by shape and the given-name list; `per` are the model's PER spans."""
    lex = lexicon()
    text = ctx.text
    surname = rf"(?:(?i:{lex.particle})\s)?{_WORD}"
    found: list[Name] = []
    # "Solène KERBRAT", "Jean-Luc Dupont", "Marie de La Tour".
    for m in re.finditer(rf"(?<![\w-])({_WORD})[ ]+({surname})(?![\w-])", text):
        given, sur = m.group(1), m.group(2)
        # A given name before any capitalised word ("Marine Nationale") is not enough:
        # the surname in capitals, the model, a photo credit or a contact line must agree.
        listed = is_given(given) and (sur.isupper() or not is_given(sur.split()[-1]))
        if not (listed or sur.isupper()):
            continue
        line = text[text.rfind("\n", 0, m.start()) + 1 : m.start()]
        credit = "©" in line  # "© Studio X - Marie Dupont"
        contact = _contact_field(text, m.start(), m.end())
        evidence = sur.isupper() or credit or contact or _inside((m.start(), m.end()), per)
        if evidence and (listed or contact and _unlisted_given(lex, given, sur)):
            if fold(sur) not in lex.not_people and not lex.heads.fullmatch(sur):
                found.append(Name(m.start(), m.end(), normal_case(given), " ".join(map(normal_case, sur.split()))))
    # "DUPONT Marie" anywhere; "Dupont-Martin Justine" alone on its line (contact blocks).
    for m in re.finditer(rf"(?<![\w-])({_WORD})[ ]+({_CAP})(?![\w-])(?=[ ]*(?:,|\n|$|[ ]+[-–]))", text):
        sur, given = m.group(1), m.group(2)
        own_line = not text[text.rfind("\n", 0, m.start()) + 1 : m.start()].strip()
        if not (sur.isupper() or own_line and re.match(r"[ ]*,?[ ]*(?:\n|$)", text[m.end() :])):
            continue
        if is_given(given) and not is_given(sur) and not lex.heads.fullmatch(sur):
            found.append(Name(m.start(), m.end(), given, normal_case(sur)))
    # "FrancisDupont": a given name glued to the surname.
    for m in _GLUED.finditer(text):
        if is_given(m.group(1)) and not is_given(m.group(2)):
            found.append(Name(m.start(), m.end(), m.group(1), normal_case(m.group(2))))
    return found


_ARTICLE = re.compile(r"(?:l'|le |la )", re.I)
_ROMAN = re.compile(r"(?=[IVX]{2})X{0,3}(?:IX|IV|V?I{0,3})")


def _trim_entity(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop civilities, articles and role words the model left at the edges of a PER span."""
    lex = lexicon()
    while start < end:
        m = lex.civility.match(text, start, end) or _ARTICLE.match(text, start, end)
        head = lex.heads.match(text, start, end)
        if m and m.end() > start:
            start = m.end()
        elif head and (head.end() == end or text[head.end()] in " \n"):
            rest = text[head.end() : end].split()
            if not rest or not is_given(rest[0]):
                return end, end  # a role, not a person
            start = head.end() + 1  # "Préfète Marie Dupont": the role is read apart
        else:
            break
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return start, end


def _entity_names(ctx: Context, per: list[tuple[int, int]]) -> tuple[list[Name], list[Name], list[Name]]:
    """Names the model tags PER: full names, lone words after a civility, and unsure ones.

    A name whose first word is no known given name is unsure unless something
    around it says person (a role, a civility, speech, kinship, an e-mail address).
    """
    lex = lexicon()
    full: list[Name] = []
    single: list[Name] = []
    unsure: list[Name] = []
    for ent_start, ent_end in per:
        line_end = ctx.text.find("\n", ent_start, ent_end)
        start, end = _trim_entity(ctx.text, ent_start, ent_end if line_end < 0 else line_end)
        span = ctx.text[start:end]
        words = span.split()
        if not words or any(ch.isdigit() for ch in span):
            continue
        if not all(lex.name_word.fullmatch(w) for w in words) or any(_ROMAN.fullmatch(w) for w in words[1:]):
            continue  # "Antédon II", "Louis XIV": a ship's or a king's name
        if len(words) == 1:
            if fold(span) not in lex.not_people and _after_civility(ctx.text, start):
                single.append(Name(start, end, "", normal_case(span)))
            continue
        split = _split_name(words)
        if split is not None:
            full.append(Name(start, end, *split))
        elif len(words) <= 3 and not any(fold(w) in lex.not_people or lex.heads.fullmatch(w) for w in words):
            name = Name(start, end, normal_case(words[0]), " ".join(normal_case(w) for w in words[1:]))
            (full if _person_context(ctx, name) else unsure).append(name)
    return full, single, unsure


def _listed_beside(text: str, name: Name, names: list[Name]) -> bool:
    """Next to one of `names` in an enumeration, with only a comma or "et" between."""
    between = re.compile(r"[ ]*(?:,|et)[ ]*")
    return not _inside((name.start, name.end), [(n.start, n.end) for n in names]) and any(
        between.fullmatch(text[name.end : n.start]) or between.fullmatch(text[n.end : name.start]) for n in names
    )


@lru_cache(maxsize=8)
def _email_text(text: str) -> str:
    """The folded local parts of the e-mail addresses in a text, one per line."""
    return "\n".join(fold(m) for m in re.findall(r"[\w.-]+(?=@)", text))


def _person_context(ctx: Context, name: Name) -> bool:
    """Words around a span that only a person has: a role, a civility, speech, kinship, an e-mail."""
    lex = lexicon()
    text = ctx.text
    seen = frozenset({name.start})
    before, after = text[max(0, name.start - 60) : name.start], text[name.end : name.end + 60]
    local = fold(name.surname).replace(" ", "")
    return bool(
        role_after(ctx, name, seen)
        or role_before(ctx, name, seen)
        or _after_civility(text, name.start)
        or lex.speech_before.search(before)
        or lex.speech_after.match(after)
        or lex.kin_before.search(before)
        or len(local) > 2 and local in _email_text(text)
    )


def _after_civility(text: str, start: int) -> bool:
    return bool(re.search(rf"(?:{lexicon().civility.pattern})$", text[max(0, start - 15) : start]))


# --- roles -----------------------------------------------------------------

def _opens_clause(doc: Doc, k: int) -> bool:
    """Token `k` starts the next clause: a pronoun, a conjunction, an adverb, a
    preposition that opens no complement, or a finite verb ("a", "présente",
    "signera"), unless a determiner or a link word before it makes it a noun."""
    lex = lexicon()
    low = doc[k].lower_
    if low in lex.role_stops:
        return True
    finite = low in lex.finite_verbs or lex.finite_ending.fullmatch(low)
    return bool(finite) and not (k > 0 and doc[k - 1].lower_ in lex.links | lex.determiners)


def _continues_after_and(doc: Doc, k: int) -> bool:
    """Token `k`, after "et", goes on with the role: "… et du canal", "… et victimes
    de guerre", not "… et le maire X" nor "… et a signé"."""
    lex = lexicon()
    tok = doc[k]
    if tok.lower_ in lex.links:
        return tok.lower_ not in lex.determiners
    return tok.is_alpha and tok.is_lower and tok.lower_ not in lex.determiners and not _opens_clause(doc, k)


_COMMA_AND = re.compile(r",\s*(?:et\s+)?")


def _role_end(ctx: Context, head_end: int, starts: frozenset[int]) -> int:
    """Where a role phrase that starts with a head ending at `head_end` ends in ctx.text.

    The phrase takes its complements ("de la Région …", "en charge de …"), and
    further roles after a comma when each starts with a head word; it stops where
    the next clause starts, at punctuation, a line end or another person's name.
    """
    lex = lexicon()
    doc: Doc = ctx.doc
    text = ctx.text
    end = head_end
    prev_capitalised = False
    k = bisect_left(range(len(doc)), head_end, key=lambda j: doc[j].idx)
    while k < len(doc):
        tok: Token = doc[k]
        gap = text[end : tok.idx]
        if "\n" in gap or tok.idx in starts:
            break
        low = tok.lower_
        nxt = doc[k + 1] if k + 1 < len(doc) else None
        if tok.text == ",":
            rest = _COMMA_AND.match(text, tok.idx)
            head = lex.heads.match(text, rest.end()) if "\n" not in rest.group() else None
            if not head or head.start() in starts:
                break
            end = head.end()
            k = bisect_left(range(len(doc)), end, key=lambda j: doc[j].idx)
            continue
        glued = not gap and nxt is not None and nxt.idx == tok.idx + len(tok.text)
        if low in lex.links or tok.text == "-" and glued:
            pass  # a complement, or a hyphen inside a name ("Pyrénées-Méditerranée")
        elif tok.text == "–" and nxt is not None and nxt.text[:1].isupper():
            pass
        elif low == "et":
            if nxt is None or nxt.idx in starts or not _continues_after_and(doc, k + 1):
                break
        elif tok.text[:1].isupper() and not tok.is_punct:
            pass  # a proper name, whatever tag the model gives it ("Rodez-1")
        elif tok.is_digit and len(tok.text) <= 2 and prev_capitalised:
            pass  # a numbered canton or district: "canton de Vannes 2"
        elif tok.is_punct or tok.is_space or tok.is_digit or _opens_clause(doc, k):
            break  # participles ("chargée de …", "déléguée à …") stay inside the role
        end = tok.idx + len(tok.text)
        prev_capitalised = tok.text[:1].isupper()
        k += 1
    # A phrase never ends on a link word ("président de" before a stop).
    words = list(re.finditer(r"\S+", text[head_end:end]))
    while words and words[-1].group().lower() in lex.links | {"et", "–"}:
        end = head_end + words[-1].start()
        words.pop()
    while end > head_end and text[end - 1].isspace():
        end -= 1
    return end


# What may stand between a name and the role that follows it.
_AFTER_SEPARATORS = {
    # "X, président de …", "X, le maire de …", "X, 54 ans, éleveur à …"
    "comma": re.compile(r"[ ]*,[ \n]*(?:\d+[ ]ans[ ]*,[ ]*)?(?:(?:le|la)[ ]+|l')?"),
    "dash": re.compile(r"[ ]+[–-][ ]+"),  # "X – directrice de …" (signatures, quotes)
    "bracket": re.compile(r"[ ]*\([ ]*"),  # "X (maire de …)"
    "line": re.compile(r"[ ]*\n[ ]*"),  # a contact block: the name alone on its line, the role on the next
    "space": re.compile(r"[ ]+"),  # only before "élu(e) …"
}


def role_after(ctx: Context, name: Name, starts: frozenset[int]) -> tuple[int, int] | None:
    """"X, présidente de …", "X élue présidente de …": the role span after a name."""
    lex = lexicon()
    text = ctx.text
    alone = not text[text.rfind("\n", 0, name.start) + 1 : name.start].strip()
    for kind, sep in _AFTER_SEPARATORS.items():
        m = sep.match(text, name.end)
        if not m or kind == "line" and not alone:
            continue
        pos = m.end()
        appointed = lex.appointment.match(text, pos)
        head = lex.heads.match(text, pos) if kind != "space" else None
        if head is None and appointed:
            head = lex.heads.match(text, appointed.end())
        if head and head.start() not in starts:
            # "petite-fille de X": the other person's name belongs to the role.
            within = frozenset() if fold(head.group()) in lex.kinship else starts
            return head.start(), _role_end(ctx, head.end(), within)
    return None


def role_before(ctx: Context, name: Name, starts: frozenset[int]) -> tuple[int, int] | None:
    """"la préfète du Cantal X", "le préfet de région, X": an article, a role, the name."""
    lex = lexicon()
    text = ctx.text
    line_start = text.rfind("\n", 0, name.start) + 1
    window_start = max(line_start, name.start - 160)
    best = None
    for head in lex.heads.finditer(text, window_start, name.start):
        before = text[window_start : head.start()].rstrip().rsplit(" ", 1)[-1].lower()
        at_line_start = not text[line_start : head.start()].strip()
        if not (at_line_start or before in lex.before_role):
            continue
        end = _role_end(ctx, head.end(), starts | {name.start})
        if re.fullmatch(r"[ ]*,?[ ]*", text[end : name.start]):
            best = (head.start(), end)
            break  # the farthest head reaching the name holds the whole role
    return best


# --- assembling people -----------------------------------------------------


def _inside(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(s < span[1] and span[0] < e for s, e in spans)


_SPACED_DASH = re.compile(r" [–-] ")


def _hidden_by(text: str, name: Name, orgs: list[tuple[int, int]]) -> bool:
    """Inside an organisation's mention, unless the mention ran over a dash onto a
    contact's name ("Agence X – Marie Dupont, 06 …")."""
    return any(
        s < name.end
        and name.start < e
        and not (_SPACED_DASH.search(text, s, name.start) and _contact_field(text, name.start, name.end))
        for s, e in orgs
    )


def _dedupe(names: list[Name]) -> list[Name]:
    """Keep the longest of overlapping names, first found on ties."""
    kept: list[Name] = []
    for n in sorted(names, key=lambda n: (n.start, -(n.end - n.start))):
        if kept and n.start < kept[-1].end:
            continue
        kept.append(n)
    return kept


def _writings(text: str, pattern: str, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for m in re.finditer(rf"(?<![\w-])(?:{pattern})(?![\w-])", text)]
    return [span for span in spans if not _inside(span, taken)]


def _full_mentions(text: str, name: Name, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Other writings of a full name: either order, any case, glued."""
    given, surname = (r"\s+".join(map(re.escape, part.split())) for part in (name.given, name.surname))
    return _writings(text, rf"(?i:{given}\s*{surname}|{surname}\s+{given})", taken)


_NEXT_WORD = re.compile(rf"[ ]+(?:{_WORD})")


def _surname_mentions(text: str, surname: str, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Mentions of a surname alone, as written or in capitals, not part of another name."""
    lex = lexicon()
    out = []
    for s, e in _writings(text, f"{re.escape(surname)}|{re.escape(surname.upper())}", taken):
        window = text[max(0, s - 80) : s]
        before = re.search(r"(\S+)[ ]+$", window)
        word = before.group(1) if before else ""
        sentence_start = not before or re.search(r"(?:^|[.!?»:\n])\s*\S+[ ]+$", window)
        if word[:1].isupper() and not lex.civility.fullmatch(word):
            if is_given(word) or word.isupper() or not sentence_start:
                continue  # "Jean Dupont" of another person, "Rue Dupont"
        if _NEXT_WORD.match(text, e):
            continue  # "Grand Lorient" for a person named Grand
        out.append((s, e))
    return out


def extract(ctx: Context, organizations: list[Organization]) -> Found[Person]:
    """Named persons of a release, with role and every mention."""
    lex = lexicon()
    text = ctx.text
    orgs = [ctx.text_span(m) for org in organizations for m in org.mentions]
    org_names = {fold(n) for o in organizations for n in [o.name, *o.aliases]}

    def kept(n: Name) -> bool:
        """Not part of an organisation, not a street or a school named after someone."""
        return (
            not _hidden_by(text, n, orgs)
            and fold(text[n.start : n.end]) not in org_names
            and not lex.named_after.search(text[max(0, n.start - 40) : n.start])
        )

    per = [(e.start_char, e.end_char) for e in ctx.doc.ents if e.label_ == "PER"]
    full, single, unsure = _entity_names(ctx, per)
    names = [n for n in _dedupe(full + _shape_names(ctx, per)) if kept(n)]
    # "X, Y et Z, conseillers …": an unsure name listed beside a sure one is a person too.
    while added := [u for u in unsure if kept(u) and _listed_beside(text, u, names)]:
        names = _dedupe(names + added)
        unsure = [u for u in unsure if u not in added]
    # One person per full name; a surname-first writing is the same key.
    by_key: dict[str, list[Name]] = {}
    for n in names:
        by_key.setdefault(n.key, []).append(n)
    taken = [(n.start, n.end) for n in names] + orgs
    for group in by_key.values():
        for s, e in _full_mentions(text, group[0], taken):
            group.append(Name(s, e, group[0].given, group[0].surname))
            taken.append((s, e))
    surnames: dict[str, list[str]] = {}
    for key, group in by_key.items():
        surnames.setdefault(fold(group[0].surname), []).append(key)
    # A surname met only after a civility ("M. Dupont") is a person of its own.
    for n in single:
        if kept(n) and fold(n.surname) not in surnames and not _inside((n.start, n.end), taken):
            by_key[n.key] = [n]
            surnames[fold(n.surname)] = [n.key]
            taken.append((n.start, n.end))
    for key, group in by_key.items():
        if surnames[fold(group[0].surname)] == [key]:
            group += [Name(s, e, "", group[0].surname) for s, e in _surname_mentions(text, group[0].surname, taken)]
        group.sort(key=lambda n: n.start)
    starts = frozenset(n.start for g in by_key.values() for n in g)
    roles = _roles(ctx, by_key, starts)
    people = []
    for key, group in by_key.items():
        best = max(group, key=lambda n: len(n.given))
        people.append(
            Person(
                name=f"{best.given} {best.surname}".strip(),
                role=roles.get(key),
                mentions=[ctx.mention(n.start, n.end) for n in group],
            )
        )
    people.sort(key=lambda p: p.mentions[0].start)
    left_out = [
        f"people: {text[u.start : u.end]!r} at {ctx.mention(u.start, u.end).start} left out: the model says person, "
        "but its first word is no known given name and nothing around it says person"
        for u in unsure
        if kept(u) and not _inside((u.start, u.end), taken)
    ]
    return Found(people, left_out)


_LABEL = re.compile(r"[ \-–—•*#>|]*(?P<label>[^\W\d_][^:\d@\n]{1,60}?)[ ]*:[ ]*$")


def _contact_label(text: str, name: Name) -> tuple[int, int] | None:
    """The span of "Contact presse" in "Contact presse : X – 06 …": a label of at most six
    words before a colon, opening a contact line (or a contact heading) that the name follows."""
    line_start = text.rfind("\n", 0, name.start) + 1
    m = _LABEL.match(text, line_start, name.start)
    if not m or len(m.group("label").split()) > 6 or fold(m.group("label")) in lexicon().not_role_labels:
        return None
    on_contact_line = any(s == line_start for s, _ in _contact_lines(text))
    if not (on_contact_line or lexicon().contact_heading.match(text, line_start, name.start)):
        return None
    return m.span("label")


def _roles(ctx: Context, by_key: dict[str, list[Name]], starts: frozenset[int]) -> dict[str, str]:
    """Each person's first stated role; a plural role after an enumeration goes to all its names.

    A name between two roles ("le maire de X, Jean Dupont, président de Y") gets
    both, in text order: the first stated one leads, and the name may belong to
    either apposition.
    """
    lex = lexicon()
    mentions = sorted(((n, key) for key, g in by_key.items() for n in g), key=lambda p: p[0].start)
    found: dict[int, list[tuple[int, int]]] = {}
    for n, _ in mentions:
        spans = [span for span in (role_before(ctx, n, starts), role_after(ctx, n, starts)) if span]
        if spans:
            found[n.start] = spans
    # "X, Y et Z, conseillers départementaux …": right to left, pass a plural role back.
    for (n, _), (nxt, _) in reversed(list(zip(mentions, mentions[1:]))):
        if n.start in found or nxt.start not in found:
            continue
        role = found[nxt.start][-1]
        head = lex.heads.match(ctx.text, role[0])
        linked = re.fullmatch(r"[ ]*(?:,|et)[ ]*", ctx.text[n.end : nxt.start])
        if linked and head and fold(head.group()) in lex.plural_heads and role[0] > nxt.end:
            found[n.start] = [role]
    # "Contact presse : X", "Cabinet du maire : X – 01 …" with no other role: the label
    # opening the person's contact line is the function the text gives.
    for n, _ in mentions:
        if n.start not in found and (label := _contact_label(ctx.text, n)):
            found[n.start] = [label]
    roles: dict[str, str] = {}
    for n, key in mentions:
        if key not in roles and n.start in found:
            roles[key] = ", ".join(" ".join(ctx.mention(s, e).text.split()) for s, e in found[n.start])
    return roles
