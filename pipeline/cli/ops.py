"""`pii-pipeline health` and `pii-pipeline vault show|rotate`: what operators run."""

from __future__ import annotations

import argparse
import json
import os
import sys
import uuid
from pathlib import Path
from typing import Any

from pipeline.cli.environment import stream_settings
from pipeline.cli.parser import positive_int
from pipeline.config.paths import policy_path
from pipeline.errors import ConfigError
from pipeline.outcome import STREAMS

KINDS = ("phone", "email", "cookie", "account")


def add_ops_commands(sub: Any) -> None:
    """Add `health` and `vault`."""
    health = sub.add_parser(
        "health",
        help="exit 0 if the local process's /healthz answers 200 (the image's HEALTHCHECK)",
    )
    health.add_argument("--host", default="127.0.0.1")
    health.add_argument(
        "--port", type=int, help="default: $PII_METRICS_PORT, else 9464 (worker's default)"
    )
    health.add_argument("--timeout", type=float, default=4.0)
    health.set_defaults(func=run_health)

    vault = sub.add_parser("vault", help="subject access and master-key rotation")
    vault_sub = vault.add_subparsers(dest="vault_command", required=True, metavar="COMMAND")
    show = vault_sub.add_parser(
        "show",
        help="decrypt one subject's vault entries as JSON lines (right of access); audited",
        description="Needs the token key (to find the subject) and the vault master key. "
        "Writes an audit record (no values, no token) to control.audit or FILE.audit.",
    )
    show.add_argument("subject", help="phone number, e-mail, cookie id, account id, or tok_…")
    show.add_argument("--kind", choices=KINDS, help="what SUBJECT is, when it is ambiguous")
    show.add_argument("--vault", metavar="FILE", help="a file vault (redact --vault) not Kafka")
    show.add_argument("--config", help="policy file (default: $PII_POLICY_PATH or built-in)")
    show.set_defaults(func=run_vault_show)

    rotate = vault_sub.add_parser(
        "rotate",
        help="rewrap every live data key under a new master key (idempotent, resumable)",
        description="Stop the workers first; afterwards start them with the new key in the "
        "master-key variable. Vault entries are not rewritten.",
    )
    rotate.add_argument(
        "--new-master-key-env",
        required=True,
        metavar="VAR",
        help="environment variable holding the new master key (32 bytes, hex or base64)",
    )
    rotate.add_argument("--vault", metavar="FILE", help="a file vault (redact --vault) not Kafka")
    rotate.add_argument("--config", help="policy file (default: $PII_POLICY_PATH or built-in)")
    rotate.set_defaults(func=run_vault_rotate)


def add_shadow_command(sub: Any) -> None:
    """Add `shadow`."""
    shadow = sub.add_parser(
        "shadow",
        help="diff a candidate policy against the live one on the raw topics (read-only)",
        description="Reads the raw topics without a consumer group, runs both policies with the "
        "same keys and writes only counts: events, rejections, outcomes and fields changed, "
        "entities found per type. No record is produced. `worker --shadow CANDIDATE` is the "
        "same.",
    )
    shadow.add_argument("candidate", help="the candidate policy file")
    shadow.add_argument("--config", help="the live policy (default: $PII_POLICY_PATH or built-in)")
    shadow.add_argument("--streams", nargs="+", choices=STREAMS, help="default: all")
    add_shadow_options(shadow)
    shadow.set_defaults(func=run_shadow)


def add_shadow_options(parser: Any, title: str | None = None) -> None:
    """The shadow run's options, for `shadow CANDIDATE` and `worker --shadow CANDIDATE`."""
    group = parser.add_argument_group(title) if title else parser
    group.add_argument("--max", type=positive_int, default=2000, help="records per raw topic")
    group.add_argument(
        "--from-beginning", action="store_true", help="oldest records, not only new ones"
    )
    group.add_argument("--timeout", type=float, default=10.0, help="stop after S quiet seconds")
    group.add_argument("--report", help="also write the report (JSON) here")


def run_shadow(args: argparse.Namespace) -> int:
    """Validate both policies, run the shadow comparison, print the report."""
    from pipeline.config.loader import load_config
    from pipeline.secrets import Secrets

    live = load_config(policy_path(args.config))
    candidate = load_config(Path(args.candidate))  # a bad candidate: file, line and field
    names = live.policy.secrets
    has_keys = os.environ.get(names.token_key_env) and os.environ.get(names.vault_master_key_env)
    secrets = Secrets.from_env(names) if has_keys else Secrets.generate()
    from pipeline.streaming.kafka.follow import broker_errors
    from pipeline.streaming.shadow import shadow_run

    settings = stream_settings(streams=tuple(args.streams) if args.streams else None)
    report = broker_errors(
        settings,
        shadow_run(
            settings,
            live,
            candidate,
            secrets,
            max_records=args.max,
            from_beginning=args.from_beginning,
            quiet_s=args.timeout,
        ),
    ).to_json()
    text = json.dumps(report, indent=2)
    print(text)
    if args.report:
        Path(args.report).write_text(text + "\n")
    return 0


