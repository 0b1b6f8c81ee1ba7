"""Rendering BibTeX's LaTeX as Unicode, and reporting what cannot be rendered."""

from __future__ import annotations

import re

import pytest
from academic.bib.latex import (
    _matching_brace,
    _Renderer,
    latex_to_rich,
    latex_to_text,
    plain,
    unrendered,
)
from academic.bib.latex_commands import FONT_COMMANDS, JOURNAL_MACROS
from hypothesis import given, settings
from hypothesis import strategies as st

#: A command or a math shift left in rendered text: what a reader must never see.
LEFTOVER = re.compile(r"\\[A-Za-z]|\$")

ACCENTS = [
    (r"\c{c}", "ç"), (r"\c{e}", "ȩ"), (r"\c c", "ç"), (r"{\c C}i{\c c}ek", "Çiçek"),
    (r"Fran{\c c}ois", "François"), (r"W\c{e}grzynowicz", "Wȩgrzynowicz"),
    (r"\k{a}", "ą"), (r"\k e", "ę"), (r"\"o", "ö"), (r"{\"o}", "ö"), (r"Fr\"{o}mmgen", "Frömmgen"),
    (r"\'e", "é"), (r"{\'E}cole", "École"), (r"\`e", "è"), (r"\^o", "ô"), (r"\~n", "ñ"),
    (r"\v{c}", "č"), (r"\v{C}ech", "Čech"), (r"\u{a}", "ă"), (r"\H{o}", "ő"), (r"\=a", "ā"),
    (r"\.z", "ż"), (r"\r{a}", "å"), (r"\d{a}", "ạ"), (r"\b{a}", "a\u0331"), (r"\t{oo}", "o\u0361o"),
    (r"\l", "ł"), (r"\L", "Ł"), (r"\o", "ø"), (r"{\o}ystein", "øystein"), (r"\O", "Ø"),
    (r"Stra\ss e", "Straße"), (r"\ss{}", "ß"), (r"\aa", "å"), (r"\AA", "Å"), (r"\ae", "æ"),
    (r"\AE", "Æ"), (r"\oe", "œ"), (r"\i", "ı"), (r"\j", "ȷ"), (r"\'{\i}", "í"), (r"{\'\i}", "í"),
    (r"\"\i", "ï"), (r"\^{\j}", "ĵ"), (r"\'{}", "´"), (r"Magalh{\~a}es", "Magalhães"),
]  # fmt: skip

TEXT_COMMANDS = [
    (r"1990\textendash 2000", "1990–2000"), (r"a\textemdash b", "a—b"), (r"A \& B", "A & B"),
    (r"100\% GPU", "100% GPU"), (r"a\_b", "a_b"), (r"\#1", "#1"), ("a~b", "a b"),
    ("pages 1--10", "pages 1–10"), ("a---b", "a—b"), (r"and\ldots", "and…"),
    (r"and\dots{} more", "and… more"), (r"it\textquotesingle s", "it's"),
    ("``quoted''", "“quoted”"), (r"\LaTeX{} and \TeX", "LaTeX and TeX"),
    (r"\LaTeX\ rocks", "LaTeX rocks"), (r"X\textregistered", "X®"), (r"Y\texttrademark", "Y™"),
    (r"\textcopyright{} 2020", "© 2020"), (r"\S 3, \P 2", "§3, ¶2"),
    (r"a\textbackslash{}b", "a\\b"), (r"\noopsort{a}Zeta", "Zeta"), (r"\relax x", "x"),
    (r"half\/way", "halfway"), (r"hy\-phen", "hyphen"), (r"one\newblock two", "one two"),
    (r"\mbox{x y}", "x y"), (r"\{braces\}", "{braces}"), (r"{GPU} model", "GPU model"),
    (r"a \\ b", "a b"), (r"p\,=\,0.05", "p\u2009=\u20090.05"),
    (r"\textsc{Abc} \textsf{d}", "Abc d"),
    (r"\texttt{e}\textrm{f}\textup{g}\textnormal{h}", "efgh"), (r"{\textgreater}50", ">50"),
    (r"nai\textasciidieresis{}ve", "nai¨ve"), (r"\textthreequarters\textquestiondown{}", "¾¿"),
    (r"\textasciitilde{}user", "~user"), (r"\guillemotleft{}x\guillemotright", "«x»"),
    (r"\dh\th", "ðþ"), (r"\enquote{q}", "“q”"), (r"\MakeUppercase{up}", "UP"),
    (r"\hspace{1em}x", " x"), (r"\$5", "$5"), ("a  \n\t b", "a b"),
]  # fmt: skip

LINKS = [
    (r"\url{http://x.org/~a\%20b}", "http://x.org/~a%20b"),
    (r"see \url{https://e.org/a_b}", "see https://e.org/a_b"),
    (r"\href{http://a.org}{the \emph{text}}", "the text"),
    (r"\doi{10.1145/x_y}", "10.1145/x_y"),
    (r"\url{\c{c}}", "ç"),
]

