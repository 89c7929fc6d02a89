"""Settings of the streaming layer: broker, group, topic names and policies, batching, metrics.

Read from the environment with the prefix `PII_` (e.g. `PII_GROUP_ID`, `PII_PARTITIONS`); the
bootstrap servers are also accepted as `KAFKA_BOOTSTRAP_SERVERS`, the name docker-compose and the
test fixtures use. Only entry points build `StreamSettings()` from the environment; library code
and tests pass values explicitly. Key material is not here: `pipeline.secrets` reads it.
"""

from __future__ import annotations

import ipaddress
import json
import os
from pathlib import Path
from typing import Any, Literal

from pydantic import AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from pipeline.outcome import STREAMS, StreamName

DAY_MS = 24 * 60 * 60 * 1000
SecurityProtocol = Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"]
SaslMechanism = Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"]
TopicClass = Literal["raw", "sanitized", "vault", "dlq", "control", "aggregate"]
TOPIC_CLASSES: tuple[TopicClass, ...] = ("raw", "sanitized", "vault", "dlq", "control", "aggregate")
# A client file (`PII_KAFKA_CLIENT_FILE`, as `scripts/kafka-local start --secure` writes one per
# principal): its keys and the settings they fill.
CLIENT_FILE_KEYS = {
    "bootstrap": "bootstrap_servers",
    "security_protocol": "security_protocol",
    "sasl_mechanism": "sasl_mechanism",
    "username": "sasl_username",
    "password": "sasl_password",
    "ssl_cafile": "ssl_cafile",
    "ssl_certfile": "ssl_certfile",
    "ssl_keyfile": "ssl_keyfile",
}


def _is_local(bootstrap: str) -> bool:
    """Every bootstrap address is this machine (a development broker)."""
    for entry in bootstrap.split(","):
        host = entry.strip().rsplit(":", 1)[0].strip("[]")
        if host == "localhost":
            continue
        try:
            if not ipaddress.ip_address(host).is_loopback:
                return False
        except ValueError:
            return False
    return True


