"""Errors that reach the user as one clear line (the CLI exits with status 2)."""


class BanmianError(Exception):
    """Base class for errors about the user's input, never about a bug."""


class InputError(BanmianError):
    """The input cannot be read as newspaper pages (missing, binary, undecodable, ...)."""


class NoTextLayerError(InputError):
    """A PDF none of whose chosen pages has a text layer (a scan): OCR can read it."""
