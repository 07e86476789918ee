"""Read a release's bytes and turn them into text, or say clearly why it cannot be done.

Plain text is decoded; HTML and PDF have their text extracted; mojibake is
repaired. When the text is not the decoded file itself, `derived` says how it
was made, and the record carries that text so its offsets stay checkable.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import ftfy
from charset_normalizer import from_bytes

# A BOM settles the encoding before any guessing.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Share of control characters (other than line breaks and tabs) above which a
# decoded text is taken for a binary file that happened to decode.
_MAX_CONTROL_SHARE = 0.01

_HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_HTML_SNIFF = re.compile(rb"^\s*(<!doctype html|<html[\s>])", re.I)


class IngestError(Exception):
    """A file that cannot become a release text; the message says why, for a person."""


@dataclass(frozen=True, slots=True)
class Decoded:
    path: Path
    raw: str
    encoding: str
    sha256: str
    derived: str | None = None  # "html", "pdf", "mojibake repaired": the text is not the file as decoded


def read(path: Path, max_bytes: int) -> Decoded:
    """Read one release file and turn it into text."""
    if path.is_dir():
        raise IngestError("is a directory, not a release file")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise IngestError(f"too large: {size} bytes, the limit is {max_bytes} (max_file_bytes)")
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"cannot be read: {exc.strerror or exc}") from exc
    return from_data(data, path)


def from_data(data: bytes, path: Path) -> Decoded:
    """Turn a release's bytes into text; `path` names it and its suffix picks the format."""
    digest = hashlib.sha256(data).hexdigest()
    suffix = path.suffix.lower()
    if suffix == ".pdf" or data.startswith(b"%PDF-"):
        return Decoded(path, _pdf_text(data), "pdf", digest, derived="pdf")
    text, encoding = decode(data)
    if suffix in _HTML_SUFFIXES or _HTML_SNIFF.match(data[:200]):
        return Decoded(path, _checked(html_text(text)), encoding, digest, derived="html")
    repaired = ftfy.fix_encoding(text)
    if repaired != text:
        return Decoded(path, repaired, encoding, digest, derived="mojibake repaired")
    return Decoded(path, text, encoding, digest)


def decode(data: bytes) -> tuple[str, str]:
    """Decode `data`, returning the text and the encoding used.

    >>> decode("Le café coûte très cher à Besançon, dès l’été.".encode("cp1252"))
    ('Le café coûte très cher à Besançon, dès l’été.', 'cp1252')
    >>> decode(codecs.BOM_UTF8 + "à".encode())
    ('à', 'utf-8-sig')
    """
    if not data.strip():
        raise IngestError("empty: the file holds no text")
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    if encoding is None and b"\x00" in data:
        raise IngestError("binary: the file holds NUL bytes and no UTF-16/32 byte-order mark")
    if encoding is None:
        try:
            data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            best = from_bytes(data).best()
            if best is None:
                raise IngestError("not text: no character encoding decodes it") from None
            encoding = best.encoding
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise IngestError(f"undecodable as {encoding}: {exc.reason} at byte {exc.start}") from exc
    return _checked(text), encoding


_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")  # control characters but tab, line and page ends


def _checked(text: str) -> str:
    if not text.strip():
        raise IngestError("empty: the file holds only white space")
    controls = len(_CONTROLS.findall(text))
    if controls > _MAX_CONTROL_SHARE * len(text):
        raise IngestError(f"binary: {controls} control characters in {len(text)}")
    return text


class _TextOfHtml(HTMLParser):
    """Visible text of a page, a line break at each block element."""

    _SKIP = {"script", "style", "head", "noscript", "template", "svg"}
    _BLOCK = {
        "p", "div", "br", "li", "ul", "ol", "tr", "table", "section", "article", "header", "footer",
        "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "hr", "dd", "dt", "figcaption", "address",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self._SKIP:
            self.skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(re.sub(r"[ \t\r\n\f]+", " ", data))


def html_text(page: str) -> str:
    """The readable text of an HTML page, one block a line.

    >>> html_text("<html><head><title>t</title></head><body><h1>Titre</h1><p>Un&nbsp;texte <b>gras</b>.</p></body></html>")
    'Titre\\n\\nUn\\xa0texte gras.'
    """
    parser = _TextOfHtml()
    parser.feed(page)
    parser.close()
    lines = (line.strip() for line in "".join(parser.parts).split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise IngestError("PDF is encrypted: its text cannot be read")
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise IngestError(f"PDF cannot be read (truncated or damaged?): {exc}") from exc
    text = "\n\n".join(p.strip() for p in pages).strip()
    if not text:
        raise IngestError("PDF has no text layer (a scan?): nothing to extract")
    return _checked(text)
