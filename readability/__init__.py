"""Plain language, checked while editors write: figures and advice on a text, never a block (see measure)."""
