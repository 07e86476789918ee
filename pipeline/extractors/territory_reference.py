"""The reference of French territories (COG), read from the committed compact file.

`scripts/build_territories.py` builds `pipeline/data/territories.json.gz` from the
@etalab/decoupage-administratif package; this module only reads it and looks
names up, folded so that "Saône et Loire", "saone-et-loire" and "Saône-et-Loire"
meet.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "territories.json.gz"

# Kinds in the order a name shared by several places resolves to:
# "Gard" the département before any commune, a commune before an EPCI.
_PRIORITY = {"region": 0, "departement": 1, "commune": 2, "epci": 3}
_SEPARATORS = re.compile(r"[\s\-'’/]+")


def fold_char(ch: str) -> str:
    """One character, lowercased and without accent; separators become a space.

    Length-preserving, so a folded text keeps the offsets of the text.

    >>> "".join(fold_char(c) for c in "Côte-d'Or")
    'cote d or'
    """
    if ch in "-'’/":
        return " "
    base = unicodedata.normalize("NFD", ch.lower())[0]
    return base if len(base) == 1 else ch.lower()


class _FoldTable(dict):
    """`str.translate`'s table for `fold_char`, filled as characters come."""

    def __missing__(self, code: int) -> str:
        self[code] = folded = fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


def fold_text(text: str) -> str:
    """`fold_char` over a whole text, keeping its offsets.

    >>> fold_text("Côte-d'Or, Œuf")
    'cote d or, œuf'
    """
    return text.translate(_FOLD_TABLE)


def fold(name: str, abbreviations: dict[str, str] | None = None) -> str:
    """The lookup key of a name: lowercase, no accents, one space between words.

    >>> fold("Chalon-sur-Saône") == fold("Chalon sur Saone")
    True
    >>> fold("St-Jean", {"st": "saint"})
    'saint jean'
    >>> fold("Le Fœil")
    'le foeil'
    """
    name = name.replace("œ", "oe").replace("Œ", "Oe").replace("æ", "ae").replace("Æ", "Ae")
    words = _SEPARATORS.sub(" ", fold_text(name)).split()
    if abbreviations:
        words = [abbreviations.get(w, w) for w in words]
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class Place:
    kind: str  # region, departement, commune, epci
    code: str  # INSEE code (SIREN for an EPCI)
    name: str  # the reference's spelling
    departments: tuple[str, ...]  # where it lies
    population: int | None = None  # current communes only


class Reference:
    """Places by folded name; regions, départements and EPCI by code."""

    def __init__(self, data: dict, epci_prefixes: tuple[str, ...] = (), epci_suffixes: tuple[str, ...] = ()):
        self.source = f"{data['source']} {data['version']}"
        self.regions = {code: name for code, name in data["regions"]}
        self.departements = {code: name for code, name, _ in data["departements"]}
        self.epci = {code: name for code, name, _, _ in data["epci"]}
        self._by_key: dict[str, list[Place]] = defaultdict(list)
        in_region = defaultdict(list)
        for code, _, region in data["departements"]:
            in_region[region].append(code)
        for code, name in data["regions"]:
            self._add(Place("region", code, name, tuple(in_region[code])))
        for code, name, _region in data["departements"]:
            self._add(Place("departement", code, name, (code,)))
        for code, name, dep, population in data["communes"]:
            self._add(Place("commune", code, name, (dep,), population))
        for code, name, dep in data["former_communes"]:
            self._add(Place("commune", code, name, (dep,)))
        prefixes = [fold(p) + " " for p in epci_prefixes]
        suffixes = [" " + fold(s) for s in epci_suffixes]
        for code, name, _type, deps in data["epci"]:
            place = Place("epci", code, name, tuple(deps))
            for key in _epci_keys(re.sub(r"\s*\(.*?\)", "", name), prefixes, suffixes):
                self._by_key[key].append(place)
        for places in self._by_key.values():
            places.sort(key=_rank)

    def _add(self, place: Place) -> None:
        self._by_key[fold(place.name)].append(place)

    def lookup(self, key: str) -> list[Place]:
        """Places named `key` (a folded name), the likeliest first."""
        return self._by_key.get(key, [])

    def is_departement(self, code: str) -> bool:
        return code in self.departements


def _rank(place: Place) -> tuple:
    return (_PRIORITY[place.kind], place.population is None, -(place.population or 0))


def _epci_keys(name: str, prefixes: list[str], suffixes: list[str]) -> set[str]:
    """An EPCI's name as releases write it: with or without "CA", "de l'", "Agglomération"…

    >>> sorted(_epci_keys("CA de l'Albigeois", ["ca "], [" agglomeration"]))
    ['albigeois', 'ca de l albigeois']
    >>> sorted(_epci_keys("CU Grand Besançon Métropole", ["cu "], [" metropole"]))
    ['cu grand besancon metropole', 'grand besancon', 'grand besancon metropole']
    """
    key = fold(name)
    keys = {key}
    for prefix in prefixes:
        if key.startswith(prefix):
            key = key[len(prefix) :]
    key = re.sub(r"^(?:de la|de l|du|des|de|d|le|la|les|l) ", "", key)
    keys.add(key)
    for suffix in suffixes:
        if key.endswith(suffix):
            key = key[: -len(suffix)]
    keys.add(key)
    return {k for k in keys if k}


def read(path: Path) -> dict:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return json.load(f)


@cache
def load(path: Path = DATA, epci_prefixes: tuple[str, ...] = (), epci_suffixes: tuple[str, ...] = ()) -> Reference:
    """The reference, read once per process."""
    return Reference(read(path), epci_prefixes, epci_suffixes)
