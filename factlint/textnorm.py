"""Name normalisation shared by name extraction and the canonical-name check."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz

_ARTICLE = re.compile(r"\b(al|el|ad|ar|as|ash|at|az|an|ud|ul)\s+(?=\w)")
# Transliteration folds: spellings that differ only by common romanisation choices fold together for fuzzy matching.
_FOLDS = (("ch", "sh"), ("ou", "u"), ("oo", "u"), ("ee", "i"), ("kh", "k"), ("dh", "d"), ("q", "k"), ("ph", "f"),
          ("y", "i"), ("w", "v"), ("j", "i"), ("ei", "i"), ("ay", "ai"))


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=65536)  # names repeat across a corpus
def normalize(name: str) -> str:
    """Case, diacritics, hyphens, apostrophes and the Arabic article folded: 'Hayat Tahrir Al Sham' and
    'Hayat Tahrir al-Sham' normalise alike."""
    text = strip_accents(name).lower()
    text = re.sub(r"['’‘`ʼ]s\b", "", text)
    text = re.sub(r"['’‘`ʼ]", "", text)
    text = re.sub(r"[^\w]+", " ", text).strip()
    text = _ARTICLE.sub(r"\1 ", text)
    return re.sub(r"\s+", " ", text)


_FOLD_ARTICLE = re.compile(r"\b(?:el|al|ad|ar|as|ash|at|az|an|ul|ud)\s+")


_PARTICLE = re.compile(r"\b(?:de|la|del|de la|los|las|le|du|des|of|the|da|do|dos|das|di|von|van|der)\b\s*")


@lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """normalize() plus transliteration folds and doubled letters, for fuzzy comparison only. Particles that one
    spelling keeps and another drops ("Mesa de la Unidad Democrática", "Mesa Unidad Democrática") are left out."""
    text = _FOLD_ARTICLE.sub("al ", normalize(name))
    text = _PARTICLE.sub("", text).strip() or text
    for a, b in _FOLDS:
        text = text.replace(a, b)
    return re.sub(r"(\w)\1+", r"\1", text)


def middle_name(a: str, b: str, min_score: float = 80.0) -> bool:
    """Folded names that are one person's, one with a middle name more: the same first name and last names alike
    by their consonants ("aditia shovduri" / "aditia kumar shaudari")."""
    wa, wb = a.split(), b.split()
    if abs(len(wa) - len(wb)) != 1 or min(len(wa), len(wb)) < 2 or wa[0] != wb[0] or len(wa[-1]) < 4:
        return False
    skeleton_a, skeleton_b = re.sub(r"[aeiou]", "", wa[-1]), re.sub(r"[aeiou]", "", wb[-1])
    return skeleton_a[:1] == skeleton_b[:1] and fuzz.ratio(skeleton_a, skeleton_b) >= min_score
