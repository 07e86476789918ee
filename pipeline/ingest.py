"""Read a release's bytes and decode them, or say clearly why it cannot be read."""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass
from pathlib import Path

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


class IngestError(Exception):
    """A file that cannot become a release text; the message says why, for a person."""


@dataclass(frozen=True, slots=True)
class Decoded:
    path: Path
    raw: str
    encoding: str
    sha256: str


def read(path: Path, max_bytes: int) -> Decoded:
    """Read and decode one release file."""
    if path.is_dir():
        raise IngestError("is a directory, not a release file")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise IngestError(f"too large: {size} bytes, the limit is {max_bytes} (max_file_bytes)")
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"cannot be read: {exc.strerror or exc}") from exc
    raw, encoding = decode(data)
    return Decoded(path=path, raw=raw, encoding=encoding, sha256=hashlib.sha256(data).hexdigest())


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
    if not text.strip():
        raise IngestError("empty: the file holds only white space")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > _MAX_CONTROL_SHARE * len(text):
        raise IngestError(f"binary: {controls} control characters in {len(text)}")
    return text, encoding
