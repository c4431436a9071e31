"""The web reader: search the archive, read articles, see each page beside its source text."""

from banmian.web.app import create_app

__all__ = ["create_app"]
