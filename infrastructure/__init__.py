"""Shared infrastructure at the bottom of the house: it imports no domain app and no project module.

The mail outbox (model, backend, tasks, admin), the object access helper, environment parsing, the
resilient Redis cache and broker publishing, the client address for rate limits, and health.
"""
