"""The record contract: pydantic models of what one release yields.

Every span is `[start, end)` in characters of the decoded raw text. A record
validated with ``context={"raw": text}`` refuses any span whose text is not
exactly ``raw[start:end]``; that is how grounding is enforced, not hoped for.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationInfo,
    field_validator,
    model_validator,
)

SCHEMA_VERSION = "1.0"


def _decimal_to_json(value: Decimal) -> int | float:
    """Money stays a Decimal inside; JSON gets an integer when it is one."""
    return int(value) if value == value.to_integral_value() else float(value)


JsonDecimal = Annotated[Decimal, PlainSerializer(_decimal_to_json, return_type=int | float)]


class _Model(BaseModel):
    # Nested items are validated again inside a record, so grounding is always checked.
    model_config = ConfigDict(extra="forbid", frozen=True, revalidate_instances="always")


class Mention(_Model):
    """A piece of the source: its exact text and where it stands."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)

    @model_validator(mode="after")
    def _grounded(self, info: ValidationInfo) -> Mention:
        if self.end <= self.start:
            raise ValueError(f"empty or inverted span [{self.start}, {self.end})")
        raw = (info.context or {}).get("raw")
        if raw is not None and raw[self.start : self.end] != self.text:
            raise ValueError(
                f"span [{self.start}, {self.end}) reads {raw[self.start:self.end]!r}, "
                f"not {self.text!r}"
            )
        return self


class Amount(Mention):
    value: JsonDecimal
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    qualifier: str | None = None  # "plus de", "environ"… never folded into the value
    rate: str | None = None  # "par an", "/mois"
    range: Literal["low", "high"] | None = None  # which end of "entre X et Y"
    sentence: Mention | None = None


class DateMention(Mention):
    value: str = Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?$")
    granularity: Literal["day", "month", "year", "period"]
    resolved: str | None = None  # how a partial date got its year, when it did


class Organization(_Model):
    name: str
    aliases: list[str] = []
    mentions: list[Mention]
    source: str | None = None  # "ner", "rule:<name>", "list"


class Person(_Model):
    name: str
    role: str | None = None
    mentions: list[Mention]


class Territory(_Model):
    name: str
    departments: list[str] = []
    mentions: list[Mention]
    kind: Literal["region", "departement", "commune", "epci", "territory", "country", "other"] | None = None
    code: str | None = None  # INSEE code when the name resolves to one
    group: str | None = None  # heading of the list the place was read from

    @field_validator("departments")
    @classmethod
    def _codes(cls, codes: list[str]) -> list[str]:
        for code in codes:
            if not (code.isdigit() and len(code) in (2, 3)) and code not in ("2A", "2B"):
                raise ValueError(f"not a département code: {code!r}")
        return codes


class Quote(Mention):
    """A quoted statement, quotation marks included, and who said it when the text says."""

    speaker: str | None = None


class Contact(_Model):
    """A press contact block: phones in E.164, e-mails as written."""

    name: str | None = None
    organization: str | None = None
    phones: list[str] = []
    emails: list[str] = []
    mentions: list[Mention]


class Source(_Model):
    path: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")  # of the file's bytes
    encoding: str  # "pdf" for a PDF's text layer
    derived: str | None = None  # how the text was made when it is not the decoded file: html, pdf, mojibake repaired


class Record(_Model):
    """Everything one release yields. Items are ordered by offset."""

    schema_version: Literal["1.0"] = SCHEMA_VERSION
    id: str
    source: Source
    title: str | None
    doc_date: str | None = Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    doc_date_line: Mention | None = None  # the dateline or header the issue date came from
    amounts: list[Amount]
    dates: list[DateMention]
    organizations: list[Organization]
    people: list[Person]
    territories: list[Territory]
    quotes: list[Quote] = []
    contacts: list[Contact] = []
    warnings: list[str] = []
    text: str | None = None  # the text spans point into, when it was derived (HTML, PDF, repaired)
