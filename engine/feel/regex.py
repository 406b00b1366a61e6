"""FEEL's regular expressions (matches, replace, split) in XML Schema / XPath 3.1 syntax,
matched without catastrophic backtracking. A pattern is parsed here into a small tree and
handed to RE2 (the google-re2 package), the standard automaton engine whose matching time
is linear in the text. RE2 gets only syntax it reads as XPath means it: each character
class is written out as code point ranges (\\d \\w \\s \\i \\c \\p{..}, subtraction, and
flag i's case variants, computed here as XPath defines them); RE2's own flags and classes
are not used, and RE2 never falls back to another engine: what it refuses is an invalid
pattern. Back-references (\\1) lie outside every linear-time algorithm; a pattern that has
one runs on the small backtracking matcher at the end of this module, which gives up after
STEP_BUDGET steps with FEEL-INVALID-REGEX. docs/feel.md has the details.
"""

from __future__ import annotations

import bisect
import functools
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

import re2

from regel.base.messages import Msg
from regel.feel.registry import invalid
from regel.feel.values import FeelNull

__all__ = ["CASED_BELOW", "MAX_REPEAT", "STEP_BUDGET", "matches", "replace", "split"]

Ranges = tuple[tuple[int, int], ...]

#: the most steps the backtracking matcher takes in one call (about a tenth of a second)
STEP_BUDGET = 1_000_000
#: the largest count in a quantifier ({n,m}): RE2's limit
MAX_REPEAT = 1000
#: the most instructions of one backtracking program
_MAX_PROGRAM = 50_000
#: no character at or above this code point has a case mapping (a test checks)
CASED_BELOW = 0x20000

# --------------------------------------------------------------------------------------
# Sets of code points, as sorted tuples of inclusive ranges
# --------------------------------------------------------------------------------------


def _merge(ranges: Iterable[tuple[int, int]]) -> Ranges:
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(ranges):
        if out and lo <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return tuple(out)


def _complement(ranges: Ranges) -> Ranges:
    out, nxt = [], 0
    for lo, hi in ranges:
        if lo > nxt:
            out.append((nxt, lo - 1))
        nxt = hi + 1
    if nxt <= sys.maxunicode:
        out.append((nxt, sys.maxunicode))
    return tuple(out)


def _subtract(ranges: Ranges, taken: Ranges) -> Ranges:
    return _complement(_merge([*_complement(ranges), *taken]))


_ALL: Ranges = ((0, sys.maxunicode),)
_NOT_NEWLINE = _complement(((0xA, 0xA), (0xD, 0xD)))


# Unicode general categories, as ranges of code points, computed once on first use.
@functools.lru_cache(maxsize=1)
def _category_table() -> dict[str, Ranges]:
    building: dict[str, list[tuple[int, int]]] = {}
    prev_cat, start = unicodedata.category("\0"), 0
    for cp in range(1, sys.maxunicode + 2):
        cat = unicodedata.category(chr(cp)) if cp <= sys.maxunicode else ""
        if cat != prev_cat:
            building.setdefault(prev_cat, []).append((start, cp - 1))
            prev_cat, start = cat, cp
    table = {k: tuple(v) for k, v in building.items()}
    for major in "LMNPSZC":
        table[major] = _merge(r for k, v in building.items() if k[0] == major for r in v)
    return table


def _category(name: str) -> Ranges:
    table = _category_table()
    if name not in table or name == "Cs":
        raise _RegexError("feel.reason.unknown-category", name=name)
    return table[name]


