"""The exercise library: built-in exercises shipped with FitnessCRM plus the business's own custom ones."""
