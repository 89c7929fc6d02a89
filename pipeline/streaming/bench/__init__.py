"""The streaming benchmark: pass-through, full worker and engine, in one run.

`python -m pipeline.streaming.bench` (or `pii-pipeline stream-bench`) measures, on the same
generated events (`generate_mixed(n, seed)`) and a real broker:

(a) a raw aiokafka consume->produce pass-through, transactional like the worker without the
    engine (continuous fetching, one transactional producer per task = partition number, the
    tasks' transactions concurrent, one in flight and one gathering per task, record batches per
    partition, the offsets after the records), and the same pass-through without transactions
    (idempotent producer, offsets committed after the sends) for reference;
    (a) gets the events `--passthrough-repeat` times over (it takes ~1 s otherwise);
(c) the full pipeline worker (`pipeline.streaming.worker`), one process, then two processes in
    one group (the speed-up), with each worker's peak RSS (VmHWM);
(d) the engine alone, in this process, on the same events in the same batches.

Every processor but (d) runs in a child process of its own. A rate is measured from the moment
the events start being published (the processors are up and warmed by a first small batch) to
the moment the last output record is visible to a `read_committed` consumer in this process.
The latency phase publishes at 70 % of (c)'s rate, at an even pace; the latency of a record is
the time its sanitized record becomes visible to the read_committed consumer minus the time it
was handed to the producer. The worker does not copy input headers, so send times are matched
by event id (same process, same monotonic clock).

The broker is KAFKA_BOOTSTRAP_SERVERS / `--bootstrap`; topics get a private prefix and are
deleted at the end. Progress goes to stderr, the table to stdout, `--json FILE` gets all figures.
"""
