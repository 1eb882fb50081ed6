"""Splitting text into the tokens a redline is made of.

A token is a word, a run of whitespace, or one other character (punctuation, a quote,
a symbol). Ideographs (Chinese, Japanese) are one token each, since those scripts do
not separate words with spaces. Concatenating the tokens always gives back the text.
"""

from __future__ import annotations

import re
import unicodedata

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
TOKEN = re.compile(
    rf"[{_CJK}]"                      # one ideograph / kana / hangul syllable
    rf"|(?:(?![{_CJK}])[^\W_])+"       # a word: letters, digits, combining marks (Arabic too)
    r"(?:['’](?:(?![" + _CJK + r"])[^\W_])+)*"  # with inner apostrophes: victims’, States'
    r"|\s+"                           # whitespace, non-breaking spaces included
    r"|.",                            # anything else, one character at a time
    re.DOTALL,
)
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'",
                         "\u00a0": " ", "\u2009": " ", "\u202f": " "})


def tokenize(text: str) -> list[str]:
    """All tokens of `text`, in order; ''.join(tokenize(t)) == t."""
    return TOKEN.findall(text)


def is_word(token: str) -> bool:
    return bool(token) and (token[0].isalnum() or unicodedata.category(token[0]).startswith("M"))


def normalize(token: str) -> str:
    """The comparison key of a token: case-folded, typographic quotes and odd spaces made plain."""
    return unicodedata.normalize("NFKC", token.translate(_QUOTES)).casefold()


def words(text: str) -> list[str]:
    """The normalized words of `text`, punctuation and spacing dropped: for matching, not display."""
    return [normalize(t) for t in tokenize(text) if is_word(t)]


def word_spans(text: str) -> list[tuple[str, int, int]]:
    """Each word's normalized form with its character span in `text`."""
    out = []
    pos = 0
    for tok in tokenize(text):
        if is_word(tok):
            out.append((normalize(tok), pos, pos + len(tok)))
        pos += len(tok)
    return out
