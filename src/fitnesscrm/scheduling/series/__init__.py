"""Recurring series: RRULE recurrence, occurrence edits, horizon extension."""
