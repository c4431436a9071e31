"""Synthetic newspaper pages with known ground truth: clean articles laid out as raw dumps.

>>> from banmian.synth import generate_page
>>> page = generate_page(7, "ocr")
>>> page.gold["schema"]
'gold/page@1'
"""

from __future__ import annotations

from banmian.synth.articles import CleanArticle, load_clean_articles
from banmian.synth.page import SynthPage, generate_page, generate_pages, page_seed, write_pages
from banmian.synth.profiles import (
    CONVENTION_DOMAINS,
    CONVENTION_OFF,
    FAMILY_NAMES,
    KNOB_DOMAINS,
    PROFILE_NAMES,
    PROFILES,
    LayoutKnobs,
)

__all__ = [
    "CONVENTION_DOMAINS",
    "CONVENTION_OFF",
    "FAMILY_NAMES",
    "KNOB_DOMAINS",
    "PROFILES",
    "PROFILE_NAMES",
    "CleanArticle",
    "LayoutKnobs",
    "SynthPage",
    "generate_page",
    "generate_pages",
    "load_clean_articles",
    "page_seed",
    "write_pages",
]
