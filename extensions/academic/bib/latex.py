"""Render the LaTeX found in BibTeX field values as Unicode text, and say what could not be.

Public API (a superset of the helpers that used to live in :mod:`academic.bibliography`):

``latex_to_text(value) -> str``
    The value as plain Unicode: accents composed, grouping braces dropped, ``\\emph`` and
    friends reduced to their text, math rendered with Unicode symbols and super/subscripts,
    runs of whitespace collapsed to one space (outer whitespace is kept: callers strip).
``latex_to_rich(value, style="") -> RichText``
    The same text as styled runs: ``\\emph{}``, ``\\textit{}``, ``{\\em ...}``, ``{\\it ...}``
    give "em" runs, ``\\textbf{}`` and ``{\\bf ...}`` "strong" runs; plain runs take ``style``.
    Outer whitespace is stripped.
``unrendered(value) -> tuple[str, ...]``
    What the two functions above could not render, in order of first appearance, each once:
    an unknown command as ``"\\foo"``, an unbalanced math delimiter as ``"$"``, ``"\\("`` or
    ``"\\)"``, a dangling backslash as ``"\\"``. Empty when the whole value was understood. The
    caller turns each into a warning at the field's line ("cannot render \\foo").
``plain(text: RichText) -> str``
    The text of styled runs.

Nothing here raises on bad LaTeX: an unknown ``\\foo{bar}`` renders readably as "bar" (or
"foo" without an argument) and is reported by :func:`unrendered` instead. After conversion no
``\\command`` and no math ``$`` is left in the text, except where the source asked for a
literal one (``\\textbackslash``, ``\\$``) or a ``$`` is unbalanced (reported).

The converter is a small tokenizer and recursive-descent renderer with its own tables (accents
are Unicode combining marks, composed with NFC); latexcodec is only consulted, once per name,
for symbol commands the tables lack. Values without LaTeX syntax take a fast path, and every
result is cached, since names and venues repeat across thousands of entries. What each
command prints is in :mod:`.latex_commands`.
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata

import latexcodec  # noqa: F401  (registers the "ulatex" codec)

from .latex_commands import (
    ACCENTS,
    CASE,
    CONTROL_SYMBOLS,
    DOUBLE_STRUCK,
    DROP_ARGUMENT,
    FRACTIONS,
    MATH_ARGUMENT,
    QUOTED,
    STYLED_ARGUMENT,
    SUBSCRIPTS,
    SUPERSCRIPTS,
    SWITCHES,
    SYMBOLS,
    UNDOTTED,
    VERBATIM_ARGUMENT,
)

#: A run of text and its style: "" (plain), "em" or "strong".
Segment = tuple[str, str]
RichText = tuple[Segment, ...]


#: Control word, control symbol or dangling backslash; math shifts; grouping; TeX ligatures;
#: whitespace; a run of ordinary text; any other single character.
_TOKEN = re.compile(
    r"\\(?:[A-Za-z]+|.|\Z)|\$\$?|[{}~^_]|---?|``|''|\s+|[^\\{}$~^_\-`'\s]+|.", re.DOTALL
)
#: Text that contains none of these is taken as is, braces dropped (the common case).
_LATEX_SYNTAX = re.compile(r"[\\$~'`]|--")
#: Whitespace runs collapse to one space; thin spaces (from ``\\,``) are kept.
_SPACES = re.compile(r"[^\S\u2009\u202f]+")
_NOT_VERBATIM = re.compile(r"\\[A-Za-z]|\$")
_VERBATIM_ESCAPE = re.compile(r"\\([%#&_~$\\{} ])")


def plain(text: RichText) -> str:
    return "".join(run for run, _style in text)


def _matching_brace(value: str, start: int) -> int:
    """Index of the "}" closing the "{" at ``start`` (or -1)."""
    depth = 0
    index = start
    while index < len(value):
        char = value[index]
        if char == "\\":
            index += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return -1


def _script(text: str, table: dict[str, str], mark: str) -> str:
    """``text`` as Unicode super- or subscript characters, or marked as one when some lack it."""
    text = text.strip()
    if text and all(char in table for char in text):
        return "".join(table[char] for char in text)
    if not any(char.isalnum() for char in text):  # ^\sharp, ^*, ^\prime: the symbol reads well
        return text
    return mark + text if len(text) == 1 else f"{mark}({text})"


def _accent(text: str, mark: str, spacing: str) -> str:
    if not text:
        return spacing
    first = UNDOTTED.get(text[0], text[0])
    return unicodedata.normalize("NFC", first + mark) + text[1:]


@functools.cache
def _latexcodec_symbol(name: str) -> str | None:
    """What latexcodec prints for ``\\name`` alone, if it knows the command."""
    try:
        # latexcodec's "ulatex" codec decodes str to str, which typeshed does not know.
        decoded = codecs.decode("\\" + name, "ulatex")  # type: ignore[call-overload]
    except UnicodeDecodeError:
        return None
    return decoded if decoded and "\\" not in decoded else None


class _Renderer:
    """Renders one value's tokens into styled segments, noting what it cannot render."""

    def __init__(self, value: str) -> None:
        self.value = value
        self.tokens: list[str] = []
        self.offsets: list[int] = []
        for match in _TOKEN.finditer(value):
            self.tokens.append(match.group())
            self.offsets.append(match.start())
        self.offsets.append(len(value))
        # The closing brace of each opening one; an unclosed group runs to the end.
        self.closing: dict[int, int] = {}
        opened: list[int] = []
        for index, token in enumerate(self.tokens):
            if token == "{":
                opened.append(index)
            elif token == "}" and opened:
                self.closing[opened.pop()] = index
        for index in opened:
            self.closing[index] = len(self.tokens)
        self.position = 0
        self.out: list[Segment] = []
        self.unrendered: dict[str, None] = {}
        # Where a search for a closer (see :meth:`find`) has already come up empty.
        self.searched: set[tuple[str, int, int]] = set()

    def render(self) -> tuple[RichText, tuple[str, ...]]:
        self.run(len(self.tokens), False, "")
        return tuple(self.out), tuple(self.unrendered)

    # --- helpers --------------------------------------------------------------------------

    def emit(self, text: str, style: str) -> None:
        if text:
            self.out.append((text, style))

    def report(self, construct: str) -> None:
        self.unrendered.setdefault(construct, None)

    def skip_spaces(self, end: int) -> None:
        while self.position < end and (
            not self.tokens[self.position] or self.tokens[self.position].isspace()
        ):  # a token emptied by argument() counts as nothing
            self.position += 1

    def argument(self, end: int) -> tuple[int, int] | str | None:
        """The next argument: a token range for a group or a command, a string for one letter."""
        self.skip_spaces(end)
        if self.position >= end:
            return None
        index = self.position
        token = self.tokens[index]
        if token == "{":
            close = self.closing[index]
            self.position = min(close + 1, end)
            return (index + 1, min(close, end))
        if token[0] == "\\" or len(token) == 1 or token[0] in "$-`'":
            self.position += 1
            return (index, index + 1)
        # A letter of a text run: "\c c" or "x^2n" take one character, the rest stays.
        self.tokens[index] = token[1:]
        self.offsets[index] += 1
        return token[0]

    def text_of(self, argument: tuple[int, int] | str | None, math: bool) -> str:
        """Render an argument on its own, as plain text."""
        if argument is None:
            return ""
        if isinstance(argument, str):
            return argument
        saved_out, saved_position = self.out, self.position
        self.out, self.position = [], argument[0]
        self.run(argument[1], math, "")
        text = "".join(run for run, _style in self.out)
        self.out, self.position = saved_out, saved_position
        return text

    def render_argument(
        self, argument: tuple[int, int] | str | None, math: bool, style: str
    ) -> None:
        if isinstance(argument, tuple):
            saved = self.position
            self.position = argument[0]
            self.run(argument[1], math, style)
            self.position = saved
        elif argument:
            self.emit(argument, style)

    def verbatim(self, argument: tuple[int, int] | str | None) -> str:
        if argument is None:
            return ""
        if isinstance(argument, str):
            return argument
        raw = self.value[self.offsets[argument[0]] : self.offsets[argument[1]]]
        if _NOT_VERBATIM.search(raw):  # "\url{\c{c}}" or "\url{$...}": not an address, render it
            return self.text_of(argument, False)
        return _VERBATIM_ESCAPE.sub(r"\1", raw)

    def find(self, closer: str, end: int) -> int:
        """Index of ``closer`` at this group level, before ``end`` (or -1).

        A search that finds nothing marks the tokens it passed: a later one that reaches them
        would find nothing either, and stops there: a value of unclosed openers
        ("\\(\\(\\(...") is searched to its end once, not once for each (four seconds for
        20,000 characters).
        """
        index = self.position
        passed = []
        while index < end and (closer, end, index) not in self.searched:
            token = self.tokens[index]
            if token == closer:
                return index
            passed.append(index)
            index = self.closing[index] + 1 if token == "{" else index + 1
        self.searched.update((closer, end, index) for index in passed)
        return -1

    # --- the renderer ---------------------------------------------------------------------

    def run(self, end: int, math: bool, style: str) -> None:
        tokens = self.tokens
        while self.position < end:
            token = tokens[self.position]
            self.position += 1
            first = token[:1]
            if first == "\\":
                style = self.command(token[1:], end, math, style)
            elif first == "{":
                close = self.closing[self.position - 1]
                self.run(min(close, end), math, style)
                self.position = min(close + 1, end)
            elif first == "}":
                continue  # a stray closing brace only ended a group in the source
            elif first == "$":
                if math:
                    continue  # "$x$" inside \ensuremath{}: already math
                close = self.find(token, end)
                if close < 0:
                    self.report("$")
                    self.emit(token, style)
                else:
                    self.run(close, True, style)
                    self.position = close + 1
            elif token.isspace() or first == "~":
                self.emit(" ", style)
            elif first in "^_" and math:
                table, mark = (SUPERSCRIPTS, "^") if first == "^" else (SUBSCRIPTS, "_")
                self.emit(_script(self.text_of(self.argument(end), True), table, mark), style)
            elif math:
                self.emit({"'": "′", "''": "″"}.get(token, token), style)
            else:
                # As TeX sets them: "'" is always a closing quote or an apostrophe ("STOC '22"
                # is not opened with ‘, as a typographer's guess at a lone quote would be).
                self.emit({"--": "–", "---": "—", "``": "“", "''": "”", "'": "’", "`": "‘"}
                          .get(token, token), style)

    def command(self, name: str, end: int, math: bool, style: str) -> str:
        """Render the command ``\\name`` (its arguments follow); return the style from now on."""
        if not name:
            self.report("\\")
            return style
        if not name[0].isalpha():  # a control symbol
            if name in ACCENTS:
                mark, spacing = ACCENTS[name]
                self.emit(_accent(self.text_of(self.argument(end), math), mark, spacing), style)
            elif name in CONTROL_SYMBOLS:
                self.emit(CONTROL_SYMBOLS[name], style)
            elif name in "([":
                closer = "\\)" if name == "(" else "\\]"
                close = self.find(closer, end)
                if close < 0:
                    self.report("\\" + name)
                else:
                    self.run(close, True, style)
                    self.position = close + 1
            else:
                self.report("\\" + name)
                self.emit(name if name not in ")]" else "", style)
            return style

        if name in SYMBOLS:
            if not math:  # TeX ends a command name at the first space, and drops that space
                self.skip_spaces(end)
            self.emit(SYMBOLS[name], style)
        elif name in SWITCHES:
            if not math:
                self.skip_spaces(end)
            switched = SWITCHES[name]
            return style if switched is None else switched
        elif name in STYLED_ARGUMENT:
            self.render_argument(self.argument(end), math, STYLED_ARGUMENT[name] or style)
        elif name in ACCENTS:
            mark, spacing = ACCENTS[name]
            self.emit(_accent(self.text_of(self.argument(end), math), mark, spacing), style)
        elif name in VERBATIM_ARGUMENT:
            self.emit(self.verbatim(self.argument(end)), style)
        elif name == "href":
            address = self.verbatim(self.argument(end))
            text = self.argument(end)
            if text is None:
                self.emit(address, style)
            else:
                self.render_argument(text, math, style)
        elif name in DROP_ARGUMENT:
            self.argument(end)
            self.emit(DROP_ARGUMENT[name], style)
        elif name in MATH_ARGUMENT:
            text = self.text_of(self.argument(end), True)
            if name == "mathbb":
                text = "".join(DOUBLE_STRUCK.get(char, char) for char in text)
            self.emit(text, style)
        elif name in ("textsuperscript", "textsubscript"):
            table, mark = (SUPERSCRIPTS, "^") if name == "textsuperscript" else (SUBSCRIPTS, "_")
            self.emit(_script(self.text_of(self.argument(end), math), table, mark), style)
        elif name in CASE:
            self.emit(CASE[name](self.text_of(self.argument(end), math)), style)
        elif name in QUOTED:
            self.emit("“", style)
            self.render_argument(self.argument(end), math, style)
            self.emit("”", style)
        elif name in FRACTIONS:
            numerator = self.text_of(self.argument(end), True)
            denominator = self.text_of(self.argument(end), True)
            self.emit(f"{numerator}/{denominator}", style)
        elif name == "sqrt":
            self.sqrt(end, style)
        elif name == "not":
            negated = self.text_of(self.argument(end), True)
            self.emit(_accent(negated, "\u0338", "/"), style)
        elif name == "pmod":
            self.emit(f" (mod {self.text_of(self.argument(end), True)})", style)
        else:
            self.unknown(name, end, math, style)
        return style

    def sqrt(self, end: int, style: str) -> None:
        sign = "√"
        self.skip_spaces(end)
        token = self.tokens[self.position] if self.position < end else ""
        if token.startswith("[") and "]" in token:  # \sqrt[3]{x}: "[3]" is one text token
            degree, rest = token[1:].split("]", 1)
            self.tokens[self.position] = rest
            self.offsets[self.position] += len(degree) + 2
            sign = {"3": "∛", "4": "∜"}.get(degree) or _script(degree, SUPERSCRIPTS, "") + "√"
        radicand = self.text_of(self.argument(end), True)
        self.emit(sign + (radicand if len(radicand) <= 1 else f"({radicand})"), style)

    def unknown(self, name: str, end: int, math: bool, style: str) -> None:
        """A command we do not know: print something readable and report it."""
        symbol = _latexcodec_symbol(name)
        if symbol is not None:
            if not math:
                self.skip_spaces(end)
            self.emit(symbol, style)
            return
        self.report("\\" + name)
        if self.position < end and self.tokens[self.position] == "{":
            argument = self.argument(end)
            assert isinstance(argument, tuple)
            if argument[1] > argument[0]:  # \cite{key}: the argument is the readable part
                self.render_argument(argument, math, style)
                return
        self.emit(name, style)


