"""One module per field. Each exposes a pure `extract(ctx, ...)` returning a `Found`.

Modules keep their French knowledge as data under `patterns/` and their
machinery in code; spans come from the matching text and are grounded with
`Context.mention()` / `Context.raw_bounds()`.
"""
