"""1:1 sessions, group classes, bookings, the waitlist, attendance and the client's activity timeline."""
