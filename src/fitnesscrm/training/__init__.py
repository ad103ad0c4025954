"""Training: exercise library, workout templates, programmes, assignments, workout logs and personal records."""
