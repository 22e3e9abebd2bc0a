"""CSV out: ``nodes.csv`` and ``edges.csv`` of the tabular projection, together in one zip file.

The two tables go in one zip so that the writer, like every other, produces one file that is
written atomically. Column names follow Gephi's spreadsheet import (``Id``, ``Label``; ``Source``,
``Target``, ``Type``, ``Weight``), the other columns as in :mod:`argmap.exports.tabular`.
"""
from __future__ import annotations

import csv
import io
import zipfile

from rdflib import Graph

from argmap.exports.tabular import EDGE_COLUMNS, NODE_COLUMNS, project
from argmap.io import spreadsheet_cell

GEPHI_NAMES = {"id": "Id", "label": "Label", "source": "Source", "target": "Target", "weight": "Weight"}
#: A fixed timestamp for the zip members, so the same graph gives the same bytes.
ZIP_TIME = (2000, 1, 1, 0, 0, 0)


def table_csv(rows: list[dict[str, object]], columns: tuple[str, ...], extra: dict[str, str] | None = None) -> str:
    """``rows`` as CSV text (RFC 4180, ``\\r\\n`` line ends), the header in Gephi's names.

    Each cell goes through :func:`argmap.io.spreadsheet_cell`, so text a spreadsheet would run as a
    formula is quoted; ``extra`` adds constant columns (name: value) at the end of every row.

    >>> table_csv([{"id": "c1", "label": "=1+1"}], ("id", "label"), {"Type": "Directed"}).splitlines()
    ['Id,Label,Type', "c1,'=1+1,Directed"]
    """
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([GEPHI_NAMES.get(c, c) for c in columns] + list(extra or {}))
    for row in rows:
        writer.writerow([spreadsheet_cell(row[c]) for c in columns] + list((extra or {}).values()))
    return out.getvalue()


def write_csv_zip(graph: Graph) -> bytes:
    """A zip holding ``nodes.csv`` and ``edges.csv`` (edges with ``Type`` = Directed).

    >>> import io, zipfile
    >>> from argmap import load
    >>> archive = zipfile.ZipFile(io.BytesIO(write_csv_zip(load("tests/fixtures/mini.yaml"))))
    >>> archive.namelist(), archive.read("edges.csv").decode().splitlines()[0]
    (['nodes.csv', 'edges.csv'], 'Id,Source,Target,kind,Label,debate,drawn_by,sign,Weight,Type')
    """
    table = project(graph)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in (("nodes.csv", table_csv(table.nodes, NODE_COLUMNS)),
                           ("edges.csv", table_csv(table.edges, EDGE_COLUMNS, {"Type": "Directed"}))):
            member = zipfile.ZipInfo(name, ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(member, text.encode("utf-8"))
    return buffer.getvalue()


