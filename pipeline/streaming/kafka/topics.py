"""Every topic the pipeline uses, created at start-up with a cleanup policy chosen per topic.

| topic              | cleanup                 | why                                                  |
|--------------------|-------------------------|------------------------------------------------------|
| raw.<stream>       | delete, 3 days          | holds PII in clear: kept only long enough to replay   |
|                    |                         | after an outage; 4 MiB records so oversized input     |
|                    |                         | reaches the worker and is dead-lettered, not refused  |
| sanitized.<stream> | delete, 7 days          | no direct identifiers; consumers re-derive aggregates |
| pii.vault          | delete, 365 days        | encrypted PII; erasure is by destroying the subject's |
|                    |                         | data key (crypto-shredding), not by deleting records  |
| pii.vault.keys     | compact, kept forever   | the latest record per `subject/key_id` is the key;    |
|                    | one partition           | a tombstone destroys it. One partition gives every    |
|                    |                         | reader the same order, hence the same first key       |
| dlq.<stream>       | delete, 30 days, 4 MiB  | rejected input, payload encrypted, kept for triage;   |
|                    |                         | large enough for an encrypted oversized record        |
| control.consent    | compact, kept forever   | the latest consent state per subject token            |
| pii.text.templates | compact, kept forever   | per free-text template fingerprint: the digests of    |
|                    |                         | the subjects seen (fewer than k) or "common"; a       |
|                    |                         | tombstone when a worker forgot it (expiry)            |
| control.audit      | delete, 400 days        | events withheld and keys destroyed by consent: no PII |

The aggregator's topics are in pipeline.streaming.aggregator.topics.

Auto-creation is off on the broker, so every topic exists before the first produce. An existing
topic is left as it is (its partition count is logged if it differs from the settings).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
from aiokafka.protocol.offset import OffsetRequest

from pipeline.errors import BrokerError
from pipeline.streaming.kafka import clients
from pipeline.streaming.settings import StreamSettings, TopicClass

log = logging.getLogger(__name__)

TOPIC_ALREADY_EXISTS = 36
TOPIC_AUTHORIZATION_FAILED = 29
TOPIC_READY_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class TopicSpec:
    """One topic: name, partition count and topic-level configuration."""

    name: str
    partitions: int
    configs: dict[str, str] = field(default_factory=dict)


def topic_specs(settings: StreamSettings) -> list[TopicSpec]:
    """The topics of all configured streams plus the shared vault topics."""
    big = str(settings.max_message_bytes)
    specs: list[TopicSpec] = []
    for stream in settings.streams:
        specs += [
            TopicSpec(
                settings.raw(stream),
                settings.partitions,
                {
                    "cleanup.policy": "delete",
                    "retention.ms": str(settings.raw_retention_ms),
                    "max.message.bytes": big,
                },
            ),
            TopicSpec(
                settings.sanitized(stream),
                settings.partitions,
                {"cleanup.policy": "delete", "retention.ms": str(settings.sanitized_retention_ms)},
            ),
            TopicSpec(
                settings.dlq(stream),
                settings.partitions,
                {
                    "cleanup.policy": "delete",
                    "retention.ms": str(settings.dlq_retention_ms),
                    "max.message.bytes": big,
                },
            ),
        ]
    specs += [
        TopicSpec(
            settings.vault_topic,
            settings.partitions,
            {"cleanup.policy": "delete", "retention.ms": str(settings.vault_retention_ms)},
        ),
        TopicSpec(
            settings.vault_keys_topic,
            1,
            {
                "cleanup.policy": "compact",
                "retention.ms": "-1",
                # A destroyed key's tombstone stays a day, so a reader that is down for less
                # than that still learns of the destruction.
                "delete.retention.ms": str(24 * 60 * 60 * 1000),
            },
        ),
        # One record per subject token, the latest state wins; kept for good.
        TopicSpec(
            settings.consent_topic,
            settings.partitions,
            {"cleanup.policy": "compact", "retention.ms": "-1"},
        ),
        # The k-anonymous text release's counts: read whole by every worker at start, written
        # in the transactions of the records they allowed (pipeline.streaming.worker.templates).
        TopicSpec(
            settings.text_templates_topic,
            settings.partitions,
            {
                "cleanup.policy": "compact",
                "retention.ms": "-1",
                "delete.retention.ms": str(24 * 60 * 60 * 1000),
            },
        ),
        # What consent did: events withheld, keys destroyed. No PII, no tokens; kept as long as
        # the aggregates, so every withheld event can be accounted for.
        TopicSpec(
            settings.audit_topic,
            1,
            {"cleanup.policy": "delete", "retention.ms": str(400 * 24 * 60 * 60 * 1000)},
        ),
    ]
    return specs


async def ensure_topics(
    settings: StreamSettings,
    extra: Sequence[TopicSpec] = (),
    *,
    only: Collection[str] | None = None,
) -> list[str]:
    """Create missing topics (`topic_specs`, or those of them named in `only`, and `extra`),
    wait until each partition has a leader; the names created.

    On a secured cluster a principal may use a topic it may not create (the aggregator reads
    `sanitized.*`, which the worker creates): the broker refuses the creation even when the topic
    exists, so a refused topic is fine if it exists."""
    specs = [s for s in topic_specs(settings) if only is None or s.name in only]
    specs += extra
    admin = clients.admin(settings, client_id="pii-pipeline-admin")
    created: list[str] = []
    try:
        await admin.start()
        if not settings.create_topics:  # --no-create-topics: the cluster's owner made them
            await verify_topics(admin, settings, specs)
            return created
        new = []
        for s in specs:
            factor, min_insync = settings.replication(topic_class(settings, s.name))
            configs = {"min.insync.replicas": str(min_insync), **s.configs}
            new.append(NewTopic(s.name, s.partitions, factor, topic_configs=configs))
        response = await admin.create_topics(new)
        refused: list[str] = []
        for entry in response.topic_errors:
            name, code = entry[0], entry[1]
            if code == 0:
                created.append(name)
            elif code == TOPIC_AUTHORIZATION_FAILED:
                refused.append(name)
            elif code != TOPIC_ALREADY_EXISTS:
                raise BrokerError(f"cannot create topic {name}: error code {code}")
        if refused:
            existing = set(await admin.list_topics())
            for name in refused:
                if name not in existing:
                    raise BrokerError(
                        f"cannot create topic {name}: not authorized (it must be created by a "
                        "principal that may, e.g. the worker's, or by the cluster's owner)"
                    )
        await _wait_for_leaders(admin, specs)
        if created:
            await _wait_until_served(admin, created)
    except BrokerError:
        raise
    except Exception as exc:
        raise BrokerError(f"topic set-up failed: {type(exc).__name__}: {exc}") from exc
    finally:
        await admin.close()
    if created:
        log.info("created %d topics: %s", len(created), ", ".join(sorted(created)))
    return created


def topic_class(settings: StreamSettings, name: str) -> TopicClass:
    """The class of a topic (its replication settings): raw, sanitized, vault, dlq, control,
    or aggregate (releases, the aggregator's internal topics)."""
    bare = name[len(settings.topic_prefix) :] if name.startswith(settings.topic_prefix) else name
    for prefix, klass in (
        ("raw.", "raw"),
        ("sanitized.", "sanitized"),
        ("pii.vault", "vault"),
        ("pii.text.", "vault"),  # the text template counts: state every worker needs, as keys
        ("dlq.", "dlq"),
        ("control.", "control"),
    ):
        if bare.startswith(prefix):
            return klass  # type: ignore[return-value]
    return "aggregate"


async def verify_topics(
    admin: AIOKafkaAdminClient, settings: StreamSettings, specs: Sequence[TopicSpec]
) -> None:
    """Each topic exists with its partitions, replicas, cleanup policy and min.insync.replicas;
    BrokerError naming every difference otherwise."""
    problems: list[str] = []
    described = {t["topic"]: t for t in await admin.describe_topics([s.name for s in specs])}
    for spec in specs:
        topic = described.get(spec.name)
        if topic is None or topic["error_code"] != 0 or not topic["partitions"]:
            problems.append(f"{spec.name} does not exist")
            continue
        partitions = topic["partitions"]
        factor, min_insync = settings.replication(topic_class(settings, spec.name))
        if len(partitions) != spec.partitions:
            problems.append(f"{spec.name} has {len(partitions)} partitions, not {spec.partitions}")
        replicas = min(len(p["replicas"]) for p in partitions)
        if replicas < factor:
            problems.append(f"{spec.name} has {replicas} replicas, not {factor}")
    if not problems:
        resources = [ConfigResource(ConfigResourceType.TOPIC, s.name) for s in specs]
        for response in await admin.describe_configs(resources):
            for resource in response.resources:
                name, entries = resource[3], {e[0]: e[1] for e in resource[4]}
                spec = next(s for s in specs if s.name == name)
                _, min_insync = settings.replication(topic_class(settings, name))
                wanted = {"min.insync.replicas": str(min_insync)}
                wanted["cleanup.policy"] = spec.configs.get("cleanup.policy", "delete")
                for key, value in wanted.items():
                    if entries.get(key) != value:
                        problems.append(f"{name}: {key} is {entries.get(key)}, not {value}")
    if problems:
        raise BrokerError("topics not as required (--no-create-topics): " + "; ".join(problems))


async def _wait_for_leaders(admin: AIOKafkaAdminClient, specs: list[TopicSpec]) -> None:
    wanted = {s.name: s.partitions for s in specs}
    deadline = time.monotonic() + TOPIC_READY_TIMEOUT_S
    while True:
        described = await admin.describe_topics(list(wanted))
        pending = []
        for topic in described:
            name, partitions = topic["topic"], topic["partitions"]
            ready = topic["error_code"] == 0 and all(p["leader"] >= 0 for p in partitions)
            if not ready or not partitions:
                pending.append(name)
            elif len(partitions) != wanted[name]:
                log.warning(
                    "topic %s has %d partitions, settings say %d",
                    name,
                    len(partitions),
                    wanted[name],
                )
        if not pending:
            return
        if time.monotonic() > deadline:
            raise BrokerError(f"topics without a leader: {', '.join(sorted(pending))}")
        await asyncio.sleep(0.1)


async def _wait_until_served(admin: AIOKafkaAdminClient, topics: list[str]) -> None:
    """Wait until each new partition's leader answers a ListOffsets request for it.

    A new partition has a leader in the metadata a moment before that broker serves it; a
    client started in that moment logs NotLeaderForPartition errors and retries (the worker's
    and the aggregator's first start on fresh topics did). Asking here, where an unready
    partition is an expected answer, keeps a normal start free of alarming lines.
    """
    deadline = time.monotonic() + TOPIC_READY_TIMEOUT_S
    while True:
        leaders: dict[int, dict[str, list[tuple[int, int]]]] = {}
        for topic in await admin.describe_topics(topics):
            for p in topic["partitions"]:
                # -1: the latest offset; any answer without an error means "served"
                leaders.setdefault(p["leader"], {}).setdefault(topic["topic"], []).append(
                    (p["partition"], -1)
                )
        unready = []
        for leader, partitions in leaders.items():
            request = OffsetRequest(-1, 0, list(partitions.items()))
            response = await admin._send_request_to_node(leader, request)
            for name, answers in response.topics:
                unready += [f"{name}[{a[0]}]" for a in answers if a[1] != 0]
        if not unready:
            return
        if time.monotonic() > deadline:
            raise BrokerError(f"partitions not served yet: {', '.join(sorted(unready))}")
        await asyncio.sleep(0.05)