class StreamSettings(BaseSettings):
    """Everything a worker, producer or consumer needs to find and use its topics."""

    model_config = SettingsConfigDict(
        env_prefix="PII_", frozen=True, populate_by_name=True, extra="ignore"
    )

    bootstrap_servers: str = Field(
        "127.0.0.1:9092",
        validation_alias=AliasChoices(
            "bootstrap_servers", "PII_BOOTSTRAP_SERVERS", "KAFKA_BOOTSTRAP_SERVERS"
        ),
    )
    group_id: str = "pii-pipeline"
    streams: tuple[StreamName, ...] = STREAMS

    # Security of every connection (applied in streaming/kafka/clients.py). A client file fills
    # the ones not set otherwise; the password is a SecretStr (masked when settings are shown).
    kafka_client_file: Path | None = None
    security_protocol: SecurityProtocol = "PLAINTEXT"
    sasl_mechanism: SaslMechanism | None = None
    sasl_username: str | None = None
    sasl_password: SecretStr | None = None
    ssl_cafile: Path | None = None  # CA bundle that signed the brokers' certificates
    ssl_certfile: Path | None = None  # client certificate (mutual TLS)
    ssl_keyfile: Path | None = None
    ssl_key_password: SecretStr | None = None
    # False (`--no-create-topics`): never create topics; check they exist with the right settings.
    create_topics: bool = True

    # Topic names: `{stream}` is replaced by the stream name; `topic_prefix` goes in front of
    # every name (tests use it to get private topics on a shared broker).
    topic_prefix: str = ""
    raw_topic: str = "raw.{stream}"
    sanitized_topic: str = "sanitized.{stream}"
    dlq_topic: str = "dlq.{stream}"
    vault_topic_name: str = "pii.vault"
    vault_keys_topic_name: str = "pii.vault.keys"
    consent_topic_name: str = "control.consent"
    text_templates_topic_name: str = "pii.text.templates"
    audit_topic_name: str = "control.audit"

    partitions: int = Field(3, ge=1)
    # Replicas and min.insync.replicas of the topics the pipeline creates. Unset: 3 and 2 (a
    # production cluster), or 1 and 1 when every bootstrap address is this machine (a local
    # broker). Per topic class, `PII_REPLICATION_BY_CLASS='{"raw": 2}'` overrides the factor.
    replication_factor: int | None = Field(None, ge=1)
    min_insync_replicas: int | None = Field(None, ge=1)
    replication_by_class: dict[TopicClass, int] = Field(default_factory=dict)
    raw_retention_ms: int = 3 * DAY_MS
    sanitized_retention_ms: int = 7 * DAY_MS
    vault_retention_ms: int = 365 * DAY_MS
    dlq_retention_ms: int = 30 * DAY_MS
    max_message_bytes: int = Field(4 * 1024 * 1024, ge=1024 * 1024)

    # Where the engine runs: its own process (the event loop keeps the GIL for Kafka) or a
    # thread of the worker (one process less; slower and with higher latency under load).
    engine_mode: Literal["process", "thread"] = "process"
    # The engine process, once its engine is loaded, leaves what it holds (models, lexicons:
    # ~200,000 objects) out of the cyclic collector's passes (`gc.freeze`): a full pass over
    # them took 280-450 ms, in the middle of a trip, about once every few thousand records.
    engine_gc_freeze: bool = True
    # ... and after each full pass of the collector in the engine process, freezes what survived
    # it (at the end of the trip it ran in): each later full pass scans only what became
    # long-lived since the last one, not all the engine's caches again (worker.engine_process).
    # Frozen objects are still freed by their reference counts; only cycles among them are not.
    # Measured (stream-bench --variant engine_gc_refreeze=true/false, 4 pairs in 2 runs): the
    # engine's full passes max 13-26 ms against 84-121 ms; peak RSS 558-561 MB either way, and
    # 621 MB either way after 30,000 events through an in-process engine.
    engine_gc_refreeze: bool = True
    # The worker's event-loop process (its heap frozen at start, `serve.freeze_heap`): after each
    # full pass of its collector, freezes what survived it, on the loop's next turn.
    loop_gc_refreeze: bool = False
    batch_size: int = Field(256, ge=1)
    batch_timeout_ms: int = Field(200, ge=1)
    fetch_max_wait_ms: int = Field(50, ge=1)
    # The broker answers a worker's fetch once it has this many bytes for it, or after
    # fetch_max_wait_ms (the consumer's fetch.min.bytes). With 1 byte, at a moderate rate each
    # fetch came back with the first record or two: ~150 fetches/s, each a tiny trip queued
    # behind the one in the engine (stream-bench, see the README).
    fetch_min_bytes: int = Field(64 * 1024, ge=1)
    transaction_timeout_ms: int = Field(60_000, ge=1000)
    # How long a transactional producer waits before retrying a request the broker answered
    # with a retriable error. Since KIP-890 that includes a produce answered NOT_ENOUGH_REPLICAS
    # because the coordinator was busy with the same transaction (CONCURRENT_TRANSACTIONS),
    # which clears in milliseconds: the client's default 100 ms is all waiting.
    txn_retry_backoff_ms: int = Field(20, ge=1)
    # A task's next transaction begins at least this long after its previous one began (Kafka
    # Streams' commit.interval.ms); what arrives meanwhile joins it. 0: as soon as the previous
    # one has committed (the gathering transaction alone paces them).
    commit_interval_ms: int = Field(0, ge=0)
    # A task's transaction adds the output partitions of its previous one as it begins (with
    # the input offsets, while the engine works), and the offsets of trips that joined it go
    # with its records: after the engine, a produce and EndTxn are left, not AddPartitionsToTxn,
    # produce, TxnOffsetCommit and EndTxn one after the other (worker.transaction). Off by
    # default: alone it saves a round trip (bench.txnpath), but end to end (bench.cadence, 300/s)
    # p50/p99 were 192/352 and 140/385 ms with it against 134/247 and 121/308 without - the
    # partitions added and not written get markers too. Try it with --variant txn_overlap=true.
    txn_overlap: bool = False
    # Trips handed to the engine before the results of the first are taken (worker._round):
    # 2 keeps the engine process busy while the loop takes results and hands the next trip
    # over; 1 is one trip at a time.
    trips_in_engine: int = Field(2, ge=1, le=2)
    # With two trips in the engine: True hands the next trip over `handover_lead_ms` before the
    # one in the engine is expected to end (worker.pacing), so it holds what arrived meanwhile;
    # False (the default until an idle stream-bench shows a gain): as soon as the one before
    # has started.
    late_handover: bool = False
    handover_lead_ms: int = Field(15, ge=0)
    # A task with no transaction waiting behind the one that just committed begins its next
    # one at once, with the offsets it just committed (worker.commits: AddOffsetsToTxn and its
    # CONCURRENT_TRANSACTIONS retries while the markers are written), so the next trip only
    # sends its own offsets (TxnOffsetCommit) as it is handed over. Closed (aborted: it holds
    # nothing new) when no trip takes it within `txn_preopen_idle_ms`, or on a drain. On by
    # default: over 5 stream-bench runs on the shared machine (--variant, side by side) p99
    # 272-655 ms (median 375, 9 phases, some with txn_overlap or engine_gc_refreeze) against
    # 384-813 ms (median 587, 7 control phases); lower in 51 of the 63 pairs. Its begin was
    # already off the records' way (txn spans: results after open p50 0-1 ms either way): the
    # gain's cause is not isolated.
    txn_preopen: bool = True
    txn_preopen_idle_ms: int = Field(2_000, ge=10)
    session_timeout_ms: int = Field(10_000, ge=6000)
    # A group consumer that has not called getmany for this long leaves its group (aiokafka's
    # max_poll_interval_ms). The worker polls even while it is behind (paused partitions), so
    # this bounds a stuck event loop, not slow records.
    max_poll_interval_ms: int = Field(300_000, ge=1000)
    # Estimated work units (see worker.trips) one trip to the engine may hold. Ordinary records
    # (~1 KB, ~14,000 units estimated) do not reach it in a trip of `batch_size`; large or slow
    # ones are split over more trips.
    trip_work_units: int = Field(8_000_000, ge=100_000)
    # A trip holds at most what the engine's recent pace (worker.pacing.Pacer.per_record) does
    # in this long (but `trip_min_records`): when the engine slows (its core taken), what
    # arrived meanwhile goes in several trips, not in one that every record of it waits for
    # the end of. 0: by `batch_size` only.
    trip_target_ms: int = Field(0, ge=0)
    trip_min_records: int = Field(16, ge=1)
    # A trip's engine call ends at the first chunk boundary after this long (worker.chunks):
    # what it finished commits, the rest goes again in the next trip. A trip opens its
    # transactions when handed over, so it must end well within `transaction_timeout_ms`:
    # at most this plus two chunks (the one running at the deadline, one of the trip ahead).
    trip_deadline_ms: int = Field(5_000, ge=10)
    # Estimated work units of one chunk (the engine stops only between chunks); None: the
    # policy's `limits.max_work_units` (one record at the cap).
    trip_chunk_units: int | None = Field(None, ge=1)
    policy_path: Path | None = None
    # A worker reloads the policy and models/ on SIGHUP; also when their files change, checked
    # every `reload_watch_s` seconds (0: on SIGHUP only).
    reload_watch_s: float = Field(0.0, ge=0)
    metrics_port: int = Field(0, ge=0, le=65535)  # 0: no metrics endpoint
    metrics_host: str = "127.0.0.1"
    metrics_port_optional: bool = False  # a default port: taken -> no endpoint, a warning

    # `aggregator` (pipeline.streaming.aggregator.app): windowed k-anonymous releases. The policy
    # file has no k or window (it describes detection and transformation), so they are here.
    release_topic: str = "{metric}"  # `{metric}`: analytics.call_volume, ..., ads.audience
    release_retention_ms: int = 400 * DAY_MS  # aggregates: long-lived, nothing to erase in them
    aggregate_app_id: str = "pii-aggregator"  # also the consumer group and the state prefix
    aggregate_topic_name: str = "aggregate.observations"  # observations keyed by metric|window
    aggregate_report_topic_name: str = "aggregate.reports"  # per-window released/suppressed
    aggregate_retention_ms: int = 7 * DAY_MS
    window_size_s: int | None = Field(None, ge=1)  # None: 1 hour analytics, 1 day ads.audience
    allowed_lateness_s: int = Field(300, ge=0)
    k_analytics: int = Field(10, ge=1)
    k_ads: int = Field(50, ge=1)
    aggregate_tick_s: float = Field(1.0, gt=0)  # how often watermarks are broadcast
    aggregate_idle_s: float = Field(30.0, gt=0)  # quiet this long: event time follows the clock
    # which metrics are released by differential privacy, with which ε and budget: the policy's
    # `aggregates` (as for the file command), read at start; see StreamAggregator.use

    @model_validator(mode="before")
    @classmethod
    def _no_retired(cls, data: Any) -> Any:
        """PII_DP_* chose the DP metrics before the policy did: refuse them, never ignore them
        (an aggregator that silently released by k where DP was asked for)."""
        retired = sorted(name for name in os.environ if name.upper().startswith("PII_DP_"))
        if retired:
            raise ValueError(
                f"{', '.join(retired)} no longer read: the policy's aggregates.mechanisms and "
                "aggregates.dp choose differential privacy per metric"
            )
        return data

    @model_validator(mode="before")
    @classmethod
    def _client_file(cls, data: Any) -> Any:
        """Fill unset connection settings from `kafka_client_file`."""
        if not isinstance(data, dict):
            return data
        path = data.get("kafka_client_file")
        if not path:
            return data
        try:
            found = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ValueError(f"cannot read client file {path}: {exc}") from None
        if not isinstance(found, dict):
            raise ValueError(f"client file {path} is not a JSON object")
        unknown = sorted(set(found) - set(CLIENT_FILE_KEYS))
        if unknown:
            raise ValueError(f"client file {path}: unknown keys {', '.join(unknown)}")
        filled = dict(data)
        explicit = {k for k in data if k != "kafka_client_file"}
        for key, name in CLIENT_FILE_KEYS.items():
            if key in found and name not in explicit:
                filled[name] = found[key]
        return filled

    @model_validator(mode="after")
    def _security_complete(self) -> StreamSettings:
        if self.security_protocol.startswith("SASL"):
            missing = [
                name
                for name, value in (
                    ("sasl_mechanism", self.sasl_mechanism),
                    ("sasl_username", self.sasl_username),
                    ("sasl_password", self.sasl_password),
                )
                if not value
            ]
            if missing:
                raise ValueError(f"{self.security_protocol} needs {', '.join(missing)}")
        for name in ("ssl_cafile", "ssl_certfile", "ssl_keyfile"):
            path = getattr(self, name)
            if path is not None and not path.is_file():
                raise ValueError(f"{name}: no such file {path}")
        if (self.ssl_certfile is None) != (self.ssl_keyfile is None):
            raise ValueError("ssl_certfile and ssl_keyfile go together (mutual TLS)")
        return self

    @model_validator(mode="after")
    def _preopen_within_timeout(self) -> StreamSettings:
        # A pre-opened transaction is open while it waits: the coordinator must not time it out.
        if 2 * self.txn_preopen_idle_ms > self.transaction_timeout_ms:
            raise ValueError("txn_preopen_idle_ms must be at most half transaction_timeout_ms")
        return self

    @property
    def local_broker(self) -> bool:
        """Every bootstrap address is on this machine."""
        return _is_local(self.bootstrap_servers)

    def replication(self, topic_class: TopicClass) -> tuple[int, int]:
        """(replication factor, min.insync.replicas) of a topic class."""
        default = self.replication_factor or (1 if self.local_broker else 3)
        factor = self.replication_by_class.get(topic_class, default)
        wanted = self.min_insync_replicas or (1 if self.local_broker else 2)
        return factor, min(wanted, factor)

    @property
    def consumer_group(self) -> str:
        """The workers' consumer group: the topic prefix, then the group id."""
        return self.topic_prefix + self.group_id

    def raw(self, stream: StreamName) -> str:
        """The raw input topic of `stream`."""
        return self.topic_prefix + self.raw_topic.format(stream=stream)

    def sanitized(self, stream: StreamName) -> str:
        """The sanitized output topic of `stream`."""
        return self.topic_prefix + self.sanitized_topic.format(stream=stream)

    def dlq(self, stream: StreamName) -> str:
        """The dead-letter topic of `stream`."""
        return self.topic_prefix + self.dlq_topic.format(stream=stream)

    @property
    def vault_topic(self) -> str:
        """The encrypted vault entries (restricted)."""
        return self.topic_prefix + self.vault_topic_name

    @property
    def vault_keys_topic(self) -> str:
        """The wrapped per-subject data keys (compacted, restricted)."""
        return self.topic_prefix + self.vault_keys_topic_name

    @property
    def text_templates_topic(self) -> str:
        """Distinct subjects per free-text template, shared by every worker (compacted)."""
        return self.topic_prefix + self.text_templates_topic_name

    @property
    def consent_topic(self) -> str:
        """Consent state per subject token (compacted)."""
        return self.topic_prefix + self.consent_topic_name

    @property
    def audit_topic(self) -> str:
        """What consent did (events withheld, keys destroyed), without PII."""
        return self.topic_prefix + self.audit_topic_name

    def stream_of(self, raw_topic: str) -> StreamName:
        """Which stream a raw topic belongs to."""
        for stream in STREAMS:
            if self.raw(stream) == raw_topic:
                return stream
        raise KeyError(raw_topic)

    def release(self, metric: str) -> str:
        """The topic a metric's k-anonymous aggregates are published to."""
        return self.topic_prefix + self.release_topic.format(metric=metric)

    @property
    def aggregate_app(self) -> str:
        """The aggregator's id (its consumer group; prefix of its state topic)."""
        return self.topic_prefix + self.aggregate_app_id

    @property
    def aggregate_topic(self) -> str:
        """The aggregator's internal topic: observations, watermarks and erasures."""
        return self.topic_prefix + self.aggregate_topic_name

    @property
    def aggregate_report_topic(self) -> str:
        """One report per released window: cells released, suppressed, records dropped."""
        return self.topic_prefix + self.aggregate_report_topic_name
