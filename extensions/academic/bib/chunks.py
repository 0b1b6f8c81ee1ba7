"""The BibTeX file cut into one chunk per ``@entry``, each read by pybtex alone.

Reading entry by entry is what lets a syntax error be reported at its own line without
swallowing the entries after it, and a record be reused while its text is unchanged (see
:mod:`.records`). pybtex's errors become :class:`.model.Problem` at the file's line, and a
chain of ``@string`` macros cannot expand past :data:`MAX_EXPANSION`. Nothing here knows about
Sphinx.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice
from string import digits

import pybtex.errors
from pybtex.database import Entry
from pybtex.database.input.bibtex import NAME_CHARS, Parser, UndefinedMacro
from pybtex.scanner import PrematureEOF, PybtexSyntaxError

from .model import Problem

ENTRY_START = re.compile(r"^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(][ \t]*([^,\s]*)", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Chunk:
    line: int  #: 1-based line of the "@"
    entry_type: str
    key: str
    text: str


def split_entries(source: str) -> list[Chunk]:
    """Cut the file at every line that starts an ``@entry``; text before the first is comment."""
    starts = list(ENTRY_START.finditer(source))
    chunks = []
    line = source.count("\n", 0, starts[0].start()) + 1 if starts else 1
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(source)
        text = source[match.start() : end]
        chunks.append(Chunk(line, match.group(1).lower(), match.group(2), text))
        line += text.count("\n")
    return chunks

#: The fields a normalised field may have been written as (BibLaTeX's, al-folio's).
SOURCE_FIELDS = {"journal": ("journal", "journaltitle"), "eprint": ("eprint", "arxiv", "arxivid"),
                 "year": ("year", "date"), "month": ("month", "date"),
                 "school": ("school", "institution"), "address": ("address", "location"),
                 "url": ("url", "bdsk-url-1")}


#: pybtex's error for a field an entry gives twice ("entry with key k has a duplicate title
#: field"), and the field.
DUPLICATE_FIELD = re.compile(r"has a duplicate (\S+) field$")


def field_line(chunk: Chunk, name: str, occurrence: int = 0) -> int:
    """The line of the field as written (``pdf = …``; of a field written twice, its
    ``occurrence``: 1 for the second), or else of the entry."""
    for written in SOURCE_FIELDS.get(name, (name,)):
        # At the start of a line, as most files write fields; else after a comma or the key.
        for pattern in (rf"^[ \t]*{re.escape(written)}[ \t]*=",
                        rf"[,{{]\s*{re.escape(written)}\s*="):
            found = re.finditer(pattern, chunk.text, re.MULTILINE | re.IGNORECASE)
            match = next(islice(found, occurrence, None), None)
            if match:
                return chunk.line + chunk.text.count("\n", 0, match.end())
    return chunk.line


def entry_level(text: str) -> list[bool]:
    """For each character of an entry's text, whether it is at the entry's own level: inside
    its braces (or parentheses) and in no field's value, where a field's name may be. A field's
    value is in braces, which nest, or in quotes, inside which braces nest too."""
    level = [False] * len(text)
    depth, quoted, closer = 0, False, "}"
    for index, char in enumerate(text):
        level[index] = depth == 1 and not quoted
        if depth == 0:
            if char in "{(":
                depth, closer = 1, "}" if char == "{" else ")"
        elif char == "{":
            depth += 1
        elif char == "}" and depth > 1:
            depth -= 1
        elif char == '"' and depth == 1:
            quoted = not quoted
        elif char == closer and depth == 1 and not quoted:
            depth = 0
    return level


def written_value(chunk: Chunk, name: str) -> str | None:
    """The text of a field written in braces or quotes, line breaks as written (pybtex gives
    every value with its whitespace collapsed), or None where it is not found so written (a
    macro, a concatenation with "#": the caller keeps pybtex's value)."""
    match = re.search(rf"(?:^[ \t]*|[,{{(]\s*){re.escape(name)}\s*=\s*([{{\"])", chunk.text,
                      re.MULTILINE | re.IGNORECASE)
    if match is None:
        return None
    start = match.end()
    depth = 0
    for index in range(start, len(chunk.text)):
        char = chunk.text[index]
        if char == "{":
            depth += 1
        elif char == "}" and depth > 0:
            depth -= 1
        elif depth == 0 and char == ("}" if match.group(1) == "{" else '"'):
            return chunk.text[start:index]
    return None


#: The most text one entry or @string may expand to (its own text, and the @string macros it
#: names, each as long as it expands to). A chain of @string each doubling the last would
#: otherwise grow past any memory in a few dozen lines.
MAX_EXPANSION = 100_000

#: A name where a value may name a macro: after "=" or "#" (and spaces), the only places BibTeX
#: reads one, spelt as pybtex reads a name: "+s" and "s.1" are names as much as "s1" is.
MACRO_USE = re.compile(rf"[=#]\s*([{re.escape(NAME_CHARS)}][{re.escape(NAME_CHARS + digits)}]*)")


def _expansion(parser: Parser, chunk: Chunk) -> int:
    """At least as much text as the chunk expands to: every name after "=" or "#" counted at
    the length of the macro it names (one inside braces too: the bound errs on the long side).

    Linear in the chunk's text, and it looks up only the macros the chunk names: a pass over
    every macro for every chunk would be quadratic in a file of many @string (eight seconds
    for 8,000).
    """
    if len(chunk.text) > MAX_EXPANSION:
        return len(chunk.text)
    macros = parser.macros
    return len(chunk.text) + sum(len(macros.get(name, ""))
                                 for name in MACRO_USE.findall(chunk.text))


def _closer_missing_at_end(chunk: Chunk, error: PybtexSyntaxError, line: int) -> bool:
    """Whether pybtex asks for the entry's closing brace on the chunk's last line: a brace
    left open inside the entry ran to the next one, and the line named is no line of the
    entry's (a comment or a blank line after it)."""
    lines = chunk.text.rstrip().count("\n")
    return (re.search(r"'[})]' expected", str(error)) is not None
            and line >= chunk.line + lines)


def parse_chunk(parser: Parser, chunk: Chunk, problems: list[Problem]) -> Entry | None:
    """Parse one chunk with pybtex; syntax errors become problems at the file's line."""
    parser.data.entries.clear()
    if _expansion(parser, chunk) > MAX_EXPANSION:
        where = f"@{chunk.entry_type}{{{chunk.key}}}"
        if len(chunk.text) > MAX_EXPANSION:  # its own text, no macro needed
            message = (f"{where}: the entry is {len(chunk.text):,} characters long, more than "
                       f"{MAX_EXPANSION:,}; shorten its longest field")
        else:
            message = (f"{where}: its @string macros expand to more than {MAX_EXPANSION:,} "
                       "characters; write the text out, or name fewer macros")
        problems.append(Problem(chunk.line, message))
        if chunk.entry_type == "string":  # defined, empty: one mistake, not one per use
            parser.macros[chunk.key] = ""
        return None
    with pybtex.errors.capture() as errors:
        try:
            parser.parse_string(chunk.text)
        except PybtexSyntaxError as raised:  # raised even when not strict, for some errors
            errors.append(raised)
    syntax_errors = [e for e in errors if isinstance(e, PybtexSyntaxError)]
    for error in syntax_errors:
        line = chunk.line + (getattr(error, "lineno", 1) or 1) - 1
        where = f"@{chunk.entry_type}{{{chunk.key}}}"
        if isinstance(error, PrematureEOF) or _closer_missing_at_end(chunk, error, line):
            # The scanner only notices at the next entry (or at the last line before it, a
            # comment between the entries): the problem is where this one starts.
            line = chunk.line
            message = f"{where}: entry is never closed; is a brace or quote left open?"
        elif isinstance(error, UndefinedMacro):
            word = str(error).rsplit(": ", 1)[-1]
            message = (f"{where}: undefined macro {word!r}; put text values in braces "
                       f"({{{word}}}) or define it with @string")
        else:
            detail = re.sub(r"^syntax error in line \d+: ", "", str(error))
            message = f"{where}: syntax error: {detail}"
        problems.append(Problem(line, message))
    for other in errors:
        if other in syntax_errors:
            continue
        where = f"@{chunk.entry_type}{{{chunk.key}}}"
        twice = DUPLICATE_FIELD.search(str(other))
        if twice:  # pybtex reads the first, as BibTeX does ("I'm ignoring ... extra field")
            name = twice.group(1)
            line = field_line(chunk, name, occurrence=1)
            problems.append(Problem(line, f"{where}: {name} is given twice; the first is read, "
                                    "as BibTeX reads it (delete the other)", fatal=False,
                                    subtype="bib-value", gap="field-twice"))
        else:  # e.g. "Too many commas": BibTeX reads the name anyway
            problems.append(Problem(chunk.line, f"{where}: {other}", fatal=False,
                                    subtype="bib-value", gap="names"))
    return next(iter(parser.data.entries.values()), None) if not syntax_errors else None
