"""The SDK's exceptions: one tree, translated from httpx and server answers at one boundary.

IronMQError                          maybe_applied: the server may have carried it out
├── ConfigurationError               no project id / token, unknown API version
├── InvalidArgumentError (ValueError) rejected before anything was sent
│   └── UnsupportedArgumentError     the API version cannot do what the argument asks
├── UnsupportedOperationError        the API version has no such operation at all
├── APIConnectionError               no answer: refused, reset, dropped
│   └── APITimeoutError              no answer in time
├── APIResponseValidationError       an answer that does not match the API
├── PartialBatchError                a batch failed part-way: what was done, what was not
└── APIStatusError                   an error answer (status, msg, method, url)
    ├── BadRequestError              400
    │   └── ReservationRequiredError 400 "A reservation_id is required"
    ├── AuthenticationError          401
    ├── ForbiddenError               403
    │   ├── ReservationExpiredError  403 "Reservation timed out"
    │   └── QueueTypeChangeError     403 a queue's type is static
    ├── NotFoundError                404
    │   ├── QueueNotFoundError       404 "Queue not found"
    │   └── MessageNotFoundError     404 "Message not found"
    ├── PayloadTooLargeError         413
    ├── RateLimitError               429
    └── InternalServerError          5xx

The status picks the class; the server's `msg` picks a subclass through the message table
of the API version's wire (`ironmq_sdk._wire`), since each version words its errors.
"""

from __future__ import annotations

__all__ = [
    "APIConnectionError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "ForbiddenError",
    "InternalServerError",
    "InvalidArgumentError",
    "IronMQError",
    "MessageNotFoundError",
    "NotFoundError",
    "PartialBatchError",
    "PayloadTooLargeError",
    "QueueNotFoundError",
    "QueueTypeChangeError",
    "RateLimitError",
    "ReservationExpiredError",
    "ReservationRequiredError",
    "UnsupportedArgumentError",
    "UnsupportedOperationError",
]


class IronMQError(Exception):
    """Base class of every exception the SDK raises.

    Attributes:
        maybe_applied: whether the server may have carried out the request anyway: an
            attempt's answer was lost (timeout, dropped connection, a 5xx other than 503),
            so its outcome is unknown. False for errors raised before anything was sent
            and for answers that say the request was refused.
    """

    maybe_applied: bool = False


class ConfigurationError(IronMQError):
    """The client could not be configured (for example no project id or token found)."""


class InvalidArgumentError(IronMQError, ValueError):
    """An argument was rejected before any request was sent.

    Attributes:
        argument: the offending argument's name.
    """

    def __init__(self, argument: str, message: str) -> None:
        super().__init__(f"{argument}: {message}")
        self.argument = argument


class UnsupportedArgumentError(InvalidArgumentError):
    """The client's API version cannot do what the argument asks; the message names the
    version and says what to do instead."""


class UnsupportedOperationError(IronMQError):
    """The client's API version has no such operation; the message names the version.

    Raised before anything is sent, like `InvalidArgumentError`.

    Attributes:
        operation: the SDK method that was called.
    """

    def __init__(self, operation: str, message: str) -> None:
        super().__init__(f"{operation}(): {message}")
        self.operation = operation


class APIConnectionError(IronMQError):
    """The request got no answer (connection refused, reset or dropped).

    Attributes:
        method: HTTP method of the request.
        url: URL of the request (never with a token).
    """

    def __init__(self, message: str, *, method: str, url: str) -> None:
        super().__init__(f"{message} ({method} {url})")
        self.method = method
        self.url = url


class APITimeoutError(APIConnectionError):
    """The request got no answer in time."""


class APIResponseValidationError(IronMQError):
    """A success answer whose body does not match the API description."""

    def __init__(self, message: str, *, status: int, method: str, url: str) -> None:
        super().__init__(f"{message} ({method} {url} answered {status})")
        self.status = status
        self.method = method
        self.url = url


