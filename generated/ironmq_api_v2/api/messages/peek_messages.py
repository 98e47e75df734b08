from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.message_list import MessageList
from ...types import UNSET, Response, Unset


def _get_kwargs(
    project_id: str,
    queue_name: str,
    *,
    n: int | Unset = 1,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["n"] = n

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/1/projects/{project_id}/queues/{queue_name}/messages/peek".format(
            project_id=quote(str(project_id), safe=""),
            queue_name=quote(str(queue_name), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | MessageList:
    if response.status_code == 200:
        response_200 = MessageList.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

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
) -> Response[Error | MessageList]:
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
    n: int | Unset = 1,
) -> Response[Error | MessageList]:
    """Peek at messages

     The first available messages, without reserving them.

    Args:
        project_id (str):
        queue_name (str):
        n (int | Unset):  Default: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | MessageList]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        queue_name=queue_name,
        n=n,
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
    n: int | Unset = 1,
) -> Error | MessageList | None:
    """Peek at messages

     The first available messages, without reserving them.

    Args:
        project_id (str):
        queue_name (str):
        n (int | Unset):  Default: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | MessageList
    """

    return sync_detailed(
        project_id=project_id,
        queue_name=queue_name,
        client=client,
        n=n,
    ).parsed


async def asyncio_detailed(
    project_id: str,
    queue_name: str,
    *,
    client: AuthenticatedClient | Client,
    n: int | Unset = 1,
) -> Response[Error | MessageList]:
    """Peek at messages

     The first available messages, without reserving them.

    Args:
        project_id (str):
        queue_name (str):
        n (int | Unset):  Default: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | MessageList]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        queue_name=queue_name,
        n=n,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    project_id: str,
    queue_name: str,
    *,
    client: AuthenticatedClient | Client,
    n: int | Unset = 1,
) -> Error | MessageList | None:
    """Peek at messages

     The first available messages, without reserving them.

    Args:
        project_id (str):
        queue_name (str):
        n (int | Unset):  Default: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | MessageList
    """

    return (
        await asyncio_detailed(
            project_id=project_id,
            queue_name=queue_name,
            client=client,
            n=n,
        )
    ).parsed