def _collapse(segments: RichText) -> RichText:
    """Merge runs of one style and collapse whitespace across them."""
    merged: list[Segment] = []
    after_space = False
    for run, style in segments:
        run = _SPACES.sub(" ", run)
        if after_space and run.startswith(" "):
            run = run[1:]
        if not run:
            continue
        after_space = run.endswith(" ")
        if merged and merged[-1][1] == style:
            merged[-1] = (merged[-1][0] + run, style)
        else:
            merged.append((run, style))
    return tuple(merged)


@functools.lru_cache(maxsize=65536)  # names and venues repeat across entries
def _convert(value: str) -> tuple[RichText, tuple[str, ...]]:
    """The value's styled runs (whitespace collapsed, not stripped) and what was not rendered."""
    if not _LATEX_SYNTAX.search(value):
        text = _SPACES.sub(" ", value.replace("{", "").replace("}", ""))
        return ((text, ""),) if text else (), ()
    segments, unrendered = _Renderer(value).render()
    return _collapse(segments), unrendered


@functools.lru_cache(maxsize=65536)
def latex_to_text(value: str) -> str:
    """Decode LaTeX (accents, dashes, math, ``\\%``, ``~``) to Unicode, dropping grouping braces."""
    return plain(_convert(value)[0])


@functools.lru_cache(maxsize=65536)
def latex_to_rich(value: str, style: str = "") -> RichText:
    """Decode LaTeX into styled runs: ``\\emph{x}`` becomes an "em" run, the rest ``style``."""
    runs = [(run, run_style or style) for run, run_style in _convert(value)[0]]
    merged: list[Segment] = []
    for run, run_style in runs:
        if merged and merged[-1][1] == run_style:
            merged[-1] = (merged[-1][0] + run, run_style)
        else:
            merged.append((run, run_style))
    if merged:  # trim the outer whitespace of the whole value
        merged[0] = (merged[0][0].lstrip(), merged[0][1])
        merged[-1] = (merged[-1][0].rstrip(), merged[-1][1])
    return tuple(run for run in merged if run[0])


def unrendered(value: str) -> tuple[str, ...]:
    """The LaTeX constructs in ``value`` that could not be rendered, such as ``("\\foo", "$")``."""
    return _convert(value)[1]
