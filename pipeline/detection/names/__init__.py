"""Person names and user names: lexicons, shapes, and the grammar of news, sport and social text."""
