"""The delivery engine, and only that: the timer that wakes it, the claims on due rules and
deliveries, composing a claimed batch (with the composers ``services/`` hands it), sending
under the bot's send budget, and the telemetry of all that. It knows no feature.

How it works and why: ``docs/engine.md``.
"""
