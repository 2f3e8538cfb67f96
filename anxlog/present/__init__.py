"""Presentation: what people read in the terminal (rich, plotext) and in reports."""
