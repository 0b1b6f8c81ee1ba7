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
result is cached, since names and venues repeat across thousands of entries.
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata

import latexcodec  # noqa: F401  (registers the "ulatex" codec)

#: A run of text and its style: "" (plain), "em" or "strong".
Segment = tuple[str, str]
RichText = tuple[Segment, ...]

#: Font commands with one argument, and the style of their text ("" keeps the outer style).
FONT_COMMANDS = {
    "emph": "em", "textit": "em", "textsl": "em",
    "textbf": "strong",
    "textrm": "", "textsf": "", "texttt": "", "textsc": "", "textnormal": "", "textup": "",
}  # fmt: skip

#: More one-argument commands that only style (or merely wrap) their text.
_STYLED_ARGUMENT = {
    **FONT_COMMANDS,
    "textmd": "", "mbox": "", "hbox": "", "text": "", "mkbibemph": "em", "mkbibitalic": "em",
    "mkbibbold": "strong", "uline": "", "underline": "", "textnormal": "", "nocorr": "",
    # math alphabets: the letters, upright (a web page cannot match the TeX fonts anyway)
    "mathrm": "", "mathcal": "", "mathbf": "", "mathit": "", "mathsf": "", "mathtt": "",
    "mathfrak": "", "mathscr": "", "mathnormal": "", "boldsymbol": "", "bm": "",
    "operatorname": "",
}  # fmt: skip

#: Old-style switches, in force to the end of the enclosing group: ``{\\em word}``.
_SWITCHES = {
    "em": "em", "it": "em", "itshape": "em", "sl": "em", "slshape": "em",
    "bf": "strong", "bfseries": "strong",
    "rm": None, "sf": None, "tt": None, "sc": None, "scshape": None, "upshape": None,
    "mdseries": None, "normalfont": None, "rmfamily": None, "sffamily": None, "ttfamily": None,
    "tiny": None, "scriptsize": None, "footnotesize": None, "small": None, "normalsize": None,
    "large": None, "Large": None, "LARGE": None, "huge": None, "Huge": None,
    "displaystyle": None, "textstyle": None, "scriptstyle": None, "scriptscriptstyle": None,
}  # fmt: skip

#: Accents, as the Unicode combining mark each puts on the first letter of its argument, and
#: the spacing form printed when the argument is empty (``\\'{}``).
_ACCENTS = {
    "'": ("\u0301", "´"), "`": ("\u0300", "`"), "^": ("\u0302", "^"), '"': ("\u0308", "¨"),
    "~": ("\u0303", "~"), "=": ("\u0304", "¯"), ".": ("\u0307", "˙"), "u": ("\u0306", "˘"),
    "v": ("\u030c", "ˇ"), "H": ("\u030b", "˝"), "c": ("\u0327", "¸"), "k": ("\u0328", "˛"),
    "r": ("\u030a", "˚"), "d": ("\u0323", ""), "b": ("\u0331", ""), "t": ("\u0361", ""),
    "G": ("\u030f", ""),
    # math accents
    "hat": ("\u0302", "^"), "widehat": ("\u0302", "^"), "check": ("\u030c", "ˇ"),
    "tilde": ("\u0303", "~"), "widetilde": ("\u0303", "~"), "acute": ("\u0301", "´"),
    "grave": ("\u0300", "`"), "dot": ("\u0307", "˙"), "ddot": ("\u0308", "¨"),
    "breve": ("\u0306", "˘"), "bar": ("\u0304", "¯"), "vec": ("\u20d7", "→"),
    "overline": ("\u0305", "¯"), "mathring": ("\u030a", "˚"),
}  # fmt: skip
#: Dotless letters take the accent as the plain letter would: ``\\'{\\i}`` is "í".
_UNDOTTED = {"ı": "i", "ȷ": "j"}

