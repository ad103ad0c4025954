"""Metric definitions: the built-in measurements and the business's custom ones."""
