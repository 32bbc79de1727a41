"""The learning corner's pages."""
