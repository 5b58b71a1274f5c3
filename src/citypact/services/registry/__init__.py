"""The city registry: cities and their edits, networks, published targets, loading the registry."""
