"""Street addresses: street lines, the lines around them, and places by name."""
