"""Shared fixtures; the real-broker fixture lives in tests/broker.py."""

pytest_plugins = ["tests.broker", "tests.engine_fixture", "tests.streaming.secure_broker"]
