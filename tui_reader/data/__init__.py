"""The data layer: model, loader, store. Never imports Textual (a test enforces it)."""