#: The journal macros of AASTeX's aas_macros.sty, which NASA ADS writes into exported BibTeX
#: (``journal = {\\apj}``), spelled out in full.
JOURNAL_MACROS = {
    "aj": "Astronomical Journal",
    "actaa": "Acta Astronomica",
    "araa": "Annual Review of Astronomy and Astrophysics",
    "apj": "Astrophysical Journal",
    "apjl": "Astrophysical Journal Letters",
    "apjs": "Astrophysical Journal Supplement Series",
    "ao": "Applied Optics",
    "apss": "Astrophysics and Space Science",
    "aap": "Astronomy and Astrophysics",
    "aapr": "Astronomy and Astrophysics Review",
    "aaps": "Astronomy and Astrophysics Supplement Series",
    "azh": "Astronomicheskii Zhurnal",
    "baas": "Bulletin of the American Astronomical Society",
    "caa": "Chinese Astronomy and Astrophysics",
    "cjaa": "Chinese Journal of Astronomy and Astrophysics",
    "icarus": "Icarus",
    "jcap": "Journal of Cosmology and Astroparticle Physics",
    "jrasc": "Journal of the Royal Astronomical Society of Canada",
    "memras": "Memoirs of the Royal Astronomical Society",
    "mnras": "Monthly Notices of the Royal Astronomical Society",
    "na": "New Astronomy",
    "nar": "New Astronomy Reviews",
    "pra": "Physical Review A",
    "prb": "Physical Review B",
    "prc": "Physical Review C",
    "prd": "Physical Review D",
    "pre": "Physical Review E",
    "prl": "Physical Review Letters",
    "pasa": "Publications of the Astronomical Society of Australia",
    "pasp": "Publications of the Astronomical Society of the Pacific",
    "pasj": "Publications of the Astronomical Society of Japan",
    "rmxaa": "Revista Mexicana de Astronomía y Astrofísica",
    "qjras": "Quarterly Journal of the Royal Astronomical Society",
    "skytel": "Sky and Telescope",
    "solphys": "Solar Physics",
    "sovast": "Soviet Astronomy",
    "ssr": "Space Science Reviews",
    "zap": "Zeitschrift für Astrophysik",
    "nat": "Nature",
    "iaucirc": "IAU Circulars",
    "aplett": "Astrophysics Letters",
    "apspr": "Astrophysics Space Physics Research",
    "bain": "Bulletin of the Astronomical Institutes of the Netherlands",
    "fcp": "Fundamentals of Cosmic Physics",
    "gca": "Geochimica et Cosmochimica Acta",
    "grl": "Geophysical Research Letters",
    "jcp": "Journal of Chemical Physics",
    "jgr": "Journal of Geophysical Research",
    "jqsrt": "Journal of Quantitative Spectroscopy and Radiative Transfer",
    "memsai": "Memorie della Società Astronomica Italiana",
    "nphysa": "Nuclear Physics A",
    "physrep": "Physics Reports",
    "physscr": "Physica Scripta",
    "planss": "Planetary and Space Science",
    "procspie": "Proceedings of the SPIE",
    "psj": "Planetary Science Journal",
    "maps": "Meteoritics and Planetary Science",
    "aas": "American Astronomical Society Meeting Abstracts",
    "dps": "AAS/Division for Planetary Sciences Meeting Abstracts",
}

_GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
    "varkappa": "ϰ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "omicron": "ο", "pi": "π",
    "varpi": "ϖ", "rho": "ρ", "varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ",
    "upsilon": "υ", "phi": "ϕ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
    "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
    "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}  # fmt: skip

