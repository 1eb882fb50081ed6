"""Splitting text into the tokens a redline is made of.

A token is a word or one other character (punctuation, a quote, a symbol), each with
the whitespace that follows it, so that the engine handles half as many units and a
redline still never cuts inside a word. Letters, digits and combining marks make up a
word (Arabic with its vowel signs, a decomposed accent); ideographs, kana and hangul
are one token each, since those scripts do not separate words with spaces.
Concatenating the tokens always gives back the text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator


def _ranges(codepoints: list[int]) -> str:
    """A regex character class body for the given (sorted, non-empty) code points, as ranges."""
    out: list[str] = []
    start = prev = codepoints[0]
    for cp in codepoints[1:] + [-2]:
        if cp == prev + 1:
            prev = cp
            continue
        out.append(re.escape(chr(start)) + ("-" + re.escape(chr(prev)) if prev != start else ""))
        start = prev = cp
    return "".join(out)


# Combining marks (Arabic vowel signs, a decomposed accent) belong to their word; Python's
# `re` does not count them as word characters, so the class is built from Unicode itself.
_MARKS = _ranges([cp for cp in range(0x30000) if unicodedata.category(chr(cp)).startswith("M")]) + "\U000e0100-\U000e01ef"
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\U00020000-\U0002fa1f"
_RUN = rf"[^\W_{_CJK}]++(?:[{_MARKS}]++[^\W_{_CJK}]*+)*+"  # letters and digits, marks among them
_WORD = rf"(?:{_RUN}|[{_MARKS}]++(?:{_RUN})?+)(?:['’]{_RUN})*+"
# Possessive quantifiers: nothing after a word or its spaces can fail, so backtracking could
# never change a match, and forbidding it makes the scan about a fifth faster.
TOKEN = re.compile(rf"(?:[{_CJK}]|{_WORD}|\S)\s*+|^\s++", re.DOTALL)
_SIMPLE_TOKEN = re.compile(r"[^\W_]++(?:['’][^\W_]++)*+\s*+|\S\s*+|^\s++")
# The same for ASCII text, where a letter class is a plain range: the redline's most common case.
_ASCII_TOKEN = re.compile(r"[A-Za-z0-9]++(?:'[A-Za-z0-9]++)*+\s*+|\S\s*+|^\s++")
_WORDS = re.compile(rf"[{_CJK}]|{_WORD}")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'",
                         "\u00a0": " ", "\u2009": " ", "\u202f": " "})
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_CJK_CLASS = re.compile(rf"[{_CJK}]")


def _needs_full_pattern(text: str) -> bool:
    """Does the text hold a combining mark or an ideograph (that the simple pattern would split)?"""
    for ch in set(_NON_ASCII.findall(text)):
        if unicodedata.category(ch)[0] == "M" or _CJK_CLASS.match(ch):
            return True
    return False


def tokenize(text: str) -> list[str]:
    """All tokens of `text`, in order; ''.join(tokenize(t)) == t."""
    if text.isascii():
        return _ASCII_TOKEN.findall(text)  # the common case, three times as fast as TOKEN
    if not _needs_full_pattern(text):
        return _SIMPLE_TOKEN.findall(text)
    return TOKEN.findall(text)


def is_word(token: str) -> bool:
    """A token that holds a word (not punctuation, not whitespace)."""
    head = token[:1]
    return bool(head) and (head.isalnum() or unicodedata.category(head).startswith("M"))


def normalize(token: str) -> str:
    """The comparison key of a word: case-folded, typographic quotes and odd spaces made plain."""
    return unicodedata.normalize("NFKC", token.strip().translate(_QUOTES)).casefold()


def words(text: str) -> list[str]:
    """The normalized words of `text`, punctuation and spacing dropped: for matching, not display."""
    return [normalize(m.group()) for m in _words(text)]


def word_spans(text: str) -> list[tuple[str, int, int]]:
    """Each word's normalized form with its character span in `text`."""
    return [(normalize(m.group()), m.start(), m.end()) for m in _words(text)]


def _words(text: str) -> Iterator[re.Match[str]]:
    """Words and single ideographs, as matches."""
    return _WORDS.finditer(text)
