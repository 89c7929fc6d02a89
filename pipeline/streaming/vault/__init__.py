"""The vault on the broker: subject access and master-key rotation (operators' commands)."""
