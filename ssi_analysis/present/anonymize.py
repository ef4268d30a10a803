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

Pseudonyms are keyed, never a bare hash of the name (from a roster, an unsalted hash gives
every name back): ``Person`` and the first hex digits of HMAC-SHA256(key, name). The key is
random for each run unless the user gives one (``--anonymize-key`` or the environment
variable ``SSI_ANONYMIZE_KEY``) to get the same pseudonyms again; without the key they cannot
be traced back to names.

A name that is also a word the kit writes itself ("Can", "Lag", "Week", "Will") is replaced
where the data puts it (the report maps people, groups and metric names before anything is
drawn or worded), but the last pass over the finished page leaves those words alone, so that
"Can't tell yet" stays readable (``protect``).

Hand-written: no library does token-level, accent-folding replacement that keeps offsets.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import hmac
import os
import re
import secrets
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


#: The environment variable that holds a key for reproducible pseudonyms.
KEY_VARIABLE = "SSI_ANONYMIZE_KEY"
#: The key of this process when none is given: random, never written anywhere.
_PROCESS_KEY = secrets.token_bytes(32)


def new_key() -> bytes:
    """Return a random key (a run's pseudonyms cannot be traced back without it)."""
    return secrets.token_bytes(32)


def key_from(text: str | bytes | None) -> bytes | None:
    """Turn a key the user typed (or ``$SSI_ANONYMIZE_KEY``) into bytes; None when empty."""
    if text is None:
        text = os.environ.get(KEY_VARIABLE) or None
    if text is None or text == "" or text == b"":
        return None
    return text.encode("utf-8") if isinstance(text, str) else bytes(text)


class Pseudonyms:
    """Keyed stand-ins for names: ``Person`` and hex digits of HMAC-SHA256(key, name).

    The same key gives the same stand-in for the same name (so a user who keeps the key gets
    the same pseudonyms next quarter); without the key a stand-in says nothing about the name.
    Stand-ins of the names seen so far never collide (more digits are used if two would).
    The default person, "me", is not a name and stays "me".

    Examples
    --------
    >>> a, b = Pseudonyms(b"k"), Pseudonyms(b"k")
    >>> a("Dana W.") == b("Dana W."), a("Dana W.") != Pseudonyms(b"other")("Dana W.")
    (True, True)
    >>> a("me"), a("Dana W.").startswith("Person ")
    ('me', True)
    """

    def __init__(self, key: bytes | None = None):
        self.key = _PROCESS_KEY if key is None else key
        self._given: dict[str, str] = {}
        self._taken: set[str] = set()

    def __call__(self, name: object) -> str:
        """Return the stand-in of ``name``."""
        name = str(name)
        if name == DEFAULT_PERSON:
            return DEFAULT_PERSON
        if name not in self._given:
            digest = hmac.new(self.key, name.encode("utf-8"), hashlib.sha256).hexdigest().upper()
            size = 6
            while f"Person {digest[:size]}" in self._taken:
                size += 2
            self._given[name] = f"Person {digest[:size]}"
            self._taken.add(self._given[name])
        return self._given[name]


def pseudonym(name: str, key: bytes | None = None) -> str:
    """Return a keyed stand-in for a person's name (see :class:`Pseudonyms`).

    Without a key, this process's random key is used: stable within a run, different in
    the next.

    Examples
    --------
    >>> pseudonym("Dana W.") == pseudonym("Dana W."), pseudonym("Dana W.").startswith("Person ")
    (True, True)
    >>> pseudonym("me")
    'me'
    """
    return Pseudonyms(key)(name)


