## Review: reviewed
