"""Build the compact reference of French territories from the official geographic code.

Source: the npm package @etalab/decoupage-administratif (COG data as JSON). The
script fetches it with `npm pack` into a temporary directory (or reads an
unpacked copy given with --source), keeps only what the extractor needs and
writes `pipeline/data/territories.json.gz`, which is committed: no network at
run time.

    python scripts/build_territories.py                 # npm pack the pinned version
    python scripts/build_territories.py --source DIR    # DIR holds package.json and data/
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "@etalab/decoupage-administratif"
VERSION = "6.0.0"
OUT = Path(__file__).resolve().parent.parent / "pipeline" / "data" / "territories.json.gz"

# Former communes merged into a "commune nouvelle" are still used as place names;
# Paris/Lyon/Marseille districts are not communes.
_FORMER_TYPES = {"commune-deleguee", "commune-associee"}


def departement_of(commune_code: str) -> str:
    """The département of an INSEE commune code.

    >>> departement_of("2A004"), departement_of("97105"), departement_of("31555")
    ('2A', '971', '31')
    """
    return commune_code[:3] if commune_code.startswith("97") else commune_code[:2]


def build(source: Path) -> dict:
    """The compact reference from an unpacked package directory (`package.json`, `data/*.json`)."""
    meta = json.loads((source / "package.json").read_text(encoding="utf-8"))
    data = source / "data"

    def read(name: str) -> list[dict]:
        return json.loads((data / f"{name}.json").read_text(encoding="utf-8"))

    # Regions and départements proper (codes of 2 digits, 2A/2B, 971-976); the
    # overseas collectivities (975, 977…) are not départements.
    regions = [[r["code"], r["nom"]] for r in read("regions") if len(r["code"]) == 2]
    departements = [
        [d["code"], d["nom"], d["region"]]
        for d in read("departements")
        if d.get("zone") in ("metro", "drom")
    ]
    kept = {code for code, _, _ in departements}
    communes, former = [], []
    for c in read("communes"):
        if c.get("departement") not in kept:
            continue
        if c["type"] == "commune-actuelle":
            communes.append([c["code"], c["nom"], c["departement"], c.get("population")])
        elif c["type"] in _FORMER_TYPES:
            former.append([c["code"], c["nom"], c["departement"]])
    epci = [
        [e["code"], e["nom"], e["type"], sorted({departement_of(m["code"]) for m in e.get("membres", [])})]
        for e in read("epci")
    ]
    return {
        "source": meta["name"],
        "version": meta["version"],
        "regions": regions,
        "departements": departements,
        "communes": communes,
        "former_communes": former,
        "epci": epci,
    }


def write(reference: dict, out: Path) -> None:
    """Gzip'd compact JSON; mtime 0 so that a rebuild from the same source is byte-identical."""
    payload = json.dumps(reference, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write(payload)


def fetch(version: str, into: Path) -> Path:
    """`npm pack` the package into `into` and unpack it; returns the package directory."""
    subprocess.run(["npm", "pack", f"{PACKAGE}@{version}"], cwd=into, check=True, capture_output=True)
    (tarball,) = into.glob("*.tgz")
    with tarfile.open(tarball) as tar:
        tar.extractall(into, filter="data")
    return into / "package"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, help="unpacked package directory (skips npm)")
    parser.add_argument("--version", default=VERSION, help="package version to fetch")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    if args.source:
        reference = build(args.source)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            reference = build(fetch(args.version, Path(tmp)))
    write(reference, args.out)
    print(
        f"{args.out}: {reference['source']} {reference['version']}, {len(reference['regions'])} regions, "
        f"{len(reference['departements'])} départements, {len(reference['communes'])} communes "
        f"(+{len(reference['former_communes'])} former), "
        f"{len(reference['epci'])} EPCI"
    )


if __name__ == "__main__":
    main()
