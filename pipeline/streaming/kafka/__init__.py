"""Kafka plumbing shared by every app: the client factory (`clients`, the one place that builds
consumers, producers and admin clients), topics (`topics`), topic I/O (`io`), mirrors of compacted
topics (`mirror`), record batches (`batches`) and the partition-ownership protocol."""
