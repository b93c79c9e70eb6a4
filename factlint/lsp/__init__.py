"""factlint's language server (the `lsp` extra: pygls and lsprotocol). Importing this package needs neither."""

from __future__ import annotations

from factlint.errors import FactlintError

INSTALL_HINT = "pip install 'factlint[lsp]'"


def serve() -> None:
    """Speak LSP over stdin and stdout until the client exits."""
    try:
        import lsprotocol  # noqa: F401
        import pygls  # noqa: F401
    except ImportError:
        raise FactlintError(f"the language server needs pygls and lsprotocol: {INSTALL_HINT}") from None
    from factlint.lsp.server import serve as start

    start()
