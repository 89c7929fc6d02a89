"""The only layer that talks to Kafka (kafka-python, aiokafka) and Faust."""
