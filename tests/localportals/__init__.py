"""The local-portal simulator's own tests: what the bundled portals serve, and how they render reports."""
