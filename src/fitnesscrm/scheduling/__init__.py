"""Scheduling: locations, services, availability, appointments, classes, bookings, waitlists, attendance, iCal."""
