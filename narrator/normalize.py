"""normalize_text(): written English in, the words a narrator would say out."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from num2words import num2words

if TYPE_CHECKING:
    from .config import Settings


def _cardinal(match: re.Match[str]) -> str:
    return num2words(int(match.group(0).replace(",", "")))


@dataclass(frozen=True)
class Normalizer:
    """Spoken-form rewriting with a user lexicon applied first."""

    lexicon: dict[str, str] = field(default_factory=dict)
    date_order: str = "dmy"

    @classmethod
    def from_settings(cls, settings: "Settings") -> "Normalizer":
        """The normalizer configured by settings (lexicon from config/lexicon.toml)."""
        path = settings.resolved_config_dir() / "lexicon.toml"
        return cls(load_lexicon(str(path)), settings.date_order)

    def normalize(self, text: str) -> str:
        """Rewrite text; never raises."""
        try:
            for written, spoken in self.lexicon.items():
                text = re.sub(rf"\b{re.escape(written)}\b", spoken, text)
            text = re.sub(r"\bMr\b\.?", "Mister", text)
            text = re.sub(r"\bMrs\b\.?", "Missus", text)
            text = re.sub(r"\bDr\b\.?", "Doctor", text)
            text = re.sub(r"(\d+(?:\.\d+)?)%", lambda m: f"{m.group(1)} percent", text)
            text = re.sub(r"\b\d{1,3}(?:,\d{3})+\b|\b\d{1,6}\b", _cardinal, text)
            return text
        except Exception:  # never raise on text
            return text


@lru_cache(maxsize=8)
def load_lexicon(path: str) -> dict[str, str]:
    """Whole-word replacements from a TOML file's [words] table (empty when the file is missing)."""
    if not Path(path).is_file():
        return {}
    with open(path, "rb") as handle:
        return dict(tomllib.load(handle).get("words", {}))


_DEFAULT = Normalizer()


def normalize_text(text: str) -> str:
    """Written English in, spoken English out. Pure and deterministic; unknown input passes through."""
    return _DEFAULT.normalize(text)
