"""Noun phrases from English text: a word-class table, a few context rules and a chunker (no model download).

No tagger on PyPI ships an English model inside its package (spaCy's models and NLTK's tagger data are
separate downloads), so this is a careful heuristic: closed word classes are listed in full, open classes are
told apart by tables of common words, suffixes and the word before.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum


class Tag(str, Enum):
    """Word classes the chunker needs."""

    DET = "det"
    POSS = "poss"  # Ward's, the council's: a possessive modifier
    PRON = "pron"
    PREP = "prep"
    CONJ = "conj"
    AUX = "aux"
    VERB = "verb"
    ADV = "adv"
    ADJ = "adj"
    NUM = "num"
    NOUN = "noun"
    PROPER = "proper"
    PUNCT = "punct"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


DETERMINERS = _words("""a an the this that these those each every some any no another either neither both all such
what which whatever whichever half many few several most more much""")
PRONOUNS = _words("""i me my mine myself we us our ours ourselves you your yours yourself yourselves he him his himself
she her hers herself it its itself they them their theirs themselves who whom whose whoever someone somebody
something anyone anybody anything everyone everybody everything nobody nothing none one ones""")
PREPOSITIONS = _words("""aboard about above across after against along alongside amid amidst among amongst around as at
before behind below beneath beside besides between beyond by despite down during except for from in inside into like
near of off on onto opposite out outside over past per since through throughout till to toward towards under
underneath unlike until up upon via with within without""")
CONJUNCTIONS = _words("and but or nor so yet because although though while whereas if unless whether than once")
AUXILIARIES = _words("""is are was were be been being am has have had having do does did done can could will would
shall should may might must 's 're 've 'd 'll isn't aren't wasn't weren't hasn't haven't hadn't doesn't don't didn't
can't cannot couldn't won't wouldn't shouldn't""")
ADVERBS = _words("""when where why how whenever wherever not never also just very too only even still already often always soon then now here there again
almost quite rather ever perhaps yet instead later earlier today tomorrow yesterday away back ago once twice else
indeed however therefore meanwhile nearly mostly fairly largely simply really probably certainly usually finally
together far much more most less least well enough sometimes altogether indoors outdoors upstairs downstairs
abroad overseas ahead aside apart afterwards anyway""")
NUMBER_WORDS = _words("""one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million
billion dozen dozens hundreds thousands millions""")
ADJECTIVES = _words("""able bad big black bleak blue brief bright broad brown busy cheap clean clear close cold common
cool dark dead deep dense difficult dim direct dry due dull early easy empty entire equal extra fair false far fast
fine firm flat free fresh full gentle glad golden good great green grey hard heavy high hot huge hungry ill key large
late least left legal less likely little local long loose loud low main major minor modest more much narrow near neat
new nice old open other own plain poor possible pretty private proper public quick quiet rare raw ready real recent
red rich right rough round rural safe same scarce sharp short sick slight slim slow small smart soft sole solid sour
special steady steep strange strict strong sudden sure sweet tall thick thin tight tiny tired total tough true ugly
upper urban usual vast warm weak wet whole wide wild wise worse worst wrong young first second third fourth fifth last
next final former latter early late recent current annual daily weekly monthly yearly northern southern eastern
western central national international regional rural own several various certain whole further lower upper inner
outer top bottom front rear middle average overall senior junior elderly bare busy calm chief grand prime""")
ADJECTIVE_SUFFIXES = ("ous", "ful", "ive", "less", "ible", "able", "ical", "ic", "ary", "ish", "ant", "ent", "ial",
                      "ual", "nal", "ral")