#: Commands without arguments and what they print, in text or math.
_SYMBOLS = {
    **_GREEK,
    # letters
    "i": "ı", "j": "ȷ", "l": "ł", "L": "Ł", "o": "ø", "O": "Ø", "ss": "ß", "SS": "SS",
    "aa": "å", "AA": "Å", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "dh": "ð", "DH": "Ð",
    "th": "þ", "TH": "Þ", "dj": "đ", "DJ": "Đ", "ng": "ŋ", "NG": "Ŋ",
    # text symbols
    "textendash": "–", "textemdash": "—", "ldots": "…", "dots": "…", "textellipsis": "…",
    "textquotesingle": "'", "textquotedbl": '"', "textquoteleft": "‘", "textquoteright": "’",
    "textquotedblleft": "“", "textquotedblright": "”", "quotesinglbase": "‚",
    "quotedblbase": "„", "guillemotleft": "«", "guillemotright": "»", "guilsinglleft": "‹",
    "guilsinglright": "›", "textless": "<", "textgreater": ">", "textbar": "|",
    "textbackslash": "\\", "textasciitilde": "~", "textasciicircum": "^",
    "textunderscore": "_", "textbraceleft": "{", "textbraceright": "}", "textdollar": "$",
    "textasciidieresis": "¨", "textasciiacute": "´", "textasciigrave": "`",
    "textasciimacron": "¯", "textasciicaron": "ˇ", "textasciibreve": "˘",
    "textregistered": "®", "texttrademark": "™", "textcopyright": "©", "copyright": "©",
    "S": "§", "textsection": "§", "P": "¶", "textparagraph": "¶", "dag": "†", "ddag": "‡",
    "textdagger": "†", "textdaggerdbl": "‡", "textbullet": "•", "textperiodcentered": "·",
    "textdegree": "°", "textmu": "µ", "textcelsius": "℃", "textohm": "Ω", "textnumero": "№",
    "textperthousand": "‰", "textminus": "−", "textpm": "±", "texttimes": "×",
    "textdiv": "÷", "textlnot": "¬", "textsurd": "√", "textonesuperior": "¹",
    "texttwosuperior": "²", "textthreesuperior": "³", "textonehalf": "½",
    "textonequarter": "¼", "textthreequarters": "¾", "textexclamdown": "¡",
    "textquestiondown": "¿", "textordfeminine": "ª", "textordmasculine": "º",
    "textinterrobang": "‽", "textleftarrow": "←", "textrightarrow": "→",
    "textuparrow": "↑", "textdownarrow": "↓", "textlangle": "⟨", "textrangle": "⟩",
    "texteuro": "€", "euro": "€", "pounds": "£", "textsterling": "£", "textyen": "¥",
    "textcent": "¢", "checkmark": "✓",
    "LaTeX": "LaTeX", "LaTeXe": "LaTeX2ε", "TeX": "TeX", "BibTeX": "BibTeX",
    "BibLaTeX": "BibLaTeX", "XeTeX": "XeTeX", "LuaTeX": "LuaTeX", "AmS": "AMS",
    # AASTeX units and symbols
    "degr": "°", "arcmin": "′", "arcsec": "″", "sun": "☉", "earth": "⊕", "micron": "µm",
    # spacing and no-ops
    "quad": " ", "qquad": " ", "enspace": " ", "space": " ", "nobreakspace": " ",
    "thinspace": "\u2009", "newline": " ", "linebreak": " ", "par": " ", "newblock": " ",
    "relax": "", "protect": "", "xspace": "", "ignorespaces": "", "unskip": "", "null": "",
    "nobreak": "", "allowbreak": "", "limits": "", "nolimits": "", "left": "", "right": "",
    "big": "", "Big": "", "bigg": "", "Bigg": "", "bigl": "", "bigr": "", "Bigl": "",
    "Bigr": "", "biggl": "", "biggr": "", "middle": "",
    # math
    "times": "×", "cdot": "·", "pm": "±", "mp": "∓", "div": "÷", "ast": "∗", "star": "⋆",
    "circ": "∘", "bullet": "•", "dagger": "†", "ddagger": "‡", "oplus": "⊕", "ominus": "⊖",
    "otimes": "⊗", "odot": "⊙", "uplus": "⊎", "sqcup": "⊔", "sqcap": "⊓", "cup": "∪",
    "cap": "∩", "setminus": "∖", "wedge": "∧", "land": "∧", "vee": "∨", "lor": "∨",
    "neg": "¬", "lnot": "¬", "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "leqslant": "⩽",
    # MathJax's (and NASA ADS's) names for < and >, as in "$\lt$ 5 keV".
    "lt": "<", "gt": ">", "nless": "≮", "ngtr": "≯", "nleq": "≰", "ngeq": "≱",
    "geqslant": "⩾", "neq": "≠", "ne": "≠", "approx": "≈", "sim": "~", "simeq": "≃",
    "cong": "≅", "equiv": "≡", "propto": "∝", "ll": "≪", "gg": "≫", "lesssim": "≲",
    "gtrsim": "≳", "prec": "≺", "succ": "≻", "preceq": "⪯", "succeq": "⪰", "doteq": "≐",
    "triangleq": "≜", "coloneqq": "≔", "in": "∈", "notin": "∉", "ni": "∋", "subset": "⊂",
    "subseteq": "⊆", "supset": "⊃", "supseteq": "⊇", "sqsubseteq": "⊑", "sqsupseteq": "⊒",
    "emptyset": "∅", "varnothing": "∅", "forall": "∀", "exists": "∃", "nexists": "∄",
    "partial": "∂", "nabla": "∇", "infty": "∞", "sum": "∑", "prod": "∏", "coprod": "∐",
    "int": "∫", "oint": "∮", "bigcup": "⋃", "bigcap": "⋂", "bigoplus": "⨁",
    "bigotimes": "⨂", "bigwedge": "⋀", "bigvee": "⋁", "surd": "√",
    "to": "→", "rightarrow": "→", "leftarrow": "←", "gets": "←", "leftrightarrow": "↔",
    "Rightarrow": "⇒", "Leftarrow": "⇐", "Leftrightarrow": "⇔", "longrightarrow": "⟶",
    "longleftarrow": "⟵", "Longrightarrow": "⟹", "implies": "⟹", "iff": "⟺",
    "mapsto": "↦", "hookrightarrow": "↪", "rightsquigarrow": "⇝", "leadsto": "⇝",
    "uparrow": "↑", "downarrow": "↓", "Uparrow": "⇑", "Downarrow": "⇓",
    "vdash": "⊢", "dashv": "⊣", "models": "⊨", "vDash": "⊨", "Vdash": "⊩", "top": "⊤",
    "bot": "⊥", "perp": "⊥", "parallel": "∥", "mid": "∣", "nmid": "∤",
    "langle": "⟨", "rangle": "⟩", "lceil": "⌈", "rceil": "⌉", "lfloor": "⌊",
    "rfloor": "⌋", "lbrace": "{", "rbrace": "}", "vert": "|", "lvert": "|", "rvert": "|",
    "Vert": "‖", "lVert": "‖", "rVert": "‖", "backslash": "\\", "colon": ":",
    "ell": "ℓ", "hbar": "ℏ", "aleph": "ℵ", "wp": "℘", "Re": "ℜ", "Im": "ℑ", "prime": "′",
    "angle": "∠", "triangle": "△", "square": "□", "Box": "□", "Diamond": "◇",
    "diamond": "⋄", "sharp": "♯", "flat": "♭", "natural": "♮", "cdots": "⋯", "vdots": "⋮",
    "ddots": "⋱", "therefore": "∴", "because": "∵", "smile": "⌣", "frown": "⌢",
    "log": "log", "ln": "ln", "lg": "lg", "exp": "exp", "sin": "sin", "cos": "cos",
    "tan": "tan", "max": "max", "min": "min", "lim": "lim", "sup": "sup", "inf": "inf",
    "det": "det", "dim": "dim", "ker": "ker", "deg": "deg", "gcd": "gcd", "arg": "arg",
    "Pr": "Pr", "mod": "mod", "bmod": "mod",
    **JOURNAL_MACROS,
}  # fmt: skip

