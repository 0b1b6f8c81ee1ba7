"""What each LaTeX command found in BibTeX prints: the tables of :mod:`.latex`'s renderer.

Font commands and switches and the style of their text, accents as Unicode combining marks,
symbols of text and math (Greek letters, AASTeX's journal macros as NASA ADS exports them),
commands whose argument is dropped, kept verbatim or changed in case, super- and subscripts.
Data apart from the renderer: a command the site learns to render is one line here, and the
renderer's logic does not move. Nothing here knows about Sphinx.
"""

from __future__ import annotations

#: Font commands with one argument, and the style of their text ("" keeps the outer style).
FONT_COMMANDS = {
    "emph": "em", "textit": "em", "textsl": "em",
    "textbf": "strong",
    "textrm": "", "textsf": "", "texttt": "", "textsc": "", "textnormal": "", "textup": "",
}  # fmt: skip

#: More one-argument commands that only style (or merely wrap) their text.
STYLED_ARGUMENT = {
    **FONT_COMMANDS,
    "textmd": "", "mbox": "", "hbox": "", "text": "", "mkbibemph": "em", "mkbibitalic": "em",
    "mkbibbold": "strong", "uline": "", "underline": "", "textnormal": "", "nocorr": "",
    # math alphabets: the letters, upright (a web page cannot match the TeX fonts anyway)
    "mathrm": "", "mathcal": "", "mathbf": "", "mathit": "", "mathsf": "", "mathtt": "",
    "mathfrak": "", "mathscr": "", "mathnormal": "", "boldsymbol": "", "bm": "",
    "operatorname": "",
}  # fmt: skip

#: Old-style switches, in force to the end of the enclosing group: ``{\\em word}``.
SWITCHES = {
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
ACCENTS = {
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
UNDOTTED = {"ı": "i", "ȷ": "j"}

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

GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
    "varkappa": "ϰ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "omicron": "ο", "pi": "π",
    "varpi": "ϖ", "rho": "ρ", "varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ",
    "upsilon": "υ", "phi": "ϕ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
    "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
    "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}  # fmt: skip

#: Commands without arguments and what they print, in text or math.
SYMBOLS = {
    **GREEK,
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
CONTROL_SYMBOLS = {
    "&": "&", "%": "%", "_": "_", "#": "#", "$": "$", "{": "{", "}": "}",
    ",": "\u2009", ";": " ", ":": " ", ">": " ", " ": " ", "\n": " ", "\t": " ", "\\": " ",
    "!": "", "-": "", "/": "", "@": "", "*": "", "|": "‖",
}  # fmt: skip

#: Commands whose argument is not printed: sorting tricks defined in @preamble, spacing.
DROP_ARGUMENT = {
    "noopsort": "", "noop": "", "sortnoop": "", "SortNoop": "", "nocite": "", "label": "",
    "hspace": " ", "vspace": " ", "phantom": " ", "hphantom": " ", "vphantom": "",
}  # fmt: skip

#: Commands whose argument is printed verbatim (a web address, a DOI).
VERBATIM_ARGUMENT = {"url", "nolinkurl", "path", "doi"}

CASE = {"uppercase": str.upper, "MakeUppercase": str.upper, "lowercase": str.lower,
         "MakeLowercase": str.lower}  # fmt: skip

QUOTED = {"enquote", "mkbibquote"}

MATH_ARGUMENT = {"ensuremath", "mathbb"}

FRACTIONS = {"frac", "dfrac", "tfrac", "nicefrac", "sfrac"}

DOUBLE_STRUCK = {"R": "ℝ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ", "P": "ℙ", "H": "ℍ"}

SUPERSCRIPTS = dict(zip(
    "0123456789+-−=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVWβγδθφχ",
    "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂᵝᵞᵟᶿᵠᵡ",
    strict=True,
))  # fmt: skip

SUBSCRIPTS = dict(zip(
    "0123456789+-−=()aehijklmnoprstuvxβγρφχ",
    "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ",
    strict=True,
))  # fmt: skip