NOUN_NOT_ADJECTIVE = _words("""archive olive detective executive motive initiative alternative representative relative
objective native captive table cable stable fable timetable vegetable handful spoonful mouthful music logic clinic
topic republic traffic panic fabric library salary summary dictionary anniversary secretary diary boundary military
itinerary commentary documentary glossary sanctuary estuary january february tributary plant giant servant tenant
restaurant merchant accountant assistant consultant applicant participant grant elephant infant student president
resident agent parent talent event moment comment content element segment agreement government department
statement payment management development environment investment equipment settlement treatment movement argument
apartment document experiment instrument monument parliament tournament accident incident percent cent client patient
opponent component continent current regent rent tent dent festival rival arrival approval proposal capital
hospital animal signal trial canal metal journal official individual original potential principal professional
criminal general council appeal deal meal seal ritual manual mural rural dial trial denial material terminal editorial
tutorial memorial ferry""") - _words("current original potential professional criminal general rural")
VERBS = _words("""say says said tell tells told make makes made take takes took taken give gives gave given go goes
went gone come comes came get gets got gotten find finds found know knows knew known think thinks thought see sees saw
seen become becomes became begin begins began begun keep keeps kept leave leaves left hold holds held bring brings
brought write writes wrote written stand stands stood lose loses lost pay pays paid meet meets met run runs ran sit
sits sat spend spends spent build builds built send sends sent fall falls fell fallen feel feels felt put puts set
sets cut cuts let lets want wants need needs seem seems look looks use uses try tries tried ask asks work works call
calls move moves live lives believe believes happen happens include includes continue continues change changes lead
leads led understand understood follow follows stop stops create creates speak speaks spoke spoken read reads allow
allows add adds grow grows grew grown open opens walk walks win wins won offer offers remember remembers love loves
consider considers appear appears buy buys bought wait waits serve serves die dies expect expects stay stays reach
reaches kill kills remain remains suggest suggests raise raises pass passes sell sells sold require requires report
reports decide decides pull pulls show shows showed shown hear hears heard mean means meant play plays turn turns
start starts help helps learn learns learned learnt carry carries carried drive drives drove driven choose chose
chosen agree agrees argue argues warn warns hope hopes fear fears plan plans insist insists describe describes admit
admits refuse refuses claim claims deny denies face faces sits lands rises rose risen drops dropped gives keeps
takes becomes drew drawn draw fed ate eaten hung caught taught fought sought wore worn broke broken rode thrown
threw flew shook woke struck swept slept stole swam sang rang sank drank hid lay laid lit bent lent dealt sprang
emptied doubted""")
NOUN_OR_VERB = _words("""plan plans work works call calls change changes report reports offer offers love start starts
turn turns play plays fear fears hope hopes drive drives help walk walks show shows run runs win wins cut cuts set sets
use uses wait stay stays face faces claim claims rise rises drop drops look looks lead need needs move moves pass pay
pays fall falls lands land rent cost costs build work answer answers vote votes deal deals control return returns
record records bid bids test tests promise promises review reviews rate rates charge charges flow flows""")
NOUN_ING = _words("""funding housing building training meeting spending planning fishing shipping parking morning
evening painting writing reading hearing ceiling clothing warning setting feeling beginning ending offering
wedding wing king ring string thing nothing something everything anything spring swing sibling pudding stuffing
lightning heating lighting flooding trawling walking drawing baking beekeeping swarming""")
_WORD_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’.-]*[A-Za-z0-9]|[A-Za-z0-9]|[^\sA-Za-z0-9]")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(]*[A-Z0-9])")


@dataclass(frozen=True)
class Token:
    """A word with its class and position."""

    text: str
    tag: Tag
    sentence: int

    @property
    def lower(self) -> str:
        return self.text.lower().replace("’", "'")


def _lexical_class(word: str) -> Tag:
    """The class of a lower-case word out of context."""
    if word in DETERMINERS:
        return Tag.DET
    if word in PRONOUNS:
        return Tag.PRON
    if word in PREPOSITIONS:
        return Tag.PREP
    if word in CONJUNCTIONS:
        return Tag.CONJ
    if word in AUXILIARIES:
        return Tag.AUX
    if word in NUMBER_WORDS or re.fullmatch(r"[\d.,]+(st|nd|rd|th|s|m|bn|k)?", word) or (
            "-" in word and word.split("-")[0] in NUMBER_WORDS):
        return Tag.NUM
    if word in ADVERBS or (word.endswith("ly") and len(word) > 4 and word not in _words("family supply rally italy "
                                                                                        "assembly july fly")):
        return Tag.ADV
    if word in NOUN_OR_VERB:
        return Tag.NOUN
    if word in VERBS:
        return Tag.VERB
    if word in ADJECTIVES:
        return Tag.ADJ
    if word in NOUN_NOT_ADJECTIVE or word in NOUN_ING:
        return Tag.NOUN
    if len(word) > 5 and word.endswith(ADJECTIVE_SUFFIXES):
        return Tag.ADJ
    if word.endswith(("ing", "ed")) and len(word) > 5:
        return Tag.VERB
    return Tag.NOUN


def tag(text: str) -> list[Token]:
    """Tokens of the text with their word class (capitalised words mid-sentence are names)."""
    sentences = [s for s in _SENTENCE_END.split(text) if s]
    capitalised = {w for s in sentences for w in _WORD_RE.findall(s.lstrip("\"“‘('"))[1:] if w[:1].isupper()}
    tokens: list[Token] = []
    for number, sentence in enumerate(sentences):
        words = _WORD_RE.findall(sentence)
        first_word = True
        for word in words:
            lower = word.lower().replace("’", "'")
            if not word[:1].isalnum():
                tokens.append(Token(word, Tag.PUNCT, number))
                first_word = word in "\"“‘(" and first_word
                continue
            if lower.endswith("'s") and len(lower) > 2 or (lower.endswith("s'") and len(lower) > 3):
                tag_ = Tag.POSS
            else:
                tag_ = _lexical_class(lower)
                if word[:1].isupper() and tag_ in (Tag.NOUN, Tag.ADJ, Tag.VERB) and (
                        not first_word or word in capitalised):
                    tag_ = Tag.PROPER
                elif word.isupper() and len(word) > 1 and tag_ is Tag.NOUN:
                    tag_ = Tag.PROPER
            tokens.append(Token(word, tag_, number))
            first_word = False
    return _in_context(tokens)


