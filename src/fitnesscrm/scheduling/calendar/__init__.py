"""The calendar view, iCal feeds and .ics downloads."""
