"""Programmes (weeks x days of workout templates with progression) and their assignment to clients."""
