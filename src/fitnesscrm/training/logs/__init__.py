"""Workout logs: what a client did, set by set, with personal records detected as sets are written."""
