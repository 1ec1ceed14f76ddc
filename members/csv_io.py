"""CSV files in and out of the registries, in the form Dutch Excel reads and writes.

Writing: UTF-8 with a byte-order mark and ``;`` between cells (Excel in a Dutch locale opens that without
an import wizard). A cell that starts with ``=``, ``+``, ``-`` or ``@`` (also after leading spaces or a
tab) gets an apostrophe in front, so a spreadsheet never runs it as a formula (CSV injection).

Reading: at most ``max_bytes`` and ``max_rows``, UTF-8 only (with or without the byte-order mark), ``;`` or
``,`` between cells; headers are compared lower-cased and stripped; control characters are removed from
every cell. Whatever is wrong with the file as a whole is a ``CsvError`` with a message for the person.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from infrastructure.forms import CONTROL_CHARACTERS

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@")
# Control characters other than tab and newlines never belong in a cell.


class CsvError(Exception):
    """The file cannot be read as a whole: too big, not UTF-8, no header, a missing column …"""


def safe_cell(value: object) -> str:
    """A cell's text, made harmless for spreadsheets (see the module's docstring)."""
    text = "" if value is None else str(value)
    if text.lstrip(" \t\r\n").startswith(FORMULA_STARTS):
        return "'" + text
    return text


def write_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """The whole file as text, byte-order mark first."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue()


@dataclass(frozen=True)
class CsvRow:
    number: int  # the line in the file as a person counts it: the header is line 1
    cells: dict[str, str]


def read_csv(upload, *, max_bytes: int, max_rows: int, required: Sequence[str]) -> list[CsvRow]:
    """The data rows of an uploaded file, each cell as text keyed by its lower-cased header.

    Raises ``CsvError`` when the file as a whole cannot be used.
    """
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise CsvError(_("Het bestand is te groot. Het mag hoogstens %(kb)s kB zijn.") % {"kb": max_bytes // 1024})
    raw = upload.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise CsvError(_("Het bestand is te groot. Het mag hoogstens %(kb)s kB zijn.") % {"kb": max_bytes // 1024})
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CsvError(
            _(
                "Het bestand is niet in UTF-8 opgeslagen. Kies in Excel bij Opslaan als: "
                "CSV UTF-8 (gescheiden door lijstscheidingsteken)."
            )
        ) from error
    if not text.strip():
        raise CsvError(_("Het bestand is leeg."))
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first_line or "," not in first_line else ","
    reader = csv.reader(io.StringIO(CONTROL_CHARACTERS.sub("", text), newline=""), delimiter=delimiter)
    try:
        header = [cell.strip().lower() for cell in next(reader)]
        missing = [name for name in required if name not in header]
        if missing:
            raise CsvError(
                _("De kolom %(columns)s ontbreekt. De eerste regel moet de kolomnamen bevatten: %(expected)s.")
                % {"columns": ", ".join(missing), "expected": ";".join(required)}
            )
        rows: list[CsvRow] = []
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue  # empty lines (Excel adds them) are not rows
            if len(rows) >= max_rows:
                raise CsvError(_("Het bestand heeft meer dan %(max)s regels. Splits het in delen.") % {"max": max_rows})
            values = {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header) if name}
            rows.append(CsvRow(number=reader.line_num, cells=values))
    except csv.Error as error:
        raise CsvError(_("Het bestand is geen geldig CSV-bestand.")) from error
    if not rows:
        raise CsvError(_("Het bestand heeft geen regels onder de kolomnamen."))
    return rows
