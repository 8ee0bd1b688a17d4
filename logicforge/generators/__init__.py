"""Instance construction: one module per task family, plus seeding and rendering helpers."""
