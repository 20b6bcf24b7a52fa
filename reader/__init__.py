"""reader: a terminal reader for Chinese newspaper pages.

The package root stays light: it never imports the terminal UI, so scripts and
the command line's `parse`/`search`/`tag` never pay for Textual.
"""

__version__ = "0.1.0"

__all__ = ["__version__", "load_corpus"]


def __getattr__(name: str) -> object:  # lazy, so `import reader` stays cheap
    if name == "load_corpus":
        from reader.corpus import load_corpus

        return load_corpus
    raise AttributeError(name)