MATH = [
    (r"$\lambda$-calculus", "λ-calculus"), (r"{C}$^\sharp$ Generics", "C♯ Generics"),
    (r"C$^\sharp$", "C♯"), (r"$\alpha$-$\beta$", "α-β"), (r"$O(n^2)$", "O(n²)"),
    (r"$\mathcal{O}$", "O"), (r"$\mathcal{O}(n \log n)$", "O(n log n)"),
    (r"$\Gamma\Delta\Omega$", "ΓΔΩ"), (r"System F$\omega$", "System Fω"),
    (r"$\times$ $\cdot$ $\pm$", "× · ±"), (r"$\leq$ $\geq$ $\neq$", "≤ ≥ ≠"),
    # NASA ADS writes "<" and ">" as MathJax does: "$\lt$ 5 keV".
    (r"$\lt$ 5 keV, $\gt$ 1", "< 5 keV, > 1"), (r"$a \le b \ge c \ne d$", "a ≤ b ≥ c ≠ d"),
    (r"$\approx$ $\sim$ $\infty$", "≈ ~ ∞"), (r"$\rightarrow$ $\to$ $\ell$", "→ → ℓ"),
    (r"$\sharp$ $\flat$ $\star$", "♯ ♭ ⋆"), (r"$\dagger$ $\circ$ $\in$", "† ∘ ∈"),
    (r"$\vdash$ $\top$", "⊢ ⊤"), (r"$\sqrt{2}$", "√2"), (r"$\sqrt{ab}$", "√(ab)"),
    (r"$\sqrt[3]{x}$", "∛x"), (r"{\ensuremath{\sim}}10 km", "~10 km"),
    (r"\ensuremath{\alpha}", "α"), (r"21\textsuperscript{th}", "21ᵗʰ"),
    (r"CO\textsubscript{2}", "CO₂"), (r"H$_2$O", "H₂O"), (r"$x_{ij}$", "xᵢⱼ"),
    (r"$10^{-3}$", "10⁻³"), (r"$x^q$", "x^q"), (r"$e^{i\pi}$", "e^(iπ)"), (r"$f'(x)$", "f′(x)"),
    (r"$\mathbb{R}^n$", "ℝⁿ"), (r"$\frac{1}{2}$", "1/2"), (r"$a \not= b$", "a ≠ b"),
    (r"p\,{$>$}\,0.05", "p\u2009>\u20090.05"), (r"\(x^2\)", "x²"), (r"\[y\]", "y"),
    (r"M$_\odot$", "M⊙"), (r"$\left( x \right)$", "( x )"),
]  # fmt: skip

JOURNALS = [
    (r"\aj", "Astronomical Journal"), (r"{\apj}", "Astrophysical Journal"),
    (r"\apjl", "Astrophysical Journal Letters"), (r"\mnras", JOURNAL_MACROS["mnras"]),
    (r"\aap", "Astronomy and Astrophysics"), (r"\pasp", JOURNAL_MACROS["pasp"]),
    (r"\prd", "Physical Review D"), (r"\psj", "Planetary Science Journal"),
    (r"\nat", "Nature"), (r"\procspie", "Proceedings of the SPIE"),
]  # fmt: skip

CASES = ACCENTS + TEXT_COMMANDS + LINKS + MATH + JOURNALS


@pytest.mark.parametrize(("latex", "text"), CASES)
def test_latex_to_text(latex, text):
    assert latex_to_text(latex) == text
    assert unrendered(latex) == ()


def test_every_aastex_journal_macro_is_spelled_out():
    assert len(JOURNAL_MACROS) >= 56
    for macro, name in JOURNAL_MACROS.items():
        assert latex_to_text(f"\\{macro}") == name
        assert latex_to_text(f"journal {{\\{macro}}}, 12") == f"journal {name}, 12"


def test_journal_macros_are_case_sensitive():
    assert latex_to_text(r"\AJ") == "AJ"
    assert unrendered(r"\AJ") == (r"\AJ",)


@pytest.mark.parametrize(("latex", "rich"), [
    (r"A \emph{new} \textbf{bold} {GPU} model",
     (("A ", ""), ("new", "em"), (" ", ""), ("bold", "strong"), (" GPU model", ""))),
    (r"\textit{a} \textsl{b}", (("a", "em"), (" ", ""), ("b", "em"))),
    (r"{\em x} y {\bf z}", (("x", "em"), (" y ", ""), ("z", "strong"))),
    (r"{\it italic} {\itshape too}", (("italic", "em"), (" ", ""), ("too", "em"))),
    (r"{\bfseries b}", (("b", "strong"),)),
    (r"\emph{a \textbf{b}}", (("a ", "em"), ("b", "strong"))),
    (r"  \emph{ spaced }  out ", (("spaced ", "em"), ("out", ""))),
    (r"\textsc{Caps} and \texttt{mono}", (("Caps and mono", ""),)),
    (r"\href{http://a}{\emph{x}}", (("x", "em"),)),
])  # fmt: skip
def test_font_commands_become_styled_runs(latex, rich):
    assert latex_to_rich(latex) == rich


