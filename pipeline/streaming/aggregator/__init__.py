"""The streaming aggregator, Kafka side only: sanitized.* -> analytics.* / ads.* once per window.

The window state, release rules and reports are the broker-free engine in `pipeline.aggregation`;
this package feeds it from topics, keeps its state in a changelog and publishes in transactions.
"""