class PartialBatchError(IronMQError):
    """A call sent in several requests (more than 100 messages) failed after some of them.

    The inputs are named by their position in the call (`post(*messages)`,
    `delete_multiple(*messages)`), so a caller can retry exactly what was not done:

        except PartialBatchError as e:
            queue.post(*[messages[i] for i in e.not_done])

    Attributes:
        operation: the call, `post` or `delete_multiple`.
        done: position -> message id of every input that was done (posted: its new id).
        not_done: positions certainly not done (later requests were never sent).
        unknown: positions of the failed request when its answer was lost
            (`error.maybe_applied`): they may or may not have been done.
        error: the failure of that request (also the `__cause__`).
    """

    def __init__(
        self,
        operation: str,
        done: dict[int, str],
        not_done: list[int],
        unknown: list[int],
        error: IronMQError,
    ) -> None:
        total = len(done) + len(not_done) + len(unknown)
        text = f"{operation}: {len(done)} of {total} messages done, {len(not_done)} not"
        if unknown:
            text += f", {len(unknown)} unknown"
        super().__init__(f"{text}: {error}")
        self.operation = operation
        self.done = done
        self.not_done = not_done
        self.unknown = unknown
        self.error = error
        self.maybe_applied: bool = bool(unknown)
        self.__cause__: BaseException | None = error

    @property
    def ids(self) -> list[str]:
        """The ids of the messages done, in input order."""
        return [self.done[i] for i in sorted(self.done)]


class APIStatusError(IronMQError):
    """The server answered with an error status.

    Attributes:
        status: the HTTP status code.
        msg: the server's `msg` (or the raw body when it has none).
        method: HTTP method of the request.
        url: URL of the request (never with a token).
        retry_after: the Retry-After header in seconds, when given.
    """

    hint = ""

    def __init__(
        self,
        msg: str,
        *,
        status: int,
        method: str,
        url: str,
        retry_after: float | None = None,
    ) -> None:
        text = f"{status} {msg} ({method} {url})"
        if self.hint:
            text = f"{text}. {self.hint}"
        super().__init__(text)
        self.status = status
        self.msg = msg
        self.method = method
        self.url = url
        self.retry_after = retry_after


class BadRequestError(APIStatusError):
    """400: malformed request or a value out of range; `msg` names the field."""


class ReservationRequiredError(BadRequestError):
    """400: the message is reserved, so deleting it needs its reservation id."""

    hint = (
        "Pass reservation_id= (or the ReservedMessage), or use the same Queue object that "
        "reserved the message: it remembers the reservation"
    )


class AuthenticationError(APIStatusError):
    """401: the token does not belong to the project."""


class ForbiddenError(APIStatusError):
    """403: the request is refused in the current state."""


class ReservationExpiredError(ForbiddenError):
    """403: the reservation timed out, or a touch or new reservation superseded it."""

    hint = "Reserve the message again; touch() extends a reservation while it lasts"


class QueueTypeChangeError(ForbiddenError):
    """403: a v3 queue's type (pull, multicast, unicast) is fixed when it is created."""

    hint = "Delete the queue and create it again with the new type"


class NotFoundError(APIStatusError):
    """404: the queue, message or route does not exist."""


class QueueNotFoundError(NotFoundError):
    """404: the queue does not exist (only posting and the webhook create queues)."""


class MessageNotFoundError(NotFoundError):
    """404: the message does not exist (deleted, expired, or never posted)."""


class PayloadTooLargeError(APIStatusError):
    """413: a message body or the whole request is larger than the server accepts."""


class RateLimitError(APIStatusError):
    """429: too many requests; retried automatically, honouring Retry-After."""


class InternalServerError(APIStatusError):
    """5xx: the server (or a proxy in front of it) failed."""


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: ForbiddenError,
    404: NotFoundError,
    413: PayloadTooLargeError,
    429: RateLimitError,
}

ErrorRule = tuple[int, str, type[APIStatusError]]
"""(status, text in the lower-cased msg, class): one line of a wire's message table."""


def status_error(
    status: int,
    msg: str,
    *,
    method: str,
    url: str,
    retry_after: float | None = None,
    by_msg: tuple[ErrorRule, ...] = (),
) -> APIStatusError:
    """Return the exception for an error answer, chosen by status and the server's `msg`.

    Args:
        by_msg: the API version's message table; the first rule matching status and msg wins.
    """
    cls = _BY_STATUS.get(status, InternalServerError if status >= 500 else APIStatusError)
    if by_msg:
        lowered = msg.lower()
        for code, text, special in by_msg:
            if status == code and text in lowered:
                cls = special
                break
    return cls(msg, status=status, method=method, url=url, retry_after=retry_after)
