"""Default settings, page-furniture rules and pronunciation lexicon shipped inside the package."""
