"""A user's file (refs.bib, the CV file) as text: UTF-8, or where it is not.

A byte that is not UTF-8 is reported at its line, with the byte and what to do, instead of the
``UnicodeDecodeError`` Python raises, which names neither the line nor the fix. No Sphinx.
"""

from __future__ import annotations


class NotUTF8(ValueError):
    """The file is not UTF-8: ``line`` (1-based) holds the first byte that is not."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def decode(raw: bytes) -> str:
    """The file's text (a byte-order mark dropped); raises :class:`NotUTF8`."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        byte = raw[error.start]
        raise NotUTF8(line, f"byte 0x{byte:02x} on this line is not UTF-8: save the file as "
                            "UTF-8 (in most editors, \"Save with Encoding\")") from None
