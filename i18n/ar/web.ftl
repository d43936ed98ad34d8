## Review: unreviewed