#: Control symbols (a backslash and one non-letter) that print a character or a space.
_CONTROL_SYMBOLS = {
    "&": "&", "%": "%", "_": "_", "#": "#", "$": "$", "{": "{", "}": "}",
    ",": "\u2009", ";": " ", ":": " ", ">": " ", " ": " ", "\n": " ", "\t": " ", "\\": " ",
    "!": "", "-": "", "/": "", "@": "", "*": "", "|": "‖",
}  # fmt: skip

#: Commands whose argument is not printed: sorting tricks defined in @preamble, spacing.
_DROP_ARGUMENT = {
    "noopsort": "", "noop": "", "sortnoop": "", "SortNoop": "", "nocite": "", "label": "",
    "hspace": " ", "vspace": " ", "phantom": " ", "hphantom": " ", "vphantom": "",
}  # fmt: skip

#: Commands whose argument is printed verbatim (a web address, a DOI).
_VERBATIM_ARGUMENT = {"url", "nolinkurl", "path", "doi"}
_CASE = {"uppercase": str.upper, "MakeUppercase": str.upper, "lowercase": str.lower,
         "MakeLowercase": str.lower}  # fmt: skip
_QUOTED = {"enquote", "mkbibquote"}
_MATH_ARGUMENT = {"ensuremath", "mathbb"}
_FRACTIONS = {"frac", "dfrac", "tfrac", "nicefrac", "sfrac"}
_DOUBLE_STRUCK = {"R": "ℝ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ", "P": "ℙ", "H": "ℍ"}

