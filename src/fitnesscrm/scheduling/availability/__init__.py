"""Trainer availability: weekly working hours, date exceptions, time off, and the bookable slots they give."""
