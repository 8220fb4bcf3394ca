"""What a reader typed, made safe, and the words and patterns it is matched with."""

import re
from dataclasses import dataclass

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 12

CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")


@dataclass
class Query:
    """What a reader typed, made safe: no control characters, at most MAX_QUERY_LENGTH long."""

    text: str
    was_shortened: bool = False

    @classmethod
    def parse(cls, raw):
        text = " ".join(CONTROL_CHARACTERS.sub(" ", raw or "").split())
        return cls(text[:MAX_QUERY_LENGTH].strip(), len(text) > MAX_QUERY_LENGTH)

    @property
    def words(self):
        """The words and CJK runs to look for, without operators or punctuation."""
        return WORD.findall(self.text)[:MAX_QUERY_WORDS]

    @property
    def has_words(self):
        return bool(self.words)

    @property
    def latin_text(self):
        """The query without its CJK runs."""
        return CJK.sub(" ", self.text).strip()

    @property
    def cjk_runs(self):
        return CJK.findall(self.text)


def cjk_pieces(text):
    """Overlapping two-character pieces of every CJK run: 骨髓移植 → 骨髓 髓移 移植.

    Chinese, Japanese and Korean are written without spaces between words; indexed as pieces,
    a name or term is found inside a longer run of characters."""
    pieces = []
    for run in CJK.findall(text or ""):
        pieces += [run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)]
    return " ".join(pieces)


def with_cjk_pieces(text):
    return f"{text} {cjk_pieces(text)}" if CJK.search(text or "") else text or ""


def match_stems(query):
    """(is CJK, the part of each word a match must start with) for the words of `query`."""
    return [
        (True, word) if CJK.fullmatch(word) else (False, word[: max(4, len(word) - 2)])
        for word in query.words
    ]


def match_pattern(query):
    """A pattern marking what `query` matches in a text: words by their beginning, so "myeloma"
    also marks "myelomas" (close to the stemming of the full-text search); CJK runs anywhere."""
    alternatives = [
        re.escape(stem) if is_cjk else r"\b" + re.escape(stem) + r"[\w'-]*"
        for is_cjk, stem in match_stems(query)
    ]
    if not alternatives:
        return None
    return re.compile("|".join(sorted(alternatives, key=len, reverse=True)), re.IGNORECASE)
