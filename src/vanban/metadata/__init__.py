"""Metadata of an outgoing electronic document (dữ liệu đặc tả; NĐ 30/2020, Phụ lục VI, phần II,
mục I): the record a document management system keeps for each document it issues, with the
decree's official field names (FileCode.OrganId, CodeNumber, CodeNotation, IssuedDate, …).

>>> import vanban as vb
>>> kh = vb.load("examples/ke_hoach_cchc_2022.yaml")  # doctest: +SKIP
>>> kh.metadata().code_number  # doctest: +SKIP
'49'

:class:`Metadata` is the record (:mod:`vanban.metadata.fields`, with the decree's table
:data:`FIELDS`); :func:`from_document` (``document.metadata()``), :func:`from_docx` and
:func:`from_pdf` make it (:mod:`vanban.metadata.sources`); ``to_json`` / ``to_xml`` write it and
:meth:`Metadata.from_json` / :func:`from_xml` read it back.
"""

from vanban.metadata.fields import FIELDS, SPEC, FieldSpec, FileCode, Metadata, SignerInfo, To
from vanban.metadata.sources import (
    LANGUAGE,
    PRIORITY,
    MetadataError,
    from_document,
    from_docx,
    from_pdf,
)
from vanban.metadata.xml import from_xml, to_xml

__all__ = [
    "FIELDS",
    "LANGUAGE",
    "PRIORITY",
    "SPEC",
    "FieldSpec",
    "FileCode",
    "Metadata",
    "MetadataError",
    "SignerInfo",
    "To",
    "from_document",
    "from_docx",
    "from_pdf",
    "from_xml",
    "to_xml",
]
