"""Sentences that several views print word for word (no rich import: status uses them)."""

NOT_ADVICE = (
    "This describes your own ratings; it is not medical advice. "
    "Discuss what it means for your treatment with your provider."
)
METHODS = "docs/methods.md"  # the project's definitions of every figure, with examples