def test_plain_runs_take_the_given_style():
    assert latex_to_rich(r"a \textbf{b}", "em") == (("a ", "em"), ("b", "strong"))
    assert latex_to_rich("plain", "strong") == (("plain", "strong"),)


def test_rich_text_matches_text():
    for latex, text in CASES:
        assert plain(latex_to_rich(latex)) == text.strip()


def test_text_keeps_outer_space_and_rich_strips_it():
    assert latex_to_text(" a  b ") == " a b "
    assert latex_to_text(r" \emph{a} ") == " a "
    assert latex_to_rich(" a ") == (("a", ""),)
    assert latex_to_rich("") == ()
    assert latex_to_text("") == ""


@pytest.mark.parametrize(("latex", "text", "reported"), [
    (r"\foo{bar} baz", "bar baz", (r"\foo",)),
    (r"\foo baz", "foo baz", (r"\foo",)),
    (r"\foo{} baz", "foo baz", (r"\foo",)),
    (r"Wadler cites it in \cite{wadler93}", "Wadler cites it in wadler93", (r"\cite",)),
    (r"(\eg, compared)", "(eg, compared)", (r"\eg",)),
    (r"$\bogus$ and \bogus \other", "bogus and bogus other", (r"\bogus", r"\other")),
    ("costs $5", "costs $5", ("$",)),
    (r"\(x", "x", (r"\(",)),
    (r"ends with \\", "ends with ", ()),
    ("ends with \\", "ends with ", ("\\",)),
    (r"a\<b", "a<b", (r"\<",)),
])  # fmt: skip
def test_what_cannot_be_rendered_is_reported(latex, text, reported):
    assert latex_to_text(latex) == text
    assert unrendered(latex) == reported


def test_reports_are_in_order_and_once():
    assert unrendered(r"\b{x}\zz \aa \yy \zz{q} $") == (r"\zz", r"\yy", "$")


def test_commands_latexcodec_knows_are_rendered():
    assert latex_to_text(r"\guillemotleft") == "«"
    assert unrendered(r"\guillemotleft") == ()


@pytest.mark.parametrize("value", ["Plain title", "Frömmgen", "x-y", "", "{GPU}s"])
def test_values_without_latex_are_taken_as_they_are(value):
    assert latex_to_text(value) == value.replace("{", "").replace("}", "")
    assert unrendered(value) == ()


@pytest.mark.parametrize(("value", "text"), [
    ("STOC '22", "STOC \u201922"), ("it's", "it\u2019s"), ("`quoted'", "\u2018quoted\u2019"),
    ("``STOC '22''", "\u201cSTOC \u201922\u201d"), ("$f'$", "f\u2032"),
])
def test_quotes_are_set_as_tex_sets_them(value, text):
    """TeX's ' is a closing quote or an apostrophe, never an opening quote: "STOC '22" reads
    ’22 (a page's typographic quotes would guess ‘22)."""
    assert latex_to_text(value) == text
    assert unrendered(value) == ()


def test_matching_brace():
    assert _matching_brace(r"{a{b}\}c}d", 0) == 8
    assert _matching_brace("{a", 0) == -1


def test_font_commands_table_is_unchanged():
    assert FONT_COMMANDS["emph"] == "em" and FONT_COMMANDS["textbf"] == "strong"


# --- properties -------------------------------------------------------------------------------

#: Pieces real fields are made of; the property tests combine them at random.
PIECES = [latex for latex, _text in CASES] + [
    " ", "{", "}", "$", "\\", "~", "^", "_", "--", "''", "a", "Zeta", r"\foo", "{x}", r"\emph{",
    "\\'", r"\c", r"\url{", r"\sqrt[", "[", "]", r"\(", r"\)", "$$", "\u00a0", "ü",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=8).map("".join))
def test_any_mix_renders_without_error_or_leftover(value):
    text = latex_to_text(value)
    rich = latex_to_rich(value)
    assert plain(rich) == text.strip()
    assert "  " not in text
    if not unrendered(value) and r"\textbackslash" not in value and r"\$" not in value:
        assert not LEFTOVER.search(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_characters="\\$~{}`'-"), max_size=40))
def test_text_without_latex_only_has_whitespace_collapsed(value):
    assert latex_to_text(value) == re.sub(r"\s+", " ", value)


class CountedTokens(list):
    """A renderer's tokens, counting how often one is read."""

    reads = 0

    def __getitem__(self, index):
        self.reads += 1
        return super().__getitem__(index)


@pytest.mark.parametrize("opener", [r"\(", r"\[", r"$\("])
def test_unclosed_math_is_rendered_in_work_linear_in_its_length(opener):
    """Each unclosed ``\\(`` looks for its ``\\)``; one that found none spares the next the
    same search to the value's end (20,000 characters of them took four seconds)."""
    renderer = _Renderer(opener * 2000)
    tokens = renderer.tokens = CountedTokens(renderer.tokens)
    _text, missing = renderer.render()
    assert missing == (opener[-2:],)
    assert tokens.reads < 10 * len(tokens)  # twice per token; a search to the end each: 2,000×
