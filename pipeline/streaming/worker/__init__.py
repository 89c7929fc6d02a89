"""The sanitizing worker: raw.* -> sanitized.*, pii.vault, dlq.*, exactly once.

`serve` wires one worker process; `worker` is the consume-process-produce loop; `commits` chains
each task's transactions (in order, one in flight, one gathering); `assignor` gives
tasks to group members, `tasks` starts and closes their producers; `runner` runs the engine (a
thread; `engine_process`: its own process, the default); `routing` turns
outcomes into records; `deadletter`, `keystore` (vault keys topic), `prometheus` (its metrics),
`audit` (the exactly-once check the eos-trial and the tests use).

Why per-task ids (the Kafka Streams "EOS v1" scheme) and not one producer per worker with KIP-447
group fencing: aiokafka 0.14 sends TxnOffsetCommit v0, without generation and member id, so the
broker cannot fence a zombie by group generation. A per-task id is fenced by the id itself: when a
task moves, the new owner's `init_transactions` bumps the epoch, aborts the old owner's open
transaction (or completes one already prepared) and refuses the old owner's later sends. The new
owner reads the committed offsets only after that (aiokafka fetches them before our assignment
callback runs, so we fetch them again), so it starts exactly after the last committed batch. A
task holds the partitions of every stream (one transaction instead of three per batch).
"""
