"""Real-service harnesses shared by tests/, bench/ and scripts/: `narrator serve` in a temporary folder, Redis and
PostgreSQL on loopback, headless Chromium. Needs the `dev` extra (requests, playwright) and, for infra, the scale one.
"""