def _in_context(tokens: list[Token]) -> list[Token]:
    """Context rules: -ing/-ed words after a determiner or adjective are nouns/modifiers; 'to' + word is a verb."""
    fixed = list(tokens)
    for i, token in enumerate(fixed):
        before = fixed[i - 1] if i else None
        after = fixed[i + 1] if i + 1 < len(fixed) else None
        lower = token.lower
        if token.tag is Tag.VERB and lower.endswith("ing") and before and before.tag in (
                Tag.DET, Tag.ADJ, Tag.POSS, Tag.NUM):
            fixed[i] = Token(token.text, Tag.NOUN, token.sentence)
        elif token.tag is Tag.VERB and lower.endswith("ed") and before and before.tag in (Tag.DET, Tag.POSS) and \
                after and after.tag in (Tag.NOUN, Tag.PROPER):
            fixed[i] = Token(token.text, Tag.ADJ, token.sentence)
        elif token.tag is Tag.NOUN and before and before.tag is Tag.AUX and before.lower in _MODALS:
            fixed[i] = Token(token.text, Tag.VERB, token.sentence)
        elif (token.tag is Tag.NOUN and lower.endswith("s") and not lower.endswith(("ss", "'s")) and before
              and before.tag is Tag.NOUN and not before.lower.endswith("s") and after is not None
              and (after.tag in (Tag.DET, Tag.PREP, Tag.PRON, Tag.ADV, Tag.CONJ) or after.text in ",.;")):
            fixed[i] = Token(token.text, Tag.VERB, token.sentence)  # 'the old mortar behaves before'
        elif token.tag is Tag.NOUN and lower.endswith("s") and before and before.lower in ("that", "which", "who"):
            fixed[i] = Token(token.text, Tag.VERB, token.sentence)
        elif token.tag is Tag.NOUN and lower in NOUN_OR_VERB and before and (
                before.lower == "to" or before.tag in (Tag.PRON, Tag.AUX, Tag.ADV)
                or before.tag in _HEADS and lower.endswith("s") and after is not None
                and after.tag in (Tag.DET, Tag.PREP, Tag.PRON, Tag.ADV, Tag.NUM)):
            fixed[i] = Token(token.text, Tag.VERB, token.sentence)
    return fixed


_MODALS = _words("can could will would shall should may might must do does did to")
_MODIFIERS = (Tag.ADJ, Tag.NUM, Tag.NOUN, Tag.PROPER, Tag.POSS)
_HEADS = (Tag.NOUN, Tag.PROPER)


@dataclass(frozen=True)
class Phrase:
    """A noun phrase found in the text."""

    words: tuple[str, ...]
    tags: tuple[Tag, ...]
    sentence: int

    @property
    def text(self) -> str:
        return " ".join(self.words)


def noun_phrases(text: str, max_words: int = 5) -> Iterator[Phrase]:
    """Noun phrases (modifiers then a noun head, optionally 'of' and another such phrase), determiners left off."""
    tokens = tag(text)
    i = 0
    while i < len(tokens):
        if tokens[i].tag not in _MODIFIERS:
            i += 1
            continue
        j = i
        while j < len(tokens) and tokens[j].tag in _MODIFIERS and tokens[j].sentence == tokens[i].sentence:
            j += 1
        span = tokens[i:j]
        while span and span[-1].tag not in _HEADS:
            span = span[:-1]  # a phrase ends on its noun, never on an adjective or a possessive
        if span:
            yield from _sub_phrases(span, max_words)
            k = i + len(span)
            if k + 1 < len(tokens) and tokens[k].lower == "of":
                tail = tokens[k + 1:]
                if tail and tail[0].tag is Tag.DET and tail[0].lower in ("the", "a", "an"):
                    tail = tail[1:]
                end = 0
                while end < len(tail) and tail[end].tag in _MODIFIERS and tail[end].sentence == span[0].sentence:
                    end += 1
                obj = tail[:end]
                while obj and obj[-1].tag not in _HEADS:
                    obj = obj[:-1]
                if obj:
                    article = [tokens[k + 1]] if tokens[k + 1].tag is Tag.DET else []
                    whole = span + [tokens[k]] + article + obj
                    if len(whole) <= max_words:
                        yield Phrase(tuple(t.text for t in whole), tuple(t.tag for t in whole), span[0].sentence)
        i = j if j > i else i + 1


def _sub_phrases(span: list[Token], max_words: int) -> Iterator[Phrase]:
    """The phrase and its shorter right-hand parts (same head): 'harbour wall repairs', 'wall repairs'."""
    for start in range(len(span)):
        part = span[start:]
        if len(part) > max_words:
            continue
        if part[0].tag is Tag.POSS and len(part) == 1:
            continue
        yield Phrase(tuple(t.text for t in part), tuple(t.tag for t in part), part[0].sentence)
