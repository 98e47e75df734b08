"""Dead letters moved back by hand (the dashboard): a dead-letter queue's messages return to a
queue whose dead-letter setting names it, in bounded steps.

(The moves *into* a dead-letter queue happen as a reserve meets an over-reserved message:
reservations.py.)
"""

from __future__ import annotations

from .context import Context
from .errors import InvalidArgument
from .limits import STEP_ROWS
from .messages import Messages


class DeadLetters:
    """Returning dead letters to their source, a step (one transaction) at a time."""

    def __init__(self, ctx: Context, messages: Messages) -> None:
        self.ctx = ctx
        self.store = ctx.store
        self.messages = messages

    def return_all(self, project_id: str, name: str, source: str) -> int:
        """Move the messages of dead-letter queue `name` back to `source` (every step of
        `return_step`); return how many moved."""
        moved = 0
        while True:
            step, more = self.return_step(project_id, name, source)
            moved += step
            if not more:
                return moved

    def return_step(self, project_id: str, name: str, source: str) -> tuple[int, bool]:
        """Move up to STEP_ROWS messages of dead-letter queue `name` back to `source`, a
        queue whose dead-letter setting names it; return (how many moved, whether more may
        be left: call again, letting other requests in between).

        Every unexpired message that no reservation holds moves (a consumer holding one may
        still delete it): id and body kept, so it goes before everything posted to the
        source after it; ready at once; reserved_count back to 0, or the source's next
        reserve would move it straight back; expiry from now by the source's
        message_expiration, as a move into a dead-letter queue does. The source's
        total_messages grows by the number moved, and both queues' alerts are judged.
        """
        now = self.ctx.clock.now()
        with self.store.transaction():
            queue = self.ctx.queue(project_id, name)
            target = self.ctx.queue(project_id, source)
            if target.dead_letter is None or target.dead_letter.queue_name != name:
                raise InvalidArgument(f"{source} does not send its dead letters to {name}")
            if queue.is_push:
                raise InvalidArgument("messages of a push queue cannot be moved")
            expires_at = now + target.message_expiration
            moved = self.store.messages.requeue(queue.pk, target.pk, now, expires_at, STEP_ROWS)
            if moved:
                self.messages.size_changed(queue)
                self.messages.size_changed(target)
        if moved:
            self.ctx.events.available(project_id, source)
        return moved, moved >= STEP_ROWS
