"""Scheduling setup: locations with rooms, services and the booking rules (admin writes, everyone reads)."""
