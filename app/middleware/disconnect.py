"""Work on a request stops when its client goes away.

Under load, requests queue for the database gate and for worker threads; a client that gave up
(a browser tab closed, a load balancer's timeout) would otherwise still be worked through the
queue, and answered into a closed socket, while clients still waiting fall further behind.
"""

from __future__ import annotations

import logging

import anyio
from anyio import CancelScope
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("stemma.requests")


class CancelOnDisconnect:
    """Cancels the request's task as soon as the server reports `http.disconnect` before the answer is complete.

    The server's `receive()` is read by one listener task; the client's messages reach the app through
    a one-message buffer, so a request without a body (or whose body is read) leaves the listener
    waiting for the disconnect, and a large body is still read a chunk at a time as the app asks for it
    (a body limit still applies while streaming). What was already running
    in a worker thread finishes its step; everything after it (waiting for the database gate or a
    thread, the next query, serialising, sending) is skipped.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        outbox, inbox = anyio.create_memory_object_stream[Message](1)
        answered = False

        async def pump(cancel: CancelScope) -> None:
            async with outbox:
                while True:
                    message = await receive()
                    if message["type"] == "http.disconnect":
                        if not answered:
                            # A warning: many of these say the service is slower than its clients' patience.
                            log.warning("client went away before the answer: %s %s (work stopped)",
                                        scope["method"], scope["path"])
                            cancel.cancel()
                        return  # the app's next receive() gets http.disconnect from the closed stream
                    await outbox.send(message)

        async def app_receive() -> Message:
            try:
                return await inbox.receive()
            except (anyio.EndOfStream, anyio.ClosedResourceError):
                return {"type": "http.disconnect"}

        async def app_send(message: Message) -> None:
            nonlocal answered
            if message["type"] == "http.response.body" and not message.get("more_body", False):
                answered = True
            await send(message)

        try:
            async with anyio.create_task_group() as tg:
                tg.start_soon(pump, tg.cancel_scope)
                try:
                    await self.app(scope, app_receive, app_send)
                finally:
                    tg.cancel_scope.cancel()  # the app is done: stop listening
        except BaseExceptionGroup as group:  # the task group wraps the app's own error: raise it as it was
            raise _single(group) from None


def _single(group: BaseExceptionGroup) -> BaseException:
    while isinstance(group, BaseExceptionGroup) and len(group.exceptions) == 1:
        group = group.exceptions[0]  # type: ignore[assignment]
    return group