_SUPERSCRIPTS = dict(zip(
    "0123456789+-−=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVWβγδθφχ",
    "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂᵝᵞᵟᶿᵠᵡ",
    strict=True,
))  # fmt: skip
_SUBSCRIPTS = dict(zip(
    "0123456789+-−=()aehijklmnoprstuvxβγρφχ",
    "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ",
    strict=True,
))  # fmt: skip

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
    first = _UNDOTTED.get(text[0], text[0])
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
        """Index of ``closer`` at this group level, before ``end`` (or -1)."""
        index = self.position
        while index < end:
            token = self.tokens[index]
            if token == closer:
                return index
            index = self.closing[index] + 1 if token == "{" else index + 1
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
                table, mark = (_SUPERSCRIPTS, "^") if first == "^" else (_SUBSCRIPTS, "_")
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
            if name in _ACCENTS:
                mark, spacing = _ACCENTS[name]
                self.emit(_accent(self.text_of(self.argument(end), math), mark, spacing), style)
            elif name in _CONTROL_SYMBOLS:
                self.emit(_CONTROL_SYMBOLS[name], style)
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

        if name in _SYMBOLS:
            if not math:  # TeX ends a command name at the first space, and drops that space
                self.skip_spaces(end)
            self.emit(_SYMBOLS[name], style)
        elif name in _SWITCHES:
            if not math:
                self.skip_spaces(end)
            switched = _SWITCHES[name]
            return style if switched is None else switched
        elif name in _STYLED_ARGUMENT:
            self.render_argument(self.argument(end), math, _STYLED_ARGUMENT[name] or style)
        elif name in _ACCENTS:
            mark, spacing = _ACCENTS[name]
            self.emit(_accent(self.text_of(self.argument(end), math), mark, spacing), style)
        elif name in _VERBATIM_ARGUMENT:
            self.emit(self.verbatim(self.argument(end)), style)
        elif name == "href":
            address = self.verbatim(self.argument(end))
            text = self.argument(end)
            if text is None:
                self.emit(address, style)
            else:
                self.render_argument(text, math, style)
        elif name in _DROP_ARGUMENT:
            self.argument(end)
            self.emit(_DROP_ARGUMENT[name], style)
        elif name in _MATH_ARGUMENT:
            text = self.text_of(self.argument(end), True)
            if name == "mathbb":
                text = "".join(_DOUBLE_STRUCK.get(char, char) for char in text)
            self.emit(text, style)
        elif name in ("textsuperscript", "textsubscript"):
            table, mark = (_SUPERSCRIPTS, "^") if name == "textsuperscript" else (_SUBSCRIPTS, "_")
            self.emit(_script(self.text_of(self.argument(end), math), table, mark), style)
        elif name in _CASE:
            self.emit(_CASE[name](self.text_of(self.argument(end), math)), style)
        elif name in _QUOTED:
            self.emit("“", style)
            self.render_argument(self.argument(end), math, style)
            self.emit("”", style)
        elif name in _FRACTIONS:
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
            sign = {"3": "∛", "4": "∜"}.get(degree) or _script(degree, _SUPERSCRIPTS, "") + "√"
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
