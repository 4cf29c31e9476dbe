"""Text hygiene on the way into a document: NFC normalisation and characters XML cannot hold.

NĐ 30/2020, Phụ lục I, mục I.4 requires Unicode text (TCVN 6909:2001), which means precomposed (NFC)
Vietnamese letters. XML 1.0 (and so every .docx part) cannot hold most C0 control characters, lone
surrogates or U+FFFE/U+FFFF; vanban rejects them with the field's name instead of dropping them.
"""

from __future__ import annotations

import re
import unicodedata

# XML 1.0, section 2.2: Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def check_xml_chars(text: str) -> None:
    """Raise ``ValueError`` naming the first character of ``text`` that XML 1.0 cannot store."""
    bad = _NOT_XML.search(text)
    if bad is not None:
        ch = bad.group()
        raise ValueError(
            f"holds U+{ord(ch):04X} at position {bad.start()}, a character XML (and so .docx) "
            "cannot store; remove it or replace it"
        )


def clean_text(text: str) -> str:
    """NFC-normalise ``text`` and strip surrounding whitespace; reject characters XML cannot hold."""
    check_xml_chars(text)
    return unicodedata.normalize("NFC", text).strip()
