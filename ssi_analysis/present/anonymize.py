"""Replace people's names in a report's text: whole tokens, any case, any accents.

``--anonymize`` must neither leak a name nor corrupt the page. A name is matched as a
sequence of whole tokens, compared case- and accent-insensitively ("JOSE ALVAREZ" and
"meetings jose alvarez" hold "José Álvarez"), with any punctuation between the tokens, so
that it is found in identifiers
(``meetings_dana_wu``) and e-mail addresses (``dana.wu@acme.com``) too, and also last name
first ("Wu, Dana"). Matching is done on text content only: tags, attributes (images are data
URLs there) and style sheets are left as they are. The default person, "me", is never
replaced (it is not a name, and replacing it broke ``<meta>`` and ``outcome``).

Single words of a name (three letters or more) left after the whole names are replaced by
``(name)`` when written as a name is (``Dana``, ``DANA``) or inside an identifier or address;
in lower-case prose they are left alone, so that a person called "Will" does not remove the
word "will" from every sentence.

Hand-written: no library does token-level, accent-folding replacement that keeps offsets.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

#: The name a one-person file gets when none is given; never pseudonymised.
DEFAULT_PERSON = "me"
#: Between two tokens of a name: punctuation, spaces, underscores or an HTML entity (&#x27;).
_SEP = r"(?:[^\w&]|_|&#?[0-9a-zA-Z]+;){1,6}"
_BEFORE = r"(?<![^\W_])"  # not preceded by a letter or digit
_AFTER = r"(?![^\W_])"  # not followed by a letter or digit
_MARKUP = re.compile(r"(<style\b.*?</style\s*>|<script\b.*?</script\s*>|<!--.*?-->|<[^>]*>)", re.S)
_IDENTIFIER_NEIGHBOURS = set("_@.-/0123456789")


def pseudonym(name: str) -> str:
    """Return a stable stand-in for a person's name (the same name, the same stand-in).

    The default person, "me", is not a name and stays "me".

    Examples
    --------
    >>> pseudonym("Dana W.") == pseudonym("Dana W."), pseudonym("Dana W.").startswith("Person ")
    (True, True)
    >>> pseudonym("me")
    'me'
    """
    if str(name) == DEFAULT_PERSON:
        return DEFAULT_PERSON
    return "Person " + hashlib.sha256(str(name).encode()).hexdigest()[:6].upper()


def fold(text: str) -> str:
    """Lower-case ``text`` and drop accents, one character for one (offsets are kept).

    Examples
    --------
    >>> fold("José ÁLVAREZ")
    'jose alvarez'
    """
    out = []
    for ch in text:
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        low = base.lower()
        out.append(low if len(low) == 1 else ch.lower() if len(ch.lower()) == 1 else ch)
    return "".join(out)


def _tokens(name: str) -> list[str]:
    return re.findall(r"[^\W_]+", fold(unicodedata.normalize("NFC", name)))


class Scrubber:
    """Callable that replaces names and file names in HTML text (``scrub(text)``).

    ``scrub.plain(text)`` does the same on text that is not HTML (a CSV, a metric name).

    Examples
    --------
    >>> scrub = Scrubber(["José Álvarez", "me"], [])
    >>> scrub.plain("JOSE ALVAREZ; jose.alvarez@acme.com; meetings_jose_alvarez; me")
    'Person 6C15C0; person_6c15c0@acme.com; meetings_person_6c15c0; me'
    >>> scrub('<meta charset="utf-8"><p>Álvarez wrote to me</p>')
    '<meta charset="utf-8"><p>(name) wrote to me</p>'
    """

    def __init__(self, names: Iterable[str], files: Iterable[str] = ()):
        people = sorted(
            {str(n) for n in names if _tokens(str(n)) and fold(str(n)).strip() != DEFAULT_PERSON},
            key=lambda n: (-len(_tokens(n)), -len(n)),
        )
        self.files = sorted({Path(f).name for f in files if Path(f).name}, key=len, reverse=True)
        self._file_names = {f: f"file {i + 1}{Path(f).suffix}" for i, f in enumerate(self.files)}
        self._whole = []
        for person in people:
            tokens = _tokens(person)
            orders = [tokens] if len(tokens) < 2 else [tokens, [tokens[-1], *tokens[:-1]]]
            body = "|".join(_SEP.join(map(re.escape, order)) for order in orders)
            self._whole.append((re.compile(f"{_BEFORE}(?:{body}){_AFTER}"), pseudonym(person)))
        parts = sorted({t for p in people for t in _tokens(p) if len(t) >= 3}, key=len)[::-1]
        self._parts = (
            re.compile(f"{_BEFORE}(?:{'|'.join(map(re.escape, parts))}){_AFTER}") if parts else None
        )

    def __call__(self, text: str) -> str:
        """Scrub the text content of HTML, leaving tags, attributes and styles alone."""
        pieces = _MARKUP.split(text)
        return "".join(p if i % 2 else self.plain(p) for i, p in enumerate(pieces))

    def plain(self, text: str) -> str:
        """Scrub text that is not HTML."""
        if not text:
            return text
        for file in self.files:
            text = text.replace(file, self._file_names[file])
        text = unicodedata.normalize("NFC", text)
        for pattern, stand_in in self._whole:
            text = _replace(text, pattern, lambda *_, s=stand_in: s)
        if self._parts is not None:
            text = _replace(text, self._parts, _part)
        return text


def _replace(text: str, pattern: re.Pattern, stand_in) -> str:
    """Replace the matches of ``pattern`` in the folded text, at the same offsets in ``text``."""
    folded = fold(text)
    out, last = [], 0
    for match in pattern.finditer(folded):
        start, end = match.span()
        original = text[start:end]
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        inside = _in_identifier(original, before, after)
        replacement = stand_in(original, inside)
        if replacement is None:
            continue
        if replacement.startswith("Person ") and inside:
            replacement = replacement.lower().replace(" ", "_")
        out += [text[last:start], replacement]
        last = end
    out.append(text[last:])
    return "".join(out)


def _in_identifier(original: str, before: str, after: str) -> bool:
    """Tell whether a match sits in an identifier or an e-mail address, not in prose."""
    return (
        before in _IDENTIFIER_NEIGHBOURS
        or after in ("_", "@")
        or after.isdigit()
        or "_" in original
        or ("." in original and not re.search(r"\s", original))
    )


def _part(original: str, inside: bool) -> str | None:
    # A lone word of a name: replaced when written as a name (Dana, DANA) or inside an
    # identifier or address; in lower-case prose ("will", "mark") it is an ordinary word.
    if inside:
        return "name"  # keeps an identifier an identifier: meetings_name
    return "(name)" if not original.islower() else None


def scrubber(names: Iterable[str], files: Iterable[str]) -> Scrubber:
    """Make the function that replaces people's names and file names (``--anonymize``).

    See :class:`Scrubber`: whole names become their :func:`pseudonym`, file names become
    ``file 1``, ``file 2``... and single words of a name left over become ``(name)``.
    """
    return Scrubber(names, files)
