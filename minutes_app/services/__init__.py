"""Flask-free domain services: they take a session and an actor, flush, and never commit."""
