"""Services: turn rows into the pure core's inputs, and its decisions back into rows.

Handlers (``bot/``) and the engine's composers call these; they take the caller's session
and never commit. Queries live in ``db/``, decisions in ``core/``; this layer joins them.
"""
