"""Vietnamese text helpers: NFC normalisation, diacritics folding and the Vietnamese sort key."""

import unicodedata

# "đ" has no Unicode decomposition, so NFD alone would leave it: map it first.
_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})


def nfc(value: str | None) -> str:
    """Trimmed, NFC-normalised text with inner runs of white space collapsed to one space."""
    if value is None:
        return ""
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


def fold(value: str | None) -> str:
    """Lower-case text without diacritics ("Nguyễn Đức" → "nguyen duc"), for search."""
    if not value:
        return ""
    text = unicodedata.normalize("NFD", str(value).translate(_D_MAP))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", text).lower()


# Vietnamese alphabet order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y,
# and the tones in the order: level, grave (huyền), hook (hỏi), tilde (ngã), acute (sắc), dot (nặng).
_BASE_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_TONE_MARKS = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_LETTER_RANK = {ch: i for i, ch in enumerate(_BASE_LETTERS)}


def _letter_key(ch: str) -> tuple[int, int]:
    decomposed = unicodedata.normalize("NFD", ch.lower())
    tone = 0
    base_chars = []
    for part in decomposed:
        if part in _TONE_MARKS:
            tone = _TONE_MARKS[part]
        else:
            base_chars.append(part)
    base = unicodedata.normalize("NFC", "".join(base_chars))
    return (_LETTER_RANK.get(base, 100 + ord(base[0]) if base else 0), tone)


def vietnamese_word_key(word: str) -> tuple:
    """Sort key of one word by the Vietnamese alphabet: letters first, tones break ties."""
    letters = [_letter_key(ch) for ch in nfc(word)]
    return (tuple(rank for rank, _ in letters), tuple(tone for _, tone in letters))


def name_sort_key(full_name: str) -> tuple:
    """Vietnamese name order: by the given name (last word), then family and middle names."""
    words = nfc(full_name).split(" ")
    if not words or words == [""]:
        return ((), ())
    given, rest = words[-1], words[:-1]
    return (vietnamese_word_key(given), tuple(vietnamese_word_key(w) for w in rest))


def name_sort_text(full_name: str) -> str:
    """A string whose plain byte order is the Vietnamese name order, for an indexed column.

    Each letter becomes two characters (its alphabet rank, then its tone), so "Đức" sorts after
    every "D…" name, and a database ORDER BY on this column needs no collation support.
    """
    words = nfc(full_name).split(" ")
    if not words or words == [""]:
        return ""
    ordered = [words[-1], *words[:-1]]
    parts = []
    for word in ordered:
        letters = [_letter_key(ch) for ch in word]
        # Letters (and tones after them) keep "An" < "Anh" and put tone differences last.
        parts.append("".join(chr(0x41 + min(rank, 0x3E)) for rank, _ in letters))
        parts.append("".join(chr(0x30 + tone) for _, tone in letters))
    return " ".join(parts)


def has_letters(value: str) -> bool:
    """Whether a name has at least one letter (not only marks, digits or punctuation)."""
    return any(unicodedata.category(ch).startswith("L") for ch in value or "")


_CONTROL = {chr(c) for c in range(32)} | {"\x7f"}


def has_control_characters(value: str) -> bool:
    """NUL and other control characters: PostgreSQL refuses NUL in text, none belong in a cell."""
    return any(ch in _CONTROL for ch in value or "")
