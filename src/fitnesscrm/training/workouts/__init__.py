"""Workout templates: reusable prescriptions (blocks of exercises with targets) owned by a trainer or shared."""
