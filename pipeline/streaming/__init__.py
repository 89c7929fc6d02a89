"""The only layer that talks to Kafka (aiokafka)."""