# The Unicode blocks XML Schema 1.0 names for \p{IsBasicLatin} (Part 2, F.1.1; Unicode 3.1's
# Blocks.txt): first and last code point and the block's name, whose spaces \p{Is..} leaves out.
_BLOCK_TEXT = """\
0000 007F Basic Latin|0080 00FF Latin-1 Supplement|0100 017F Latin Extended-A
0180 024F Latin Extended-B|0250 02AF IPA Extensions|02B0 02FF Spacing Modifier Letters
0300 036F Combining Diacritical Marks|0370 03FF Greek|0400 04FF Cyrillic|0530 058F Armenian
0590 05FF Hebrew|0600 06FF Arabic|0700 074F Syriac|0780 07BF Thaana|0900 097F Devanagari
0980 09FF Bengali|0A00 0A7F Gurmukhi|0A80 0AFF Gujarati|0B00 0B7F Oriya|0B80 0BFF Tamil
0C00 0C7F Telugu|0C80 0CFF Kannada|0D00 0D7F Malayalam|0D80 0DFF Sinhala|0E00 0E7F Thai
0E80 0EFF Lao|0F00 0FFF Tibetan|1000 109F Myanmar|10A0 10FF Georgian|1100 11FF Hangul Jamo
1200 137F Ethiopic|13A0 13FF Cherokee|1400 167F Unified Canadian Aboriginal Syllabics
1680 169F Ogham|16A0 16FF Runic|1780 17FF Khmer|1800 18AF Mongolian
1E00 1EFF Latin Extended Additional|1F00 1FFF Greek Extended|2000 206F General Punctuation
2070 209F Superscripts and Subscripts|20A0 20CF Currency Symbols
20D0 20FF Combining Marks for Symbols|2100 214F Letterlike Symbols|2150 218F Number Forms
2190 21FF Arrows|2200 22FF Mathematical Operators|2300 23FF Miscellaneous Technical
2400 243F Control Pictures|2440 245F Optical Character Recognition
2460 24FF Enclosed Alphanumerics|2500 257F Box Drawing|2580 259F Block Elements
25A0 25FF Geometric Shapes|2600 26FF Miscellaneous Symbols|2700 27BF Dingbats
2800 28FF Braille Patterns|2E80 2EFF CJK Radicals Supplement|2F00 2FDF Kangxi Radicals
2FF0 2FFF Ideographic Description Characters|3000 303F CJK Symbols and Punctuation
3040 309F Hiragana|30A0 30FF Katakana|3100 312F Bopomofo|3130 318F Hangul Compatibility Jamo
3190 319F Kanbun|31A0 31BF Bopomofo Extended|3200 32FF Enclosed CJK Letters and Months
3300 33FF CJK Compatibility|3400 4DB5 CJK Unified Ideographs Extension A
4E00 9FFF CJK Unified Ideographs|A000 A48F Yi Syllables|A490 A4CF Yi Radicals
AC00 D7A3 Hangul Syllables|D800 DB7F High Surrogates|DB80 DBFF High Private Use Surrogates
DC00 DFFF Low Surrogates|E000 F8FF Private Use|F0000 FFFFD Private Use
100000 10FFFD Private Use|F900 FAFF CJK Compatibility Ideographs
FB00 FB4F Alphabetic Presentation Forms|FB50 FDFF Arabic Presentation Forms-A
FE20 FE2F Combining Half Marks|FE30 FE4F CJK Compatibility Forms|FE50 FE6F Small Form Variants
FE70 FEFE Arabic Presentation Forms-B|FEFF FEFF Specials|FFF0 FFFD Specials
FF00 FFEF Halfwidth and Fullwidth Forms|10300 1032F Old Italic|10330 1034F Gothic
10400 1044F Deseret|1D000 1D0FF Byzantine Musical Symbols|1D100 1D1FF Musical Symbols
1D400 1D7FF Mathematical Alphanumeric Symbols|20000 2A6D6 CJK Unified Ideographs Extension B
2F800 2FA1F CJK Compatibility Ideographs Supplement|E0000 E007F Tags"""


@functools.lru_cache(maxsize=1)
def _block_table() -> dict[str, Ranges]:
    building: dict[str, list[tuple[int, int]]] = {}
    for line in _BLOCK_TEXT.splitlines():
        for item in line.split("|"):
            first, last, name = item.split(" ", 2)
            building.setdefault(name.replace(" ", ""), []).append((int(first, 16),
                                                                    int(last, 16)))
    return {name: _merge(ranges) for name, ranges in building.items()}


def _block(char: str, name: str) -> Ranges:
    """The code points of the block \\p{Is<name>} (``name`` without 'Is')."""
    table = _block_table()
    if name not in table:
        raise _RegexError("feel.reason.block-escape", char=char, name="Is" + name)
    return table[name]


# XML 1.1 NameStartChar and NameChar, for \i and \c.
_NAME_START = _merge([
    (0x3A, 0x3A), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A), (0xC0, 0xD6), (0xD8, 0xF6),
    (0xF8, 0x2FF), (0x370, 0x37D), (0x37F, 0x1FFF), (0x200C, 0x200D), (0x2070, 0x218F),
    (0x2C00, 0x2FEF), (0x3001, 0xD7FF), (0xF900, 0xFDCF), (0xFDF0, 0xFFFD),
    (0x10000, 0xEFFFF)])
_NAME_CHAR = _merge([*_NAME_START, (0x2D, 0x2E), (0x30, 0x39), (0xB7, 0xB7),
                     (0x300, 0x36F), (0x203F, 0x2040)])
_SPACE = ((0x9, 0xA), (0xD, 0xD), (0x20, 0x20))


@functools.lru_cache(maxsize=1)
def _case_variants() -> dict[int, tuple[int, ...]]:
    """Each character that has case variants -> them, as XPath defines a case variant
    (F&O 3.1 §5.6.1.1, flag i): c2 is one of c1 if lower-case(c1) = lower-case(c2) or
    upper-case(c1) = upper-case(c2), Unicode's full case mappings (Python's)."""
    groups: dict[tuple[str, str], set[int]] = {}
    for cp in range(CASED_BELOW):
        c = chr(cp)
        if c.lower() == c and c.upper() == c:
            continue
        for ch in (c, c.lower(), c.upper()):
            if len(ch) == 1:
                groups.setdefault(("lower", ch.lower()), set()).add(ord(ch))
                groups.setdefault(("upper", ch.upper()), set()).add(ord(ch))
    variants: dict[int, set[int]] = {}
    for members in groups.values():
        for cp in members:
            variants.setdefault(cp, set()).update(members)
    return {cp: tuple(sorted(v - {cp})) for cp, v in sorted(variants.items()) if len(v) > 1}