def run_health(args: argparse.Namespace) -> int:
    """GET /healthz of the process on this machine (container)."""
    import urllib.error
    import urllib.request

    port = args.port or int(os.environ.get("PII_METRICS_PORT") or 9464)
    url = f"http://{args.host}:{port}/healthz"
    try:
        with urllib.request.urlopen(url, timeout=args.timeout) as answer:
            print(answer.read().decode().strip())
            return 0
    except urllib.error.HTTPError as exc:
        print(f"unhealthy: {exc.read().decode().strip()}", file=sys.stderr)
    except (urllib.error.URLError, OSError) as exc:
        print(f"unhealthy: {url}: {getattr(exc, 'reason', exc)}", file=sys.stderr)
    return 1


def _master_key(variable: str) -> bytes:
    from pipeline.secrets import read_key

    return read_key(variable)


def _subject(args: argparse.Namespace, config: Any) -> tuple[str, str]:
    """(kind, token) of the subject the operator named."""
    import re

    from pipeline.errors import InputError
    from pipeline.secrets import Secrets
    from pipeline.streaming.consent.model import subject_token
    from pipeline.transforms.tokens import Tokenizer

    if re.fullmatch(r"tok_[0-9a-f]{32}", args.subject.strip()):
        return "token", args.subject.strip()
    secrets = Secrets.from_env(config.policy.secrets)
    regions = tuple(config.policy.detection.phone_regions)
    try:
        return subject_token(Tokenizer(secrets.token_key), args.subject, args.kind, regions)
    except InputError as exc:
        raise ConfigError("SUBJECT", None, "subject", str(exc)) from None


def run_vault_show(args: argparse.Namespace) -> int:
    """Print the subject's entries, one JSON line each; write the audit record."""
    from pipeline.config.loader import load_config
    from pipeline.vault import files

    config = load_config(policy_path(args.config))
    master = _master_key(config.policy.secrets.vault_master_key_env)
    kind, token = _subject(args, config)
    request_id = str(uuid.uuid4())
    if args.vault:
        path = Path(args.vault)
        access = files.decrypt_subject(master, token, path)
        files.write_audit(path, files.audit_record(request_id, kind, access, str(path)))
    else:
        from pipeline.streaming.kafka.follow import broker_errors
        from pipeline.streaming.vault.admin import show_subject, write_audit

        settings = stream_settings()

        async def main() -> files.Access:
            found = await show_subject(settings, master, token)
            record = files.audit_record(request_id, kind, found, settings.vault_topic)
            await write_audit(settings, record)
            return found

        access = broker_errors(settings, main())
    for line in access.entries:
        print(json.dumps(line, ensure_ascii=False))
    print(
        f"{len(access.entries)} entries of this {kind}"
        + (f", {access.unreadable} no longer decrypt (key destroyed)" if access.unreadable else "")
        + f"; audit request id {request_id}",
        file=sys.stderr,
    )
    return 0


def run_vault_rotate(args: argparse.Namespace) -> int:
    """Rewrap the live data keys; print the counts and how to switch the workers."""
    from pipeline.config.loader import load_config

    config = load_config(policy_path(args.config))
    current = config.policy.secrets.vault_master_key_env
    if args.new_master_key_env == current:
        raise ConfigError(
            f"${current}", None, "--new-master-key-env", "name another variable than the current"
        )
    old, new = _master_key(current), _master_key(args.new_master_key_env)
    if args.vault:
        from pipeline.vault.files import rotate_file

        counts = rotate_file(old, new, Path(args.vault))
    else:
        from pipeline.streaming.kafka.follow import broker_errors
        from pipeline.streaming.vault.admin import rotate

        settings = stream_settings()
        counts = broker_errors(settings, rotate(settings, old, new)).to_json()
    print(json.dumps(counts))
    if counts["failed"]:
        print(
            f"error: {counts['failed']} keys unwrap with neither key: nothing was written for "
            "them; check the two variables",
            file=sys.stderr,
        )
        return 1
    print(
        f"done: start the workers with ${current} set to the value of "
        f"${args.new_master_key_env}; running the rotation again is harmless",
        file=sys.stderr,
    )
    return 0
