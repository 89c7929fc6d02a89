"""The vault: PII kept encrypted under per-subject data keys wrapped by a master key."""
