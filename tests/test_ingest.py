from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from pipeline.ingest import IngestError, decode, read

TEXT = "Le Département investit 3 000 € à Besançon dès l’été, près de l’église."

DECODES = [
    ("utf-8", TEXT.encode("utf-8"), "utf-8"),
    ("utf-8 with BOM", codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
    ("utf-16 LE with BOM", codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
    ("utf-16 BE with BOM", codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
    ("windows-1252", TEXT.encode("cp1252"), "cp1252"),
]


@pytest.mark.parametrize(("data", "encoding"), [d[1:] for d in DECODES], ids=[d[0] for d in DECODES])
def test_decodes(data: bytes, encoding: str) -> None:
    assert decode(data) == (TEXT, encoding)


REFUSED = [
    ("empty", b"", "empty"),
    ("blank", b" \n\t\n", "empty"),
    ("NUL bytes", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ("control characters", bytes(range(1, 9)) * 20, "binary"),
]


@pytest.mark.parametrize(("data", "reason"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_refuses_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(IngestError, match=reason):
        decode(data)


def test_read_records_hash_and_encoding(tmp_path: Path) -> None:
    path = tmp_path / "cp.txt"
    path.write_bytes(TEXT.encode("utf-8"))
    decoded = read(path, max_bytes=10_000)
    assert decoded.raw == TEXT
    assert decoded.encoding == "utf-8"
    assert len(decoded.sha256) == 64


def test_read_refuses_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("a" * 200)
    with pytest.raises(IngestError, match="too large: 200 bytes"):
        read(path, max_bytes=100)


def test_read_refuses_a_directory(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="directory"):
        read(tmp_path, max_bytes=100)
