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


# Formats whose text is derived from the file: the record keeps that text.
PAGE = """<!DOCTYPE html><html><head><title>x</title><style>p {color: red}</style>
<script>var budget = "9 M€";</script></head><body><h1>La commune investit</h1>
<p>Le conseil a voté&nbsp;2&nbsp;M€ pour l&#8217;école.</p><ul><li>Nantes</li><li>Brest</li></ul></body></html>"""


def test_html_text_is_extracted_with_blocks_on_lines() -> None:
    from pipeline.ingest import from_data

    decoded = from_data(PAGE.encode("utf-8"), Path("page.html"))
    assert decoded.derived == "html"
    assert decoded.raw == "La commune investit\n\nLe conseil a voté\xa02\xa0M€ pour l’école.\n\nNantes\n\nBrest"


def test_html_is_recognised_without_its_suffix() -> None:
    from pipeline.ingest import from_data

    assert from_data(PAGE.encode("utf-8"), Path("page.txt")).derived == "html"


def test_pdf_text_layer() -> None:
    from pipeline.ingest import from_data
    from tests.pdf_fixture import make_pdf

    decoded = from_data(make_pdf(["Brest, le 2 mai 2024", "Un prêt de 300 000 € (sans intérêt)."]), Path("cp.pdf"))
    assert decoded.derived == "pdf" and decoded.encoding == "pdf"
    assert decoded.raw == "Brest, le 2 mai 2024\nUn prêt de 300 000 € (sans intérêt)."


def test_truncated_pdf_is_refused_with_a_reason() -> None:
    from pipeline.ingest import from_data
    from tests.pdf_fixture import make_pdf

    data = make_pdf(["Un texte quelconque."])
    with pytest.raises(IngestError, match="PDF cannot be read"):
        from_data(data[: len(data) // 2], Path("cut.pdf"))


def test_mojibake_is_repaired_and_said() -> None:
    from pipeline.ingest import from_data

    broken = TEXT.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8")
    decoded = from_data(broken, Path("double.txt"))
    assert decoded.raw == TEXT
    assert decoded.derived == "mojibake repaired"


def test_clean_text_is_not_derived() -> None:
    from pipeline.ingest import from_data

    assert from_data(TEXT.encode("utf-8"), Path("ok.txt")).derived is None
