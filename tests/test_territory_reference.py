"""The territories reference: the build script's parsing of its source format, and the committed file."""

from __future__ import annotations

import doctest
import importlib.util
import json
from collections import Counter
from pathlib import Path

import pytest

from pipeline.extractors import territory_reference
from pipeline.extractors.territory_reference import DATA, Reference, fold, read

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "build_territories.py"


@pytest.fixture(scope="module")
def build_script():
    spec = importlib.util.spec_from_file_location("build_territories", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# A tiny package in the source's own JSON format (fields as @etalab/decoupage-administratif ships them).
SOURCE = {
    "package.json": {"name": "@etalab/decoupage-administratif", "version": "9.9.9"},
    "data/regions.json": [
        {"code": "76", "chefLieu": "31555", "nom": "Occitanie", "typeLiaison": 1, "zone": "metro"},
        {"code": "94", "chefLieu": "2A004", "nom": "Corse", "typeLiaison": 0, "zone": "metro"},
        {"code": "04", "chefLieu": "97411", "nom": "La Réunion", "typeLiaison": 0, "zone": "drom"},
        {"code": "975", "nom": "Saint-Pierre-et-Miquelon", "typeLiaison": 0, "zone": "com"},
    ],
    "data/departements.json": [
        {"code": "31", "region": "76", "chefLieu": "31555", "nom": "Haute-Garonne", "typeLiaison": 3, "zone": "metro"},
        {"code": "2A", "region": "94", "chefLieu": "2A004", "nom": "Corse-du-Sud", "typeLiaison": 3, "zone": "metro"},
        {"code": "974", "region": "04", "chefLieu": "97411", "nom": "La Réunion", "typeLiaison": 0, "zone": "drom"},
        {"code": "975", "region": "975", "nom": "Saint-Pierre-et-Miquelon", "typeLiaison": 0, "zone": "com"},
    ],
    "data/communes.json": [
        {"code": "31555", "nom": "Toulouse", "departement": "31", "region": "76", "type": "commune-actuelle",
         "zone": "metro", "population": 504078, "codesPostaux": ["31000"]},
        {"code": "31451", "nom": "Revel", "departement": "31", "region": "76", "type": "commune-actuelle",
         "zone": "metro", "population": 9762},
        {"code": "2A004", "nom": "Ajaccio", "departement": "2A", "region": "94", "type": "commune-actuelle",
         "zone": "metro", "population": 73000},
        {"code": "97411", "nom": "Saint-Denis", "departement": "974", "region": "04", "type": "commune-actuelle",
         "zone": "drom", "population": 153000},
        {"code": "31999", "nom": "Vieux-Bourg", "departement": "31", "region": "76", "type": "commune-deleguee",
         "zone": "metro", "chefLieu": "31451"},
        {"code": "13201", "nom": "Marseille 1er Arrondissement", "departement": "13", "region": "93",
         "type": "arrondissement-municipal", "zone": "metro", "commune": "13055", "population": 37599},
        {"code": "97501", "nom": "Miquelon-Langlade", "departement": "975", "region": "975",
         "type": "commune-actuelle", "zone": "com", "population": 596},
    ],
    "data/epci.json": [
        {"code": "243100518", "nom": "Toulouse Métropole", "type": "METRO", "modeFinancement": "FPU",
         "membres": [{"code": "31555", "siren": "213105554", "nom": "Toulouse"}]},
        {"code": "200000001", "nom": "CA Le Grand Pays Test", "type": "CA", "modeFinancement": "FPU",
         "membres": [{"code": "31451", "nom": "Revel"}, {"code": "2A004", "nom": "Ajaccio"}]},
    ],
}


@pytest.fixture(scope="module")
def built(build_script, tmp_path_factory) -> Path:
    source = tmp_path_factory.mktemp("package")
    for name, content in SOURCE.items():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    out = source / "territories.json.gz"
    build_script.write(build_script.build(source), out)
    return out


def test_build_keeps_what_the_extractor_needs(built):
    data = read(built)
    assert (data["source"], data["version"]) == ("@etalab/decoupage-administratif", "9.9.9")
    assert data["regions"] == [["76", "Occitanie"], ["94", "Corse"], ["04", "La Réunion"]]
    assert [d[0] for d in data["departements"]] == ["31", "2A", "974"]
    assert [c[0] for c in data["communes"]] == ["31555", "31451", "2A004", "97411"]
    assert data["former_communes"] == [["31999", "Vieux-Bourg", "31"]]
    assert data["epci"][1] == ["200000001", "CA Le Grand Pays Test", "CA", ["2A", "31"]]


def test_build_is_byte_reproducible(build_script, built, tmp_path):
    again = tmp_path / "again.json.gz"
    build_script.write(read(built), again)
    assert again.read_bytes() == built.read_bytes()


LOOKUPS = [
    ("haute garonne", "departement", "31"),
    ("corse du sud", "departement", "2A"),
    ("la reunion", "region", "04"),
    ("toulouse", "commune", "31555"),
    ("vieux bourg", "commune", "31999"),
    ("grand pays test", "epci", "200000001"),
    ("toulouse metropole", "epci", "243100518"),
]


@pytest.mark.parametrize(("key", "kind", "code"), LOOKUPS, ids=[k for k, *_ in LOOKUPS])
def test_loader_resolves_folded_names(built, key, kind, code):
    ref = Reference(read(built), ("CA",), ("Métropole",))
    place = ref.lookup(key)[0]
    assert (place.kind, place.code) == (kind, code)


def test_loader_leaves_out_districts_and_collectivities(built):
    ref = Reference(read(built))
    assert ref.lookup(fold("Marseille 1er Arrondissement")) == []
    assert ref.lookup(fold("Miquelon-Langlade")) == []
    assert not ref.is_departement("975")


# ---------------------------------------------------------------- the committed file


@pytest.fixture(scope="module")
def committed() -> dict:
    return read(DATA)


def test_committed_file_is_compact_and_versioned(committed):
    assert DATA.stat().st_size < 3_000_000
    assert committed["source"] == "@etalab/decoupage-administratif"
    assert committed["version"]


def test_committed_departements(committed):
    codes = [d[0] for d in committed["departements"]]
    assert len(codes) == len(set(codes)) == 101
    assert {"2A", "2B", "971", "972", "973", "974", "976"} <= set(codes)
    assert "20" not in codes


def test_committed_regions(committed):
    codes = [r[0] for r in committed["regions"]]
    assert len(codes) == len(set(codes)) == 18
    regions = set(codes)
    assert all(region in regions for _, _, region in committed["departements"])


def test_committed_communes(committed):
    codes = [c[0] for c in committed["communes"]]
    assert len(codes) == len(set(codes)) > 34_000
    departements = {d[0] for d in committed["departements"]}
    assert all(dep in departements and code.startswith(dep[:2]) for code, _, dep, _ in committed["communes"])
    assert Counter(dep for _, _, dep, _ in committed["communes"])["2A"] > 100


def test_committed_epci(committed):
    codes = [e[0] for e in committed["epci"]]
    assert len(codes) == len(set(codes)) > 1_000
    assert all(len(code) == 9 and code.isdigit() for code in codes)


def test_doctests(build_script):
    assert doctest.testmod(territory_reference).failed == 0
    assert doctest.testmod(build_script).failed == 0
