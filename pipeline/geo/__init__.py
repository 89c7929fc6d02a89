"""IP geolocation: where an address is (country, continent, scope), from an embedded or a
MaxMind database. Its own package because both the settings (which check a configured database
at load time) and the transforms (which generalise addresses) use it."""
