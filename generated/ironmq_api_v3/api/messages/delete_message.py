from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.delete_message_request import DeleteMessageRequest
from ...models.error import Error
from ...models.status_message import StatusMessage
from ...types import UNSET, Response, Unset


def _get_kwargs(
    project_id: str,
    queue_name: str,
    message_id: str,
    *,
    body: DeleteMessageRequest | Unset = UNSET,
    reservation_id: str | Unset = UNSET,
    subscriber_name: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    params["reservation_id"] = reservation_id

    params["subscriber_name"] = subscriber_name

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/3/projects/{project_id}/queues/{queue_name}/messages/{message_id}".format(
            project_id=quote(str(project_id), safe=""),
            queue_name=quote(str(queue_name), safe=""),
            message_id=quote(str(message_id), safe=""),
        ),
        "params": params,
    }

    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | StatusMessage:
    if response.status_code == 200:
        response_200 = StatusMessage.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 413:
        response_413 = Error.from_dict(response.json())

        return response_413

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | StatusMessage]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    project_id: str,
    queue_name: str,
    message_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: DeleteMessageRequest | Unset = UNSET,
    reservation_id: str | Unset = UNSET,
    subscriber_name: str | Unset = UNSET,
) -> Response[Error | StatusMessage]:
    """Delete a message

     Deletes a message. A reserved message needs its current `reservation_id`. With `subscriber_name` as
    well, acknowledges a push delivery that the subscriber answered with 202 (an unknown subscriber is
    404 `Subscriber not found`). An empty string counts as absent. Both may come in the body or as query
    parameters: the `Iron-Subscriber-Message-Url` header of a push carries them in the query, so that a
    plain DELETE on that URL acknowledges.

    Args:
        project_id (str):
        queue_name (str):
        message_id (str):
        reservation_id (str | Unset):
        subscriber_name (str | Unset):
        body (DeleteMessageRequest | Unset): The reservation (and, to acknowledge a push, the
            subscriber) of a message to delete.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | StatusMessage]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        queue_name=queue_name,
        message_id=message_id,
        body=body,
        reservation_id=reservation_id,
        subscriber_name=subscriber_name,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    project_id: str,
    queue_name: str,
    message_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: DeleteMessageRequest | Unset = UNSET,
    reservation_id: str | Unset = UNSET,
    subscriber_name: str | Unset = UNSET,
) -> Error | StatusMessage | None:
    """Delete a message

     Deletes a message. A reserved message needs its current `reservation_id`. With `subscriber_name` as
    well, acknowledges a push delivery that the subscriber answered with 202 (an unknown subscriber is
    404 `Subscriber not found`). An empty string counts as absent. Both may come in the body or as query
    parameters: the `Iron-Subscriber-Message-Url` header of a push carries them in the query, so that a
    plain DELETE on that URL acknowledges.

    Args:
        project_id (str):
        queue_name (str):
        message_id (str):
        reservation_id (str | Unset):
        subscriber_name (str | Unset):
        body (DeleteMessageRequest | Unset): The reservation (and, to acknowledge a push, the
            subscriber) of a message to delete.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | StatusMessage
    """

    return sync_detailed(
        project_id=project_id,
        queue_name=queue_name,
        message_id=message_id,
        client=client,
        body=body,
        reservation_id=reservation_id,
        subscriber_name=subscriber_name,
    ).parsed


async def asyncio_detailed(
    project_id: str,
    queue_name: str,
    message_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: DeleteMessageRequest | Unset = UNSET,
    reservation_id: str | Unset = UNSET,
    subscriber_name: str | Unset = UNSET,
) -> Response[Error | StatusMessage]:
    """Delete a message

     Deletes a message. A reserved message needs its current `reservation_id`. With `subscriber_name` as
    well, acknowledges a push delivery that the subscriber answered with 202 (an unknown subscriber is
    404 `Subscriber not found`). An empty string counts as absent. Both may come in the body or as query
    parameters: the `Iron-Subscriber-Message-Url` header of a push carries them in the query, so that a
    plain DELETE on that URL acknowledges.

    Args:
        project_id (str):
        queue_name (str):
        message_id (str):
        reservation_id (str | Unset):
        subscriber_name (str | Unset):
        body (DeleteMessageRequest | Unset): The reservation (and, to acknowledge a push, the
            subscriber) of a message to delete.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | StatusMessage]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        queue_name=queue_name,
        message_id=message_id,
        body=body,
        reservation_id=reservation_id,
        subscriber_name=subscriber_name,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    project_id: str,
    queue_name: str,
    message_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: DeleteMessageRequest | Unset = UNSET,
    reservation_id: str | Unset = UNSET,
    subscriber_name: str | Unset = UNSET,
) -> Error | StatusMessage | None:
    """Delete a message

     Deletes a message. A reserved message needs its current `reservation_id`. With `subscriber_name` as
    well, acknowledges a push delivery that the subscriber answered with 202 (an unknown subscriber is
    404 `Subscriber not found`). An empty string counts as absent. Both may come in the body or as query
    parameters: the `Iron-Subscriber-Message-Url` header of a push carries them in the query, so that a
    plain DELETE on that URL acknowledges.

    Args:
        project_id (str):
        queue_name (str):
        message_id (str):
        reservation_id (str | Unset):
        subscriber_name (str | Unset):
        body (DeleteMessageRequest | Unset): The reservation (and, to acknowledge a push, the
            subscriber) of a message to delete.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | StatusMessage
    """

    return (
        await asyncio_detailed(
            project_id=project_id,
            queue_name=queue_name,
            message_id=message_id,
            client=client,
            body=body,
            reservation_id=reservation_id,
            subscriber_name=subscriber_name,
        )
    ).parsed
