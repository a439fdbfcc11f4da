"""narrator: articles in, chaptered narration out."""

from .article import Article, Chapter
from .config import Settings
from .errors import NarratorError
from .normalize import normalize_text
from .pipeline import NarrationResult, narrate

__all__ = ["Article", "Chapter", "NarrationResult", "NarratorError", "Settings", "narrate", "normalize_text"]
__version__ = "0.1.0"
