"""FitnessCRM: a CRM for fitness businesses."""
