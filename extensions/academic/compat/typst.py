"""A panic of Typst's own code, told apart from the errors of the document it typesets.

typst-py reports a mistake in the document as a ``RuntimeError``. Typst's Rust code can also
panic (one seen on a word of 32,768 accented letters: "end byte index 65535 is not a char
boundary"), and PyO3, which binds it to Python, raises that as
``pyo3_runtime.PanicException``, a ``BaseException`` that no module exports under a public name.
:func:`is_panic` recognises it by its class's module and name, so that the CV's PDF is left
out with a warning rather than the build ending in a traceback, while any other exception
(the extension's own bug) still ends it. Checked on typst 0.15 (the version ``uv.lock`` pins);
the supported alternative would be typst-py turning a panic into its own error.
[test_typst_panic]
"""

from __future__ import annotations

PANIC = ("pyo3_runtime", "PanicException")


def is_panic(error: BaseException) -> bool:
    """Whether ``error`` is a Rust panic raised through PyO3."""
    kind = type(error)
    return (kind.__module__, kind.__name__) == PANIC