@functools.cache
def kit_words() -> frozenset[str]:
    """Return the words the kit writes itself (folded), from its own text, not its docstrings.

    Read from the string constants of the layers whose text reaches a page (present, stats,
    align, schema, readers, names, questions) and from the page's template.

    Examples
    --------
    >>> {"can", "lag", "week"} <= kit_words(), "dana" in kit_words()
    (True, False)
    """
    root = Path(__file__).resolve().parents[1]
    files = [root / "names.py", root / "questions.py"]
    for layer in ("present", "stats", "align", "schema", "readers"):
        files += sorted((root / layer).glob("*.py"))
    words: set[str] = set()
    for path in files:
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (OSError, SyntaxError):  # pragma: no cover - the kit's own files
            continue
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if id(node) not in docstrings:
                    words.update(_tokens(node.value))
    template = root / "present" / "report.html.j2"
    if template.exists():
        words.update(_tokens(_MARKUP.sub(" ", template.read_text(encoding="utf-8"))))
    return frozenset(words)


def fold(text: str) -> str:
    """Lower-case ``text`` and drop accents, one character for one (offsets are kept).

    Examples
    --------
    >>> fold("José ÁLVAREZ")
    'jose alvarez'
    """
    if text.isascii():  # str.lower keeps one ASCII character for one: the common case
        return text.lower()
    return "".join(map(_fold_char, text))


@functools.lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    # A page is scrubbed once per name, each time folded again: per character, NFKD is the
    # cost (a 3-seller team's anonymised report spent 14 % of its time here), so it is cached.
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    low = base.lower()
    return low if len(low) == 1 else ch.lower() if len(ch.lower()) == 1 else ch


def _tokens(name: str) -> list[str]:
    return re.findall(r"[^\W_]+", fold(unicodedata.normalize("NFC", name)))


class Scrubber:
    """Callable that replaces names and file names in HTML text (``scrub(text)``).

    ``scrub.plain(text)`` does the same on text that is not HTML (a CSV, a metric name).

    Examples
    --------
    >>> scrub = Scrubber(["José Álvarez", "me"], [], key=b"k")
    >>> scrub.plain("JOSE ALVAREZ; jose.alvarez@acme.com; meetings_jose_alvarez; me")
    'Person 93C243; person_93c243@acme.com; meetings_person_93c243; me'
    >>> scrub('<meta charset="utf-8"><p>Álvarez wrote to me</p>')
    '<meta charset="utf-8"><p>(name) wrote to me</p>'
    """

    def __init__(
        self,
        names: Iterable[str],
        files: Iterable[str] = (),
        *,
        key: bytes | Pseudonyms | None = None,
        protect: Iterable[str] = (),
    ):
        stand_in = key if isinstance(key, Pseudonyms) else Pseudonyms(key)
        self.pseudonyms = stand_in
        protected = {fold(w) for w in protect}
        people = sorted(
            {str(n) for n in names if _tokens(str(n)) and fold(str(n)).strip() != DEFAULT_PERSON},
            key=lambda n: (-len(_tokens(n)), -len(n)),
        )
        self.files = sorted({Path(f).name for f in files if Path(f).name}, key=len, reverse=True)
        self._file_names = {f: f"file {i + 1}{Path(f).suffix}" for i, f in enumerate(self.files)}
        self._whole = []
        for person in people:
            tokens = _tokens(person)
            if len(tokens) == 1 and tokens[0] in protected:
                continue  # a word of the kit's own ("Can"): replaced in the data, not here
            orders = [tokens] if len(tokens) < 2 else [tokens, [tokens[-1], *tokens[:-1]]]
            body = "|".join(_SEP.join(map(re.escape, order)) for order in orders)
            self._whole.append((re.compile(f"{_BEFORE}(?:{body}){_AFTER}"), stand_in(person)))
        parts = sorted(
            {t for p in people for t in _tokens(p) if len(t) >= 3 and t not in protected}, key=len
        )[::-1]
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


def scrubber(
    names: Iterable[str],
    files: Iterable[str],
    *,
    key: bytes | Pseudonyms | None = None,
    page: bool = False,
) -> Scrubber:
    """Make the function that replaces people's names and file names (``--anonymize``).

    See :class:`Scrubber`: whole names become their keyed pseudonym (:class:`Pseudonyms`),
    file names become ``file 1``, ``file 2``... and single words of a name left over become
    ``(name)``. ``page=True`` protects the kit's own words (:func:`kit_words`).
    """
    return Scrubber(names, files, key=key, protect=kit_words() if page else ())
