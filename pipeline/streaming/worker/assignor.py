"""The worker's partition assignor: partitions of the same number of every raw topic together.

A task is a partition number: partition p of every raw topic the group reads. The worker commits
one transaction per task and batch, with one transactional producer per task
(`<group>.task<p>`), instead of one per input partition: with three streams that is a third of
the transactions (each costs several round trips and a marker per touched partition) for the same
fencing. Fencing needs a task to move as a whole: its new owner's `init_transactions` fences the
old owner of every partition in it. The assignor guarantees that when every member reads the same
topics (the case the worker supports); a topic only some members read is given to the first
member that reads it, and the transactional id then names the task's topics too (`task_topics`),
so two members never share an id.
"""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping

from aiokafka.cluster import ClusterMetadata
from aiokafka.coordinator.assignors.abstract import AbstractPartitionAssignor
from aiokafka.coordinator.protocol import (
    ConsumerProtocolMemberAssignment,
    ConsumerProtocolMemberMetadata,
)

log = logging.getLogger(__name__)


class TaskAssignor(AbstractPartitionAssignor):  # type: ignore[misc]
    """Round-robin of partition numbers over the members (sorted by member id)."""

    name = "pii-tasks"
    version = 0

    @classmethod
    def assign(
        cls,
        cluster: ClusterMetadata,
        members: Mapping[str, ConsumerProtocolMemberMetadata],
    ) -> dict[str, ConsumerProtocolMemberAssignment]:
        member_ids = sorted(members)
        topics = sorted({t for m in members.values() for t in m.subscription})
        partitions = {t: sorted(cluster.partitions_for_topic(t) or ()) for t in topics}
        tasks = sorted({p for ps in partitions.values() for p in ps})
        chosen: dict[str, dict[str, list[int]]] = {m: defaultdict(list) for m in member_ids}
        for i, task in enumerate(tasks):
            member = member_ids[i % len(member_ids)]
            for topic in topics:
                if task not in partitions[topic]:
                    continue
                owner = member
                if topic not in members[member].subscription:
                    owner = next(m for m in member_ids if topic in members[m].subscription)
                    log.warning("members read different topics: %s[%d] split off", topic, task)
                chosen[owner][topic].append(task)
        return {
            m: ConsumerProtocolMemberAssignment(cls.version, sorted(chosen[m].items()), b"")
            for m in member_ids
        }

    @classmethod
    def metadata(cls, topics: Iterable[str]) -> ConsumerProtocolMemberMetadata:
        return ConsumerProtocolMemberMetadata(cls.version, sorted(topics), b"")

    @classmethod
    def on_assignment(cls, assignment: ConsumerProtocolMemberAssignment) -> None:
        return None


def task_transactional_id(group_id: str, task: int, topics: Iterable[str]) -> str:
    """`<group>.task<p>.<digest of the task's topics>`: stable while the streams are."""
    digest = hashlib.sha256("\n".join(sorted(topics)).encode()).hexdigest()[:8]
    return f"{group_id}.task{task}.{digest}"
