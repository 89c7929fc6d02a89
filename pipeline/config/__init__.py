"""Configuration: the policy file and Presidio's YAML, validated at start-up with file:line errors."""
