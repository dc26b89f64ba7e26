"""Failure alerts: a Prefect automation that posts each failed source run to a webhook.

Every source run that ends Failed (discovery found nothing, blocked, stale, health check failed,
a backfill or re-parse that failed) emits the event `vnnews.source.failed` with the source as
its resource and the reason in its payload (`flows/ingest.py::emit_failure`). This module saves
a Webhook block and an automation "on each such event, call the webhook with the source, status
and reason": `vnnews alerts --webhook URL` (docs/operations.md shows the same by hand).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from flows.ingest import FAILURE_EVENT

AUTOMATION_NAME = "vnnews: post failed source runs to a webhook"
BLOCK_NAME = "vnnews-failure-webhook"
# Jinja rendered by the server with the triggering event: one JSON object per failure.
PAYLOAD = (
    '{"text": "vnnews {{ event.resource[\'vnnews.source\'] }}: '
    "{{ event.payload.status }}: {{ event.payload.message | replace('\"', \"'\") }}\", "
    '"source": "{{ event.resource[\'vnnews.source\'] }}", '
    '"status": "{{ event.payload.status }}", "run_id": "{{ event.payload.run_id }}"}'
)


@dataclass(frozen=True, slots=True)
class AlertSetup:
    automation_id: UUID
    block_id: UUID


def install_failure_webhook(url: str, *, allow_private_urls: bool = False) -> AlertSetup:
    """Create (or replace) the webhook block and the automation on the current Prefect API.

    `allow_private_urls`: Prefect refuses webhooks to private and loopback addresses unless
    told otherwise (an internal chat relay, or a test's local receiver)."""
    from prefect.automations import Automation
    from prefect.blocks.webhook import Webhook
    from prefect.client.orchestration import get_client
    from prefect.events.actions import CallWebhook
    from prefect.events.schemas.automations import EventTrigger, Posture
    from pydantic import SecretStr

    block = Webhook(method="POST", url=SecretStr(url), allow_private_urls=allow_private_urls)
    block_id = UUID(str(block.save(BLOCK_NAME, overwrite=True)))  # sync call: the UUID
    with get_client(sync_client=True) as client:  # re-running replaces, never adds
        for old in client.read_automations_by_name(AUTOMATION_NAME):
            client.delete_automation(old.id)
    created = Automation(
        name=AUTOMATION_NAME,
        description=f"Each {FAILURE_EVENT} event (a source run that ended Failed) is posted to "
        "the webhook with the source, status and reason.",
        trigger=EventTrigger(
            expect={FAILURE_EVENT},
            match={"prefect.resource.id": "vnnews.source.*"},
            posture=Posture.Reactive,
            threshold=1,
            within=timedelta(0),
        ),
        actions=[CallWebhook(block_document_id=block_id, payload=PAYLOAD)],
    ).create()
    if not isinstance(created, Automation) or created.id is None:  # sync call: never a coroutine
        raise RuntimeError("the Prefect API returned no automation id")
    return AlertSetup(created.id, block_id)
