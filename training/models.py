"""Training plans, classes, enrolments, progress and certificates."""
