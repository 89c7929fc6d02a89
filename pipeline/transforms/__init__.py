"""Pure transformations of identified values into what a sanitized record may hold."""