@functools.lru_cache(maxsize=1)
def _cased() -> list[int]:
    return sorted(_case_variants())


def _with_case_variants(ranges: Ranges) -> Ranges:
    table, cased = _case_variants(), _cased()
    extra: list[tuple[int, int]] = []
    for lo, hi in ranges:
        for cp in cased[bisect.bisect_left(cased, lo):bisect.bisect_right(cased, hi)]:
            extra.extend((v, v) for v in table[cp])
    return _merge([*ranges, *extra]) if extra else ranges


# --------------------------------------------------------------------------------------
# The pattern as a tree
# --------------------------------------------------------------------------------------

class _RegexError(Exception):
    """A pattern, flags or replacement string that XPath would reject (or that is too large
    to match safely); ``reason`` says why (a catalogue key and its values)."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.reason = Msg(key, values)


@dataclass(frozen=True, slots=True)
class _Chars:
    """One character out of a set of code points."""
    ranges: Ranges


@dataclass(frozen=True, slots=True)
class _Anchor:
    kind: str   # "^" start of the text, "$" its end; "^m", "$m": of a line (flag m)


@dataclass(frozen=True, slots=True)
class _Backref:
    group: int


@dataclass(frozen=True, slots=True)
class _Group:
    number: int | None   # None for (?:...)
    body: _Node


@dataclass(frozen=True, slots=True)
class _Repeat:
    body: _Node
    low: int
    high: int | None     # None: no upper bound
    lazy: bool


@dataclass(frozen=True, slots=True)
class _Seq:
    items: tuple[_Node, ...]


@dataclass(frozen=True, slots=True)
class _Alt:
    branches: tuple[_Node, ...]


_Node = _Chars | _Anchor | _Backref | _Group | _Repeat | _Seq | _Alt

_SINGLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "\\": "\\", "|": "|", ".": ".",
                   "?": "?", "*": "*", "+": "+", "(": "(", ")": ")", "{": "{", "}": "}",
                   "-": "-", "[": "[", "]": "]", "^": "^", "$": "$"}
_QUANTIFIER_RE = re.compile(r"\{([0-9]+)(,([0-9]*))?\}")
_QUANTIFIERS = {"*": (0, None), "+": (1, None), "?": (0, 1)}


def _without_whitespace(pattern: str) -> str:
    """Flag x: the pattern without whitespace outside character classes, removed before
    the pattern is read (so ``\\ s`` is ``\\s`` and ``{1, 2}`` is ``{1,2}``)."""
    out: list[str] = []
    depth = 0           # of character classes (a subtraction nests one)
    escaped = False
    for ch in pattern:
        if ch in " \t\n\r" and not depth:
            continue
        out.append(ch)
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "[":
            depth += 1
        elif ch == "]" and depth:
            depth -= 1
    return "".join(out)


class _Parser:
    """One XML Schema regular expression (XPath 3.1 flavour) -> a tree of nodes.

    XPath's meanings, not Python's or RE2's: ``.`` excludes \\n and \\r (unless flag s);
    ``$`` is the end of the input (of a line with flag m); ``\\d`` is \\p{Nd}; ``\\s``,
    ``\\w``, ``\\i``, ``\\c`` are XML Schema's; class subtraction ``[a-z-[aeiou]]``;
    flag x removes whitespace outside classes before the pattern is read (``#`` stays an
    ordinary character); flag q makes the pattern literal; flag i adds the case variants
    of characters and ranges, not of ``\\p{Lu}`` and the other escapes;
    ``\\p{IsBasicLatin}`` is a Unicode block of XML Schema's list. Rejected: ``(?`` other
    than ``(?:``, a quantifier after a quantifier (Python's possessive ``a*+``), counts
    above MAX_REPEAT. Positions in
    reasons count from 1. Not elementpath's translate_pattern: tests/feel/test_regex_xsd.py
    shows where it differs from XML Schema.
    """

    def __init__(self, pattern: str, flags: str) -> None:
        self.p = pattern
        self.i = 0
        self.fold = "i" in flags
        self.dotall = "s" in flags
        self.multiline = "m" in flags
        self.opened = 0                 # capturing groups opened so far
        self.closed: set[int] = set()   # and those closed
        self.backrefs = False

    def literal(self) -> _Node:
        """Flag q: every character stands for itself."""
        return _Seq(tuple(self._char(ord(ch)) for ch in self.p))

    def parse(self) -> _Node:
        node = self._alternatives()
        if self.i < len(self.p):        # only a ')' ends the alternatives early
            raise _RegexError("feel.reason.unbalanced", position=self.i + 1)
        return node

    def _alternatives(self) -> _Node:
        branches = [self._branch()]
        while self.p.startswith("|", self.i):
            self.i += 1
            branches.append(self._branch())
        return branches[0] if len(branches) == 1 else _Alt(tuple(branches))

    def _branch(self) -> _Node:
        items: list[_Node] = []
        while self.i < len(self.p) and self.p[self.i] not in "|)":
            items.append(self._piece())
        return items[0] if len(items) == 1 else _Seq(tuple(items))

    def _piece(self) -> _Node:
        atom = self._atom()
        if self.i >= len(self.p) or self.p[self.i] not in "*+?{":
            return atom
        low, high = self._quantifier()
        lazy = self.p.startswith("?", self.i)
        if lazy:
            self.i += 1
        if self.i < len(self.p) and self.p[self.i] in "*+?{":
            raise _RegexError("feel.reason.after-quantifier", char=self.p[self.i],
                              position=self.i + 1)
        return _Repeat(atom, low, high, lazy)

    def _quantifier(self) -> tuple[int, int | None]:
        ch = self.p[self.i]
        if ch in _QUANTIFIERS:
            self.i += 1
            return _QUANTIFIERS[ch]
        m = _QUANTIFIER_RE.match(self.p, self.i)
        if m is None:
            raise _RegexError("feel.reason.not-a-quantifier", position=self.i + 1)
        self.i = m.end()
        low = int(m.group(1))
        high = low if m.group(2) is None else int(m.group(3)) if m.group(3) else None
        if max(low, high or 0) > MAX_REPEAT:
            raise _RegexError("feel.reason.too-many-repeats", quantifier=m.group(),
                              limit=MAX_REPEAT)
        if high is not None and high < low:
            raise _RegexError("feel.reason.min-over-max", quantifier=m.group())
        return low, high

    def _atom(self) -> _Node:
        ch = self.p[self.i]
        if ch in "*+?{":
            raise _RegexError("feel.reason.nothing-to-repeat", position=self.i + 1)
        self.i += 1
        if ch == "(":
            return self._group()
        if ch == "[":
            return _Chars(self._class())
        if ch == "\\":
            return self._escape()
        if ch == ".":
            return _Chars(_ALL if self.dotall else _NOT_NEWLINE)
        if ch in "^$":
            return _Anchor(ch + ("m" if self.multiline else ""))
        return self._char(ord(ch))

    def _char(self, cp: int) -> _Chars:
        return _Chars(self._folded(((cp, cp),)))

    def _folded(self, ranges: Ranges) -> Ranges:
        return _with_case_variants(ranges) if self.fold else ranges

    def _group(self) -> _Node:
        start, number = self.i, None
        if self.p.startswith("?", self.i):
            if not self.p.startswith("?:", self.i):
                raise _RegexError("feel.reason.bad-group")
            self.i += 2
        else:
            self.opened += 1
            number = self.opened
        body = self._alternatives()
        if not self.p.startswith(")", self.i):
            raise _RegexError("feel.reason.unclosed-group", position=start)
        self.i += 1
        if number is not None:
            self.closed.add(number)
        return _Group(number, body)

    def _escape(self) -> _Node:
        """After a backslash outside a class."""
        if self.i >= len(self.p):
            raise _RegexError("feel.reason.ends-with-backslash")
        if self.p[self.i] in "123456789":
            return self._backref()
        ranges = self._multi_escape()
        if ranges is not None:
            return _Chars(ranges)
        return self._char(self._single_escape())

    def _backref(self) -> _Node:
        """XPath: as many digits as still name a group opened before; it must be closed."""
        num = int(self.p[self.i])
        self.i += 1
        while self.i < len(self.p) and self.p[self.i] in "0123456789" \
                and num * 10 + int(self.p[self.i]) <= self.opened:
            num = num * 10 + int(self.p[self.i])
            self.i += 1
        if num > self.opened:
            raise _RegexError("feel.reason.no-such-group", number=num)
        if num not in self.closed:
            raise _RegexError("feel.reason.open-group", number=num)
        self.backrefs = True
        return _Backref(num)

    def _single_escape(self) -> int:
        ch = self.p[self.i]
        if ch not in _SINGLE_ESCAPES:
            raise _RegexError("feel.reason.unknown-escape", char=ch)
        self.i += 1
        return ord(_SINGLE_ESCAPES[ch])

    def _multi_escape(self) -> Ranges | None:
        """The set of \\d \\s \\w \\i \\c \\p{..} or their capitals (None if not one)."""
        ch = self.p[self.i]
        simple = {"s": _SPACE, "i": _NAME_START, "c": _NAME_CHAR}
        if ch.lower() in simple:
            ranges = simple[ch.lower()]
        elif ch in "dD":
            ranges = _category("Nd")
        elif ch in "wW":
            ranges = _complement(_merge([*_category("P"), *_category("Z"), *_category("C")]))
        elif ch in "pP":
            end = self.p.find("}", self.i)
            if not self.p.startswith("{", self.i + 1) or end < 0:
                raise _RegexError("feel.reason.escape-needs-name", char=ch)
            name = self.p[self.i + 2:end]
            ranges = _block(ch, name[2:]) if name.startswith("Is") else _category(name)
            self.i = end
        else:
            return None
        self.i += 1
        return ranges if ch.islower() else _complement(ranges)

    def _class(self) -> Ranges:
        """After '[': the code points of the whole class; self.i goes past its ']'."""
        negate = self.p.startswith("^", self.i)
        if negate:
            self.i += 1
        plain: list[tuple[int, int]] = []    # characters and ranges: flag i adds variants
        escapes: list[tuple[int, int]] = []  # \d, \p{Lu}, ...: flag i leaves them alone
        subtraction: Ranges | None = None
        while True:
            if self.i >= len(self.p):
                raise _RegexError("feel.reason.class-not-closed")
            ch = self.p[self.i]
            if ch == "]":
                self.i += 1
                break
            if self.p.startswith("-[", self.i) and (plain or escapes):
                self.i += 2
                subtraction = self._class()
                if not self.p.startswith("]", self.i):
                    raise _RegexError("feel.reason.subtraction-not-last")
                self.i += 1
                break
            if ch == "[":
                raise _RegexError("feel.reason.bracket-in-class")
            ranges = self._class_escape() if ch == "\\" else None
            if ranges is not None:
                escapes.extend(ranges)
            else:
                plain.append(self._class_range())
        if not plain and not escapes:
            raise _RegexError("feel.reason.empty-class")
        ranges = _merge([*self._folded(_merge(plain)), *escapes])
        if negate:
            ranges = _complement(ranges)
        return ranges if subtraction is None else _subtract(ranges, subtraction)

    def _class_escape(self) -> Ranges | None:
        """At a backslash in a class: the set of a multi-character escape, else None."""
        if self.i + 1 >= len(self.p):
            raise _RegexError("feel.reason.ends-with-backslash")
        self.i += 1
        ranges = self._multi_escape()
        if ranges is None:
            self.i -= 1
        return ranges

    def _class_range(self) -> tuple[int, int]:
        """One character of a class, or a range of them (``a-z``)."""
        low = self._class_char()
        if self.p.startswith("-", self.i) and self.i + 1 < len(self.p) \
                and self.p[self.i + 1] not in "][":
            self.i += 1
            if self.p[self.i] == "\\":
                if self.i + 1 >= len(self.p):
                    raise _RegexError("feel.reason.ends-with-backslash")
                self.i += 1
                high = self._single_escape()
            else:
                high = ord(self.p[self.i])
                self.i += 1
            if high < low:
                raise _RegexError("feel.reason.range-out-of-order", low=chr(low), high=chr(high))
            return low, high
        return low, low

    def _class_char(self) -> int:
        if self.p[self.i] == "\\":
            self.i += 1
            return self._single_escape()
        self.i += 1
        return ord(self.p[self.i - 1])


def _parse(pattern: str, flags: str) -> tuple[_Node, int, bool]:
    """The tree of the pattern, its number of groups, whether it has back-references."""
    for f in flags:
        if f not in "smixq":
            raise _RegexError("feel.reason.unknown-flag", flag=f)
    parser = _Parser(pattern, flags)
    if "q" in flags:
        return parser.literal(), 0, False
    if "x" in flags:
        parser.p = _without_whitespace(pattern)
    tree = parser.parse()
    return tree, parser.opened, parser.backrefs


# --------------------------------------------------------------------------------------
# RE2: the tree written in RE2's syntax
# --------------------------------------------------------------------------------------

_RE2_ANCHORS = {"^": "^", "$": "\\z", "^m": "(?m:^)", "$m": "(?m:$)"}


def _re2_char(cp: int) -> str:
    ch = chr(cp)
    return ch if ch.isascii() and ch.isalnum() else f"\\x{{{cp:X}}}"


def _re2_chars(ranges: Ranges) -> str:
    if ranges == _ALL:
        return "(?s:.)"
    if not ranges:
        return f"[^\\x{{0}}-\\x{{{sys.maxunicode:X}}}]"
    if len(ranges) == 1 and ranges[0][0] == ranges[0][1]:
        return _re2_char(ranges[0][0])
    return "[" + "".join(_re2_char(lo) if lo == hi else f"{_re2_char(lo)}-{_re2_char(hi)}"
                         for lo, hi in ranges) + "]"


def _re2_quantifier(node: _Repeat) -> str:
    low, high = node.low, node.high
    text = {(0, None): "*", (1, None): "+", (0, 1): "?"}.get((low, high))
    if text is None:
        text = f"{{{low},}}" if high is None else f"{{{low}}}" if high == low \
            else f"{{{low},{high}}}"
    return text + ("?" if node.lazy else "")


def _re2_text(node: _Node) -> str:
    """The pattern in RE2's syntax (a tree without back-references)."""
    if isinstance(node, _Chars):
        return _re2_chars(node.ranges)
    if isinstance(node, _Anchor):
        return _RE2_ANCHORS[node.kind]
    if isinstance(node, _Group):
        body = _re2_text(node.body)
        return f"({body})" if node.number is not None else f"(?:{body})"
    if isinstance(node, _Repeat):
        body = _re2_text(node.body)
        if not isinstance(node.body, _Chars | _Group):
            body = f"(?:{body})"
        return body + _re2_quantifier(node)
    if isinstance(node, _Seq):
        return "".join(f"(?:{_re2_text(item)})" if isinstance(item, _Alt) else _re2_text(item)
                       for item in node.items)
    if isinstance(node, _Alt):
        return "|".join(_re2_text(branch) for branch in node.branches)
    raise TypeError(node)   # a back-reference: the backtracking matcher's


@functools.lru_cache(maxsize=1)
def _re2_options() -> Any:
    options = re2.Options()
    options.log_errors = False     # RE2 would write its complaints to stderr
    return options


class _Re2:
    """A pattern without back-references, matched by RE2 in time linear in the text."""

    def __init__(self, tree: _Node, groups: int) -> None:
        try:
            self.compiled = re2.compile(_re2_text(tree), _re2_options())
        except re2.error:   # repetitions too large for its memory
            raise _RegexError("feel.reason.regex-too-large") from None
        self.groups = groups

    def search(self, text: str, steps: list[int]) -> bool:
        return self.compiled.search(text) is not None

    def finditer(self, text: str, steps: list[int]) -> Iterator[list[tuple[int, int]]]:
        for m in self.compiled.finditer(text):
            yield [m.span(g) for g in range(self.groups + 1)]


# --------------------------------------------------------------------------------------
# Back-references: a backtracking matcher with a budget of steps
# --------------------------------------------------------------------------------------

_CHAR, _SPLIT, _JUMP, _SAVE, _CHECK, _ASSERT, _BACKREF, _MATCH = range(8)


class _OutOfSteps(Exception):
    """The backtracking matcher used up its STEP_BUDGET."""


class _Backtracking:
    """A pattern with back-references, matched by a backtracking program (XPath's order of
    trying: leftmost, then greedy or reluctant, then the first alternative) that stops
    after STEP_BUDGET steps. The program: _CHAR (starts, ranges), _SPLIT (first, second),
    _JUMP (to), _SAVE (slot), _CHECK (slot, exit: a time round the loop that consumed
    nothing leaves it, as in Perl), _ASSERT (anchor), _BACKREF (group), _MATCH."""

    def __init__(self, tree: _Node, groups: int, fold: bool) -> None:
        self.groups = groups
        self.fold = fold
        self.slots = 2 * groups + 2    # start and end of each group (0: the match)
        self.code: list[tuple[Any, ...]] = [(_SAVE, 0)]
        self._emit(tree)
        self.code += [(_SAVE, 1), (_MATCH,)]

    def _emit(self, node: _Node) -> None:
        if len(self.code) > _MAX_PROGRAM:
            raise _RegexError("feel.reason.regex-too-large")
        code = self.code
        if isinstance(node, _Chars):
            code.append((_CHAR, tuple(lo for lo, _ in node.ranges), node.ranges))
        elif isinstance(node, _Anchor):
            code.append((_ASSERT, node.kind))
        elif isinstance(node, _Backref):
            code.append((_BACKREF, node.group))
        elif isinstance(node, _Group):
            if node.number is not None:
                code.append((_SAVE, 2 * node.number))
            self._emit(node.body)
            if node.number is not None:
                code.append((_SAVE, 2 * node.number + 1))
        elif isinstance(node, _Seq):
            for item in node.items:
                self._emit(item)
        elif isinstance(node, _Alt):
            self._alternatives(node.branches)
        else:
            self._repeat(node)

    def _alternatives(self, branches: tuple[_Node, ...]) -> None:
        code, jumps = self.code, []
        for branch in branches[:-1]:
            split = len(code)
            code.append((_SPLIT,))
            self._emit(branch)
            jumps.append(len(code))
            code.append((_JUMP,))
            code[split] = (_SPLIT, split + 1, len(code))
        self._emit(branches[-1])
        for at in jumps:
            code[at] = (_JUMP, len(code))

    def _repeat(self, node: _Repeat) -> None:
        code = self.code
        for _ in range(node.low):
            self._emit(node.body)
        if node.high is None:       # a loop that must consume something each time round
            loop, slot = len(code), self.slots
            self.slots += 1
            code += [(_SPLIT,), (_SAVE, slot)]
            self._emit(node.body)
            code += [(_CHECK, slot, len(code) + 2), (_JUMP, loop)]
            code[loop] = _split(loop + 1, len(code), node.lazy)
            return
        splits = []
        for _ in range(node.high - node.low):   # (?:x(?:x)?)?: each only after the one before
            splits.append(len(code))
            code.append((_SPLIT,))
            self._emit(node.body)
        for at in splits:
            code[at] = _split(at + 1, len(code), node.lazy)

    def search(self, text: str, steps: list[int]) -> bool:
        return self._search(text, 0, steps) is not None

    def finditer(self, text: str, steps: list[int]) -> Iterator[list[tuple[int, int]]]:
        pos = 0
        while pos <= len(text):
            slots = self._search(text, pos, steps)
            if slots is None:
                return
            yield [(slots[2 * g], slots[2 * g + 1]) for g in range(self.groups + 1)]
            pos = slots[1] if slots[1] > slots[0] else slots[1] + 1

    def _search(self, text: str, pos: int, steps: list[int]) -> list[int] | None:
        for start in range(pos, len(text) + 1):
            slots = self._run(text, start, steps)
            if slots is not None:
                return slots
        return None

    def _run(self, text: str, start: int, steps: list[int]) -> list[int] | None:
        """The slots of the match that starts at ``start``, or None; ``steps[0]`` is the
        budget left, shared by every call for one FEEL call."""
        code, n, left = self.code, len(text), steps[0]
        slots = [-1] * self.slots
        stack: list[tuple[int, int]] = []   # (pc, pos) to try next, or (-1 - slot, old)
        pc, pos = 0, start
        while True:
            left -= 1
            if left < 0:
                raise _OutOfSteps
            op = code[pc]
            kind = op[0]
            if kind == _CHAR:
                if pos < n:
                    cp = ord(text[pos])
                    at = bisect.bisect_right(op[1], cp) - 1
                    if at >= 0 and cp <= op[2][at][1]:
                        pc, pos = pc + 1, pos + 1
                        continue
            elif kind == _SPLIT:
                stack.append((op[2], pos))
                pc = op[1]
                continue
            elif kind == _JUMP:
                pc = op[1]
                continue
            elif kind == _SAVE:
                stack.append((-1 - op[1], slots[op[1]]))
                slots[op[1]] = pos
                pc += 1
                continue
            elif kind == _CHECK:            # a time round that consumed nothing ends the loop
                pc = pc + 1 if slots[op[1]] != pos else op[2]
                continue
            elif kind == _ASSERT:
                if _holds(op[1], text, pos):
                    pc += 1
                    continue
            elif kind == _BACKREF:
                end = self._backref(op[1], text, pos, slots)
                if end >= 0:
                    left -= end - pos
                    pc, pos = pc + 1, end
                    continue
            else:
                steps[0] = left
                return slots
            while True:                     # no way on: back to the last choice
                if not stack:
                    steps[0] = left
                    return None
                pc, pos = stack.pop()
                if pc >= 0:
                    break
                slots[-1 - pc] = pos

    def _backref(self, group: int, text: str, pos: int, slots: list[int]) -> int:
        """Where the text after ``pos`` stops repeating the group (-1 if it does not)."""
        start, end = slots[2 * group], slots[2 * group + 1]
        if start < 0 or end < 0:
            return pos      # XPath: a group that matched nothing matches the empty string
        size = end - start
        if text[pos:pos + size] == text[start:end]:
            return pos + size
        if not self.fold or pos + size > len(text):
            return -1
        variants = _case_variants()
        for a, b in zip(text[start:end], text[pos:pos + size], strict=True):
            if a != b and ord(b) not in variants.get(ord(a), ()):
                return -1
        return pos + size


def _split(first: int, second: int, lazy: bool) -> tuple[int, int, int]:
    return (_SPLIT, second, first) if lazy else (_SPLIT, first, second)


def _holds(kind: str, text: str, pos: int) -> bool:
    if kind == "^":
        return pos == 0
    if kind == "$":
        return pos == len(text)
    if kind == "^m":
        return pos == 0 or text[pos - 1] == "\n"
    return pos == len(text) or text[pos] == "\n"


# --------------------------------------------------------------------------------------
# matches(), replace() and split()
# --------------------------------------------------------------------------------------

class _Matcher(Protocol):
    groups: int

    def search(self, text: str, steps: list[int]) -> bool: ...

    def finditer(self, text: str, steps: list[int]) -> Iterator[list[tuple[int, int]]]: ...


@functools.lru_cache(maxsize=512)
def _compiled(pattern: str, flags: str) -> _Matcher | Msg:
    """The matcher of the pattern, or the reason it is invalid (cached either way)."""
    try:
        tree, groups, backrefs = _parse(pattern, flags)
        if backrefs:
            return _Backtracking(tree, groups, "i" in flags)
        return _Re2(tree, groups)
    except _RegexError as exc:
        return exc.reason
    except RecursionError:
        return Msg("feel.reason.regex-too-large")


def _matcher(function: str, pattern: str, flags: str) -> _Matcher:
    """The matcher, or ``FeelNull("FEEL-INVALID-REGEX")`` with the reason."""
    result = _compiled(pattern, flags)
    if isinstance(result, Msg):
        raise FeelNull("FEEL-INVALID-REGEX", function=function, pattern=pattern, reason=result)
    return result


def _characters(function: str, text: str) -> None:
    """A text holding half of a surrogate pair holds something that is not a character
    (XPath's strings cannot; RE2 reads UTF-8, which cannot either)."""
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise invalid(function, "feel.reason.not-a-character",
                          code=f"U+{ord(exc.object[exc.start]):04X}") from None


def _out_of_steps(function: str, pattern: str) -> FeelNull:
    return FeelNull("FEEL-INVALID-REGEX", function=function, pattern=pattern,
                    reason=Msg("feel.reason.regex-too-slow", {"steps": STEP_BUDGET}))


def matches(text: str, pattern: str, flags: str) -> bool:
    """FEEL's ``matches(input, pattern, flags)``: does the pattern occur in the text?"""
    matcher = _matcher("matches", pattern, flags)
    _characters("matches", text)
    try:
        return matcher.search(text, [STEP_BUDGET])
    except _OutOfSteps:
        raise _out_of_steps("matches", pattern) from None


def replace(text: str, pattern: str, replacement: str, flags: str) -> str:
    """FEEL's ``replace(input, pattern, replacement, flags)`` ($1 in the replacement is
    what group 1 matched; flag q makes the replacement literal too)."""
    matcher = _matcher("replace", pattern, flags)
    if matcher.search("", [STEP_BUDGET]):
        raise FeelNull("FEEL-INVALID-REGEX", function="replace", pattern=pattern,
                       reason=Msg("feel.reason.regex-matches-empty"))
    try:
        parts = _replacement_parts(replacement, matcher.groups, "q" in flags)
    except _RegexError as exc:
        raise invalid("replace", "feel.reason.bad-replacement", replacement=replacement,
                      reason=exc.reason) from None
    _characters("replace", text)
    out, done = [], 0
    try:
        for spans in matcher.finditer(text, [STEP_BUDGET]):
            out.append(text[done:spans[0][0]])
            for part in parts:
                if isinstance(part, str):
                    out.append(part)
                elif part < len(spans) and spans[part][0] >= 0:
                    out.append(text[spans[part][0]:spans[part][1]])
            done = spans[0][1]
    except _OutOfSteps:
        raise _out_of_steps("replace", pattern) from None
    out.append(text[done:])
    return "".join(out)


def split(text: str, delimiter: str) -> list[str]:
    """FEEL's ``split(string, delimiter)`` (groups in the delimiter are not kept)."""
    matcher = _matcher("split", delimiter, "")
    if matcher.search("", [STEP_BUDGET]):
        raise FeelNull("FEEL-INVALID-REGEX", function="split", pattern=delimiter,
                       reason=Msg("feel.reason.delimiter-matches-empty"))
    if not text:
        return []
    _characters("split", text)
    out, done = [], 0
    try:
        for spans in matcher.finditer(text, [STEP_BUDGET]):
            out.append(text[done:spans[0][0]])
            done = spans[0][1]
    except _OutOfSteps:
        raise _out_of_steps("split", delimiter) from None
    out.append(text[done:])
    return out


def _replacement_parts(rep: str, groups: int, literal: bool) -> list[str | int]:
    """An XPath replacement string as literal text and group numbers ($1 -> 1)."""
    if literal:
        return [rep]
    parts: list[str | int] = []
    buf: list[str] = []
    i = 0
    while i < len(rep):
        ch = rep[i]
        if ch == "\\":
            if i + 1 < len(rep) and rep[i + 1] in "\\$":
                buf.append(rep[i + 1])
                i += 2
                continue
            raise _RegexError("feel.reason.bad-backslash")
        if ch == "$":
            j = i + 1
            if j >= len(rep) or not (rep[j].isascii() and rep[j].isdigit()):
                raise _RegexError("feel.reason.bad-dollar")
            num, j = int(rep[j]), j + 1
            # XPath: take further digits only while they still name an existing group.
            while j < len(rep) and rep[j].isascii() and rep[j].isdigit() \
                    and num * 10 + int(rep[j]) <= groups:
                num, j = num * 10 + int(rep[j]), j + 1
            if buf:
                parts.append("".join(buf))
                buf = []
            parts.append(num)
            i = j
            continue
        buf.append(ch)
        i += 1
    if buf:
        parts.append("".join(buf))
    return parts
