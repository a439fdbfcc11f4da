"""Words a voice would guess: names and rare words that espeak-ng (Piper's phonemizer too) builds from spelling rules.

espeak-ng's trace (`-X`) says for each word whether it was found in its pronunciation dictionary or translated by
letter rules. A rule-built word that is also missing from the system word list (/usr/share/dict/words) is a word
the voice guesses: invented and foreign names, rare loanwords. Common words (espeak builds most of them from rules
too) and words already in the lexicon are left out.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .article import Article
from .errors import EngineError
from .script import split_sentences

_LOGGER = logging.getLogger(__name__)

DEFAULT_WORDLIST = "/usr/share/dict/words"
ESPEAK_VOICE = "en-us"
WORD = re.compile(r"[^\W\d_](?:[\w'’]*[^\W\d_])?")
POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
TRACE_LINE = re.compile(r"^(Found|Translate):? '([^']+)'")
MAX_INITIALISM = 5
"""All-capital words up to this long are initialisms, spelled out by the normalizer (BBC, NATO)."""


@dataclass(frozen=True)
class Candidate:
    """A word the voice would guess."""

    word: str
    """As written (its most common form in the text)."""
    count: int
    """How often it occurs."""
    sentence: str
    """The first sentence it occurs in."""


@lru_cache(maxsize=2)
def common_words(path: str = DEFAULT_WORDLIST) -> frozenset[str]:
    """The system word list, lowercased (empty when absent: then every rule-built word is a candidate)."""
    try:
        return frozenset(line.strip().lower() for line in Path(path).read_text("utf-8", "replace").splitlines())
    except OSError:
        _LOGGER.warning("no word list at %s (Debian: apt-get install wbritish); common words may be listed", path)
        return frozenset()


def article_sentences(article: Article) -> list[str]:
    """The sentences a narration of the article says: its title (unless the text opens with it), then the text."""
    opening = article.paragraphs[0] if article.paragraphs else ""
    title = () if not article.title or opening.startswith(article.title) else (article.title,)
    return [s for paragraph in (*title, *article.paragraphs) for s in split_sentences(paragraph)]


def words_of(sentence: str) -> list[str]:
    """The words of a sentence, possessives and hyphenated parts split off."""
    return [POSSESSIVE.sub("", w) for w in WORD.findall(sentence.replace("-", " "))]


def dictionary_words(words: Sequence[str], voice: str = ESPEAK_VOICE) -> set[str]:
    """Of `words`, those espeak-ng finds in its dictionary (directly or by a stem), lowercased."""
    espeak = shutil.which("espeak-ng")
    if not espeak:
        raise EngineError("espeak-ng is not installed; Debian: apt-get install espeak-ng")
    if not words:
        return set()
    result = subprocess.run([espeak, "-v", voice, "-q", "-X"], input="\n".join(f"{w}." for w in words),
                            capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise EngineError(f"espeak-ng failed: {result.stderr.strip()[:200]}")
    expected = [w.lower() for w in words]
    found: set[str] = set()
    index, current = 0, ""
    for line in result.stdout.splitlines():
        match = TRACE_LINE.match(line)
        if not match:
            continue
        kind, word = match.groups()
        if index < len(expected) and word == expected[index]:  # the trace moves on to the next word we sent
            current, index = expected[index], index + 1
        if kind == "Found" and current and (word == current or current.startswith(word[:3])):
            found.add(current)
    return found


def candidates(sentences: Iterable[str], known: Iterable[str] = (), wordlist: str = DEFAULT_WORDLIST,
               voice: str = ESPEAK_VOICE) -> list[Candidate]:
    """Words of the sentences the voice would guess, most frequent first (then in order of appearance)."""
    known_lower = {k.lower() for k in known}
    common = common_words(wordlist)
    counts: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    first: dict[str, str] = {}
    for sentence in sentences:
        for word in words_of(sentence):
            key = word.lower()
            if (len(word) < 2 or key in known_lower or key in common
                    or (word.isupper() and len(word) <= MAX_INITIALISM)):
                continue
            counts[key] += 1
            forms.setdefault(key, Counter())[word] += 1
            first.setdefault(key, " ".join(sentence.split()))
    if not counts:
        return []
    keys = list(counts)
    in_dictionary = dictionary_words(keys, voice)
    order = {key: i for i, key in enumerate(keys)}
    chosen = [k for k in keys if k not in in_dictionary]
    chosen.sort(key=lambda k: (-counts[k], order[k]))
    return [Candidate(forms[k].most_common(1)[0][0], counts[k], first[k]) for k in chosen]
