"""Placing a delegation's input into the paragraph it amends.

Inputs come in three shapes: the whole paragraph rewritten; an excerpt with ellipses
(Belarus on PP4: "...which builds on other related conventions and instruments such as
ILO conventions 29 and 182..."); or an instruction (Japan on PP5: `Delete "aforementioned
United Nations"`). Each is turned into the full paragraph as proposed, with a confidence.
One that cannot be placed reliably is flagged for a person, never guessed silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from app.text.tokens import word_spans, words

REVIEW_BELOW = 0.5  # placements less sure than this are flagged for a person
ELLIPSIS = re.compile(r"\[\s*(?:\.\s*){2,}\]|\[…\]|(?:\.\s*){2,}\.?|…")
# "PP.4 ", "OP2(c): ", "15. ", "19 bis " are labels; a bare number followed by a word ("15 States
# have ...") is the paragraph's own first word and stays.
LEADING_LABEL = re.compile(r"^\s*(?:(?:PP|OP)\s?\.?\s?\d+[a-z]*(?:\s?\([a-z]\))?\s*[.:]?|\d{1,2}\s?(?:bis|ter)\s*[.:]?"
                           r"|\d{1,2}[a-z]?\s*[.:)])\s+", re.IGNORECASE)
NO_TEXT = ("comment", "move", "merge")


@dataclass(frozen=True)
class Placement:
    """The proposal as a full paragraph (None when it cannot be built), and how sure we are."""

    text: str | None
    confidence: float
    method: str  # whole | excerpt | instruction | delete | none
    flagged: bool
    reason: str


def strip_label(text: str) -> str:
    """Drop a paragraph number the delegation repeated ("PP.4 Reaffirming ...")."""
    return LEADING_LABEL.sub("", text, count=1)


def place(kind: str, base: str, proposal: str) -> Placement:
    """The full proposed paragraph for an input of `kind` on `base`."""
    if kind == "delete":
        return Placement("", 1.0, "delete", False, "the paragraph is deleted")
    if kind in NO_TEXT or not proposal.strip():
        return Placement(None, 1.0, "none", False, "no text proposed")
    if kind == "instruction":
        return apply_instructions(base, proposal)
    if kind == "excerpt" or ELLIPSIS.search(proposal):
        return place_excerpt(base, proposal)
    return Placement(strip_label(proposal).strip(), 1.0, "whole", False, "the whole paragraph as proposed")


# --- excerpts -------------------------------------------------------------------------

@dataclass
class _Segment:
    text: str
    open_start: bool  # an ellipsis before it: it starts inside the paragraph
    open_end: bool


def _segments(excerpt: str) -> list[_Segment]:
    parts = ELLIPSIS.split(excerpt)
    out = []
    for i, part in enumerate(parts):
        if part.strip() and words(part):
            out.append(_Segment(part.strip(" \n\t,;"), i > 0, i < len(parts) - 1))
    return out


def _anchor_blocks(base_w: list[str], seg_w: list[str], start: int) -> list[tuple[int, int, int]]:
    """Matching word blocks that hang together around the longest one (base_index, seg_index, n)."""
    sm = SequenceMatcher(None, base_w[start:], seg_w, autojunk=False)
    blocks = [(a + start, b, n) for a, b, n in sm.get_matching_blocks() if n]
    if not blocks:
        return []
    best = max(blocks, key=lambda blk: blk[2])
    chosen = [best]
    for blk in sorted(blocks, key=lambda blk: -blk[2]):
        if blk is best:
            continue
        before = [c for c in chosen if c[0] < blk[0]]
        after = [c for c in chosen if c[0] > blk[0]]
        ok_before = all(c[1] < blk[1] for c in before) and all(c[1] > blk[1] for c in after)
        near = min(abs(blk[0] - c[0]) - abs(blk[1] - c[1]) for c in chosen) <= 6
        if ok_before and near:
            chosen.append(blk)
    return sorted(chosen)


def _place_segment(base: str, spans: list[tuple[str, int, int]], seg: _Segment, start: int
                   ) -> tuple[tuple[int, int], float, int] | None:
    """The character region of `base` the segment replaces, its confidence, and the next word index."""
    base_w = [w for w, _, _ in spans]
    seg_w = words(seg.text)
    blocks = _anchor_blocks(base_w, seg_w, start)
    matched = sum(n for _, _, n in blocks)
    if not blocks or max(n for _, _, n in blocks) < 2:
        return None
    first, last = blocks[0], blocks[-1]
    w_start, w_end = first[0], last[0] + last[2]
    prefix, suffix = first[1], len(seg_w) - (last[1] + last[2])
    if prefix and not seg.open_start and w_start <= prefix + 3:
        w_start = 0  # the excerpt starts the paragraph and rewrites its opening words
    if suffix and not seg.open_end and len(base_w) - w_end <= suffix + 3:
        w_end = len(base_w)  # the excerpt ends the paragraph and rewrites its closing words
    region_len = w_end - w_start
    confidence = 2 * matched / (len(seg_w) + region_len)
    c_start = spans[w_start][1] if w_start < len(spans) else len(base)
    c_end = spans[w_end - 1][2] if w_end > 0 else 0
    if w_end == len(base_w) and not seg.open_end:
        c_end = len(base.rstrip())  # the excerpt ends the paragraph: its own ending replaces the base's
    # an excerpt that goes on ("... at high risk of trafficking ...") leaves the base's closing ";" in place
    return (c_start, c_end), confidence, w_end


def place_excerpt(base: str, excerpt: str) -> Placement:
    """Replace the passages of `base` that each ellipsis-delimited segment rewrites."""
    segs = _segments(excerpt)
    if not segs:
        return Placement(None, 0.0, "excerpt", True, "the excerpt has no words")
    spans = word_spans(base)
    regions: list[tuple[tuple[int, int], str]] = []
    confidences = []
    cursor = 0
    for seg in segs:
        found = _place_segment(base, spans, seg, cursor)
        if found is None:
            return Placement(None, 0.0, "excerpt", True, f"no anchor for “{seg.text[:60]}” in the paragraph")
        region, conf, cursor = found
        regions.append((region, seg.text))
        confidences.append(conf)
    text = base
    for (s, e), seg_text in reversed(regions):
        text = _splice(text, s, e, seg_text)
    confidence = min(confidences)
    flagged = confidence < REVIEW_BELOW
    reason = "placed by word alignment" + (": weak anchor, check by hand" if flagged else "")
    return Placement(text, round(confidence, 3), "excerpt", flagged, reason)


def _splice(text: str, start: int, end: int, insert: str) -> str:
    """Put `insert` in place of text[start:end], keeping single spaces at the seams."""
    left, right = text[:start], text[end:]
    if insert and left and not left[-1].isspace() and insert[0].isalnum():
        insert = " " + insert
    if insert and right and right[0].isalnum() and not insert[-1].isspace():
        insert += " "
    if not insert:
        left = left.rstrip(" ") + (" " if right[:1].isalnum() and left.strip() else "")
        right = right.lstrip(" ") if left.endswith(" ") or not left else right
    return left + insert + right


# --- instructions ---------------------------------------------------------------------

QUOTE = r"⟦(?P<{name}>\d+)⟧"  # a quoted passage, lifted out by _lift_quotes


def _q(name: str) -> str:
    return QUOTE.replace("{name}", name)


def _lift_quotes(instruction: str) -> tuple[str, list[str]]:
    """Replace each quoted passage by ⟦n⟧, honouring nested curly quotes.

    Japan on PP4 quotes a quote: `Add, after "...", "(hereinafter "Trafficking in Persons
    Protocol")"`; a regex stops at the first closing mark, a depth count does not.
    """
    out: list[str] = []
    quotes: list[str] = []
    buf: list[str] = []
    depth, straight = 0, False
    for i, ch in enumerate(instruction):
        prev = instruction[i - 1] if i else " "
        nxt = instruction[i + 1] if i + 1 < len(instruction) else " "
        apostrophe = ch in "’'" and prev.isalnum() and nxt.isalnum()
        if not straight and ch in "“‘" and not apostrophe:
            depth += 1
            if depth == 1:
                continue
        elif not straight and ch in "”’" and depth and not apostrophe:
            depth -= 1
            if depth == 0:
                quotes.append("".join(buf))
                out.append(f"⟦{len(quotes) - 1}⟧")
                buf = []
                continue
        elif ch == '"' and depth == 0:
            straight = not straight
            if not straight:
                quotes.append("".join(buf))
                out.append(f"⟦{len(quotes) - 1}⟧")
                buf = []
            continue
        (buf if depth or straight else out).append(ch)
    if buf:  # an unclosed quote runs to the end (the scan often lost the closing mark)
        quotes.append("".join(buf))
        out.append(f"⟦{len(quotes) - 1}⟧")
    return "".join(out), quotes


ADD = r"(?:add|adding|insert|inserting|include|including)"
DEL = r"(?:delete|deleting|remove|removing|strike out|strike)"
REPL = r"(?:replace|replacing|substitute|substituting|change|changing)"
LINE = r"(?:\s*,?\s*in (?:the same )?line(?:\s*\d+)?)?"
AFTER = r"(?:after|following)"
END = r"at the end(?: of (?:the )?(?:paragraph|sentence))?"
RAW = r"(?P<yraw>[^⟦.;]{3,})"  # unquoted words to put in ("include religious-based communities")
XS = r"(?P<xs>⟦\d+⟧(?:\s*(?:,|and|,\s*and)\s*⟦\d+⟧)*)"  # "Delete "both" and "and perpetrators""
PATTERNS: list[tuple[str, re.Pattern[str]]] = [(action, re.compile(rx, re.I)) for action, rx in [
    ("replace", rf"{DEL}\s+{_q('x')}{LINE}\s*,?\s*and\s+replace\s+(?:it\s+|them\s+)?(?:with|by)\s*{_q('y')}"),
    ("replace", rf"{REPL}\s+(?:the words?\s+)?{_q('x')}{LINE}\s*(?:with|by|to)\s*{_q('y')}"),
    ("after", rf"{ADD},?\s+{AFTER}:?\s+{_q('x')}{LINE},?\s*{_q('y')}"),
    ("after", rf"{AFTER}\s+{_q('x')}{LINE},?\s*{ADD}:?\s*{_q('y')}"),
    ("after", rf"{ADD}\s+{_q('y')}\s*{AFTER}\s+{_q('x')}"),
    ("after", rf"{AFTER}\s+(?:the\s+)?{_q('x')}{LINE},?\s*{ADD}:?\s+{RAW}"),
    ("before", rf"{ADD}\s+{_q('y')}\s*before\s+{_q('x')}"),
    ("before", rf"before\s+{_q('x')}{LINE},?\s*{ADD}:?\s*{_q('y')}"),
    ("end", rf"{ADD}\s+{_q('y')}\s*{END}"),
    ("end", rf"{ADD}:?\s+{END}(?:\s+{AFTER}\s+{_q('x')})?[,:]?\s*{_q('y')}"),
    ("end", rf"{END},?\s*{ADD}:?\s*{_q('y')}"),
    ("delete", rf"{DEL}\s+(?:the words?\s+)?{XS}"),
    ("delete", rf"{_q('x')}{LINE}\s*(?:should|shall|to)\s+be\s+deleted"),
]]


@dataclass(frozen=True)
class Instruction:
    action: str  # replace | after | before | end | delete
    target: str  # the quoted words of the paragraph ("" for end)
    text: str  # the words to put in
    target_mark: str = ""  # the punctuation the quoted target ended with (after “all forms of exploitation,”)


def parse_instructions(instruction: str) -> list[Instruction]:
    """Every edit the common forms of instruction spell out, in the order written."""
    skeleton, quotes = _lift_quotes(instruction)
    found: list[tuple[int, Instruction]] = []
    taken: list[tuple[int, int]] = []
    for action, pattern in PATTERNS:
        for m in pattern.finditer(skeleton):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            groups = m.groupdict()
            y, raw = groups.get("y"), groups.get("yraw")
            addition = _addition(quotes[int(y)]) if y else (raw or "").strip()
            targets = re.findall(r"⟦(\d+)⟧", groups["xs"]) if groups.get("xs") else [groups.get("x")]
            for x in targets:
                found.append((m.start(), Instruction(action, _clean(quotes[int(x)]) if x else "", addition,
                                                     _end_mark(quotes[int(x)]) if x else "")))
    return [ins for _, ins in sorted(found, key=lambda t: t[0])]


def _clean(quoted: str) -> str:
    """Words to find in the paragraph: ellipses and edge punctuation do not help finding them."""
    return ELLIPSIS.sub(" ", quoted).strip(" ,;")


def _end_mark(quoted: str) -> str:
    """The comma or semicolon a quoted target ends with, if any."""
    tail = quoted.rstrip()
    return tail[-1] if tail[-1:] in (",", ";") else ""


def _addition(quoted: str) -> str:
    """Words to put in, as written: a leading comma (", where appropriate,") is part of them."""
    return ELLIPSIS.sub(" ", quoted).strip()


def _locate(text: str, target: str) -> tuple[int, int, float] | None:
    """Character span of the words `target` in `text`: exact word match, else the best near match."""
    spans = word_spans(text)
    tw = words(target)
    if not tw:
        return None
    tw_len = len(tw)
    base_w = [w for w, _, _ in spans]
    for i in range(len(base_w) - tw_len + 1):
        if base_w[i:i + tw_len] == tw:
            return spans[i][1], spans[i + tw_len - 1][2], 1.0
    best = None
    for i in range(max(1, len(base_w) - tw_len + 1)):
        window = base_w[i:i + tw_len]
        ratio = SequenceMatcher(None, window, tw, autojunk=False).ratio()
        if best is None or ratio > best[2]:
            best = (i, min(i + tw_len, len(spans)) - 1, ratio)
    if best is None or best[2] < 0.6:
        return None
    return spans[best[0]][1], spans[best[1]][2], best[2]


def _apply(text: str, ins: Instruction) -> tuple[str, float] | None:
    if ins.action == "end":
        return _at_end(text, ins.text), 1.0
    loc = _locate(text, ins.target)
    if loc is None:
        return None
    start, end, conf = loc
    if ins.action == "replace":
        done = _splice(text, start, end, ins.text)
        return _one_mark(done, start + len(done) - len(text) + (end - start)), conf
    if ins.action == "delete":
        return _one_mark(_splice(text, start, end, ""), start), conf
    if ins.action == "after":
        if ins.target_mark and text[end:end + 1] == ins.target_mark:
            end += 1  # after “exploitation,”: the comma stays before the addition
        added = _joined(ins.text)
        return _one_mark(text[:end] + added + text[end:], end + len(added)), conf
    return text[:start] + ins.text + " " + text[start:], conf  # before


MARKS = ",;.:"


def _at_end(text: str, addition: str) -> str:
    """`addition` put at the end of the paragraph, before its closing mark. The paragraph's own
    closing mark wins over one the addition ends with (USA on annex 58 ends its addition with "."
    in a list of ";"), and an addition that starts with a comma is not spaced off (", where
    appropriate")."""
    body = text.rstrip()
    end_punct = body[-1] if body and body[-1] in ",;." else ""
    body = body[:-1].rstrip() if end_punct else body
    addition = addition.strip()
    if end_punct:
        addition = addition.rstrip(MARKS).rstrip()
    return body + _joined(addition) + end_punct


DOUBLED = re.compile(r"[,;:.]\s*([,;.:])")


def _one_mark(text: str, at: int) -> str:
    """No doubled mark at the seam of an edit made at `at`: the paragraph's own mark after the
    seam wins. USA deletes "including ... confidential." before annex 28's closing ";" and adds
    "or obtain temporary work permits," before annex 31's ", in appropriate cases"."""
    m = DOUBLED.search(text, max(0, at - 3), at + 3)
    return text if m is None else text[:m.start()] + m.group(1) + text[m.end():]


def _joined(addition: str) -> str:
    return addition if addition[:1] in ",;.)" else " " + addition


def apply_instructions(base: str, instruction: str) -> Placement:
    """Apply every parsed edit in turn; anything unparsed or unplaced flags the result."""
    parsed = parse_instructions(instruction)
    if not parsed:
        return Placement(None, 0.0, "instruction", True, "instruction not understood: needs a person")
    text, confidence, missed = base, 1.0, []
    for ins in parsed:
        done = _apply(text, ins)
        if done is None:
            missed.append(ins.target)
            continue
        text, conf = done
        confidence = min(confidence, conf)
    if missed:
        confidence = min(confidence, 0.4)
        return Placement(text if len(missed) < len(parsed) else None, confidence, "instruction", True,
                         "could not find " + ", ".join(f"“{m}”" for m in missed) + " in the paragraph")
    return Placement(text, round(confidence, 3), "instruction", confidence < REVIEW_BELOW,
                     f"{len(parsed)} edit(s) applied")
