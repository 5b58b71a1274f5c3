"""HTML pages, rendered on the server; they work without JavaScript."""
