"""The sanitizing worker: raw.* -> sanitized.*, pii.vault, dlq.*, exactly once.

`serve` wires one worker process; `worker` is the consume-process-produce loop; `assignor` gives
tasks to group members; `runner` runs the engine (own process or thread); `routing` turns
outcomes into records; `deadletter`, `keystore` (vault keys topic), `prometheus` (its metrics),
`audit` (the exactly-once check the eos-trial and the tests use)."""
