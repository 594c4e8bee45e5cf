"""paper-reader: a keyboard-first terminal reader for the Hugging Face Daily Papers feed."""

__version__ = "0.1.0"
