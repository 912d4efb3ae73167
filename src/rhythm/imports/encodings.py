"""Tell whether a CSV that is not UTF-8 reads as text in a code page, and which ones it may be.

Excel's plain "CSV" writes the code page of the Windows it runs on: Windows-1252 on an
English or Western European one, Windows-1251 on a Russian one, Windows-1250 on a Polish
or Czech one; an older Mac writes Mac Roman. Every byte means something in most of them,
so a file decodes without an error in the wrong one and reads as other letters: Cyrillic
`Привет` as `Ïðèâåò`, Mac Roman `Müller` as `MŸller`. What gives a wrong code page away is
words no one writes: a sign between two letters, a capital inside a word of small
letters, five accented Latin letters in a row, Latin and Cyrillic letters in one word.
"""

from __future__ import annotations

import re
import unicodedata

DEFAULT = "cp1252"
# The code pages a file that is not UTF-8 is tried in, with their names for people: the
# default first, which a file is read in when it reads as text there.
CODE_PAGES = {
    "cp1252": "Windows-1252 (Western European)",
    "cp1251": "Windows-1251 (Cyrillic)",
    "cp1250": "Windows-1250 (Central European)",
    "iso8859_2": "ISO 8859-2 (Latin-2)",
    "mac_roman": "Mac Roman",
}
# Signs written next to a letter in ordinary text: an apostrophe (O’Brien), quotes, a
# trademark, a degree (°C), an inverted question mark, a currency, a dash between words
# written without spaces (Sales–EMEA, well—next), a bullet.
_BESIDE_LETTERS = frozenset("’‘´`·«»“”„‚‹›…™®©°¿¡€£$¢¥§&–—•")
# Written after a letter, never before one: a unit's power (500 m²) or a footnote (Acme¹).
_AFTER_LETTERS = frozenset("¹²³")
# A word: letters, and whatever is not ASCII and not a space (where a wrong code page's
# signs and letters land), up to an ASCII digit, sign or space, or a no-break space.
_WORD = re.compile(r"[A-Za-z\u0080-\u009f\u00a1-\uffff]+")
# The scripts whose letters do not share a word.
_SCRIPTS = frozenset({"LATIN", "CYRILLIC", "GREEK"})


def odd_word(text: str) -> tuple[int, str] | None:
    """Return the first word (its offset and itself) that gives away text decoded in the
    wrong code page, or None when every word could be written so."""
    for match in _WORD.finditer(text):
        word = match.group()
        if not word.isascii() and _odd(word):
            return match.start(), word
    return None


def _odd(word: str) -> bool:
    scripts = {_script(char) for char in word if char.isalpha()} & _SCRIPTS
    if len(scripts) > 1:  # Latin and Cyrillic (or Greek) letters in one word
        return True
    run = 0
    for index, char in enumerate(word):
        before = word[index - 1] if index else ""
        after = word[index + 1] if index + 1 < len(word) else ""
        if not (char.isalpha() or unicodedata.category(char).startswith("M")):
            if char in _AFTER_LETTERS and not after.isalpha():
                pass
            elif char not in _BESIDE_LETTERS and (before.isalpha() or after.isalpha()):
                return True  # a sign or a control character against a letter
            run = 0
            continue
        beside_small = before.islower() or after.islower()
        if not char.isascii() and char.isupper() and index and beside_small:
            return True  # a capital inside a word of small letters: 'MŸller', 'cafŽ'
        run = run + 1 if not char.isascii() and _script(char) == "LATIN" else 0
        if run >= 5:  # five accented Latin letters in a row ('żółć' has four): 'Ïðèâåò'
            return True
    return False


def _script(char: str) -> str:
    return unicodedata.name(char, "UNKNOWN").split(" ", 1)[0]


def decodes_as_text(data: bytes, encoding: str) -> bool:
    """Tell whether the bytes decode in `encoding` to text with no word that gives it away."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return odd_word(text) is None


def likely_code_pages(data: bytes) -> list[str]:
    """Return the code pages other than the default the bytes read as text in."""
    return [name for name in CODE_PAGES if name != DEFAULT and decodes_as_text(data, name)]
