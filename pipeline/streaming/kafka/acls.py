"""Who may do what on a secured cluster: the ACLs of the pipeline's principals.

| principal  | reads                                   | writes                                      |
|------------|-----------------------------------------|---------------------------------------------|
| producer   | -                                       | raw.*                                       |
| worker     | raw.*, pii.vault.keys, control.consent, | sanitized.*, dlq.*, pii.vault*, control.audit, |
|            | pii.text.templates                      | pii.text.templates                          |
| aggregator | sanitized.*, control.consent, its state | analytics.*, ads.*, aggregate.*, its state  |
| analytics  | sanitized.*, analytics.*                | -                                           |
| ads        | ads.*                                   | -                                           |
| admin      | (super user: creates topics, runs `vault`, sets ACLs)                          |

Only the worker reads `raw.*` and writes `pii.vault*`; nobody but the worker and the admin can
read the vault or the dead letters. Topic names are PREFIXED patterns under the deployment's
topic prefix; groups and transactional ids are prefixed by the same prefix plus the group (or
aggregator app) id. `python -m pipeline.streaming.kafka.acls --admin FILE --prefix P` applies
them with the admin principal's client file (what `scripts/kafka-local start --secure` does).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

PRINCIPALS = ("admin", "producer", "worker", "aggregator", "analytics", "ads")

Op = str  # READ, WRITE, DESCRIBE, CREATE, IDEMPOTENT_WRITE ...


@dataclass(frozen=True)
class Grant:
    """One ALLOW rule: `principal` may `operation` on resources named `prefix*` of `kind`."""

    principal: str
    kind: str  # TOPIC, GROUP, TRANSACTIONAL_ID, CLUSTER
    prefix: str
    operation: Op


def plan(
    topic_prefix: str = "",
    group_id: str = "pii-pipeline",
    aggregator_id: str = "pii-aggregator",
) -> list[Grant]:
    """The grants of every principal but the admin (a super user)."""
    p = topic_prefix
    grants: list[Grant] = []

    def topics(principal: str, ops: Sequence[Op], *names: str) -> None:
        for name in names:
            for op in (*ops, "DESCRIBE"):
                grants.append(Grant(principal, "TOPIC", p + name, op))

    topics("producer", ["WRITE"], "raw.")
    # The text templates' counts are shared by the workers only (subjects' tokens below k).
    topics("worker", ["READ"], "raw.", "pii.vault.keys", "control.consent", "pii.text.")
    topics("worker", ["WRITE"], "sanitized.", "dlq.", "pii.vault", "control.audit", "pii.text.")
    topics("worker", ["CREATE", "DESCRIBE_CONFIGS"], "raw.", "sanitized.", "dlq.", "pii.vault")
    topics("worker", ["CREATE", "DESCRIBE_CONFIGS"], "control.", "pii.text.")
    group = p + group_id
    grants += [Grant("worker", "GROUP", group, op) for op in ("READ", "DESCRIBE")]
    grants += [Grant("worker", "TRANSACTIONAL_ID", group, op) for op in ("WRITE", "DESCRIBE")]

    app = p + aggregator_id
    # Its state topic is `<prefix><aggregator id>-...` (`topics` puts the prefix in front).
    own = aggregator_id
    topics("aggregator", ["READ"], "sanitized.", "control.consent", "aggregate.", own)
    topics("aggregator", ["WRITE", "CREATE"], "analytics.", "ads.", "aggregate.", own)
    # `--no-create-topics` checks the settings of every topic it uses.
    topics(
        "aggregator", ["DESCRIBE_CONFIGS"], "sanitized.", "control.consent", "analytics.", "ads."
    )
    topics("aggregator", ["DESCRIBE_CONFIGS"], "aggregate.", own)
    grants += [Grant("aggregator", "GROUP", app, op) for op in ("READ", "DESCRIBE")]
    grants += [Grant("aggregator", "TRANSACTIONAL_ID", app, op) for op in ("WRITE", "DESCRIBE")]

    topics("analytics", ["READ"], "sanitized.", "analytics.")
    grants += [Grant("analytics", "GROUP", p + "analytics", "READ")]
    topics("ads", ["READ"], "ads.")
    grants += [Grant("ads", "GROUP", p + "ads", "READ")]
    for principal in ("producer", "worker", "aggregator"):
        grants.append(Grant(principal, "CLUSTER", "kafka-cluster", "IDEMPOTENT_WRITE"))
    return grants


def apply(admin_file: Path, grants: list[Grant], timeout_s: float = 60.0) -> int:
    """Create the ACLs with the admin principal; retried while the broker is starting."""
    from kafka.admin import (
        ACL,
        ACLOperation,
        ACLPermissionType,
        ACLResourcePatternType,
        KafkaAdminClient,
        ResourcePattern,
        ResourceType,
    )

    client = json.loads(admin_file.read_text())
    acls = []
    for g in grants:
        pattern = (
            ACLResourcePatternType.LITERAL
            if g.kind == "CLUSTER"
            else ACLResourcePatternType.PREFIXED
        )
        resource = ResourcePattern(ResourceType[g.kind], g.prefix, pattern)
        acls.append(
            ACL(
                f"User:{g.principal}",
                "*",
                ACLOperation[g.operation],
                ACLPermissionType.ALLOW,
                resource,
            )
        )
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            admin = KafkaAdminClient(
                bootstrap_servers=client["bootstrap"],
                security_protocol=client["security_protocol"],
                sasl_mechanism=client["sasl_mechanism"],
                sasl_plain_username=client["username"],
                sasl_plain_password=client["password"],
                client_id="pii-pipeline-acls",
            )
            try:
                result = admin.create_acls(acls)
            finally:
                admin.close()
            failed = result.get("failed", [])
            if failed:
                raise RuntimeError(f"{len(failed)} ACLs refused: {failed[0]}")
            return len(acls)
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(1.0)


def main(argv: list[str] | None = None) -> int:
    """Apply the plan (see the module docstring)."""
    parser = argparse.ArgumentParser(prog="python -m pipeline.streaming.kafka.acls")
    parser.add_argument("--admin", type=Path, required=True, help="the admin principal's file")
    parser.add_argument("--prefix", default="", help="topic prefix of the deployment")
    parser.add_argument("--group-id", default="pii-pipeline")
    parser.add_argument("--aggregator-id", default="pii-aggregator")
    args = parser.parse_args(argv)
    count = apply(args.admin, plan(args.prefix, args.group_id, args.aggregator_id))
    print(f"{count} ACLs set", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
