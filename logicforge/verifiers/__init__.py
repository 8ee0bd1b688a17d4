"""Answer extraction and rule checks: one module per task family. Never imports generators/."""
