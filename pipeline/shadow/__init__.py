"""Shadow runs: a candidate configuration against the live one, on the same raw records."""
