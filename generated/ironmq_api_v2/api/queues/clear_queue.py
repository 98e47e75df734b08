from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.status_message import StatusMessage
from ...types import Response


def _get_kwargs(
    project_id: str,
    queue_name: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/1/projects/{project_id}/queues/{queue_name}/clear".format(
            project_id=quote(str(project_id), safe=""),
            queue_name=quote(str(queue_name), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | StatusMessage:
    if response.status_code == 200:
        response_200 = StatusMessage.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

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
    *,
    client: AuthenticatedClient | Client,
) -> Response[Error | StatusMessage]:
    """Clear a queue

     Deletes every message, reserved ones included. The body may be empty.

    Args:
        project_id (str):
        queue_name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | StatusMessage]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        queue_name=queue_name,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    project_id: str,
    queue_name: str,
    *,
    client: AuthenticatedClient | Client,
) -> Error | StatusMessage | None:
    """Clear a queue

     Deletes every message, reserved ones included. The body may be empty.

    Args:
        project_id (str):
        queue_name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | StatusMessage
    """

    return sync_detailed(
        project_id=project_id,
        queue_name=queue_name,
        client=client,
    ).parsed


async def asyncio_detailed(
    project_id: str,
    queue_name: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Error | StatusMessage]:
    """Clear a queue

     Deletes every message, reserved ones included. The body may be empty.

    Args:
        project_id (str):
        queue_name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | StatusMessage]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        queue_name=queue_name,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    project_id: str,
    queue_name: str,
    *,
    client: AuthenticatedClient | Client,
) -> Error | StatusMessage | None:
    """Clear a queue

     Deletes every message, reserved ones included. The body may be empty.

    Args:
        project_id (str):
        queue_name (str):

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
            client=client,
        )
    ).parsed
