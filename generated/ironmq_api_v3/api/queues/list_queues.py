from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.queue_list import QueueList
from ...types import UNSET, Response, Unset


def _get_kwargs(
    project_id: str,
    *,
    per_page: int | Unset = 30,
    previous: str | Unset = UNSET,
    prefix: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["per_page"] = per_page

    params["previous"] = previous

    params["prefix"] = prefix

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/3/projects/{project_id}/queues".format(
            project_id=quote(str(project_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | QueueList:
    if response.status_code == 200:
        response_200 = QueueList.from_dict(response.json())

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
) -> Response[Error | QueueList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    project_id: str,
    *,
    client: AuthenticatedClient | Client,
    per_page: int | Unset = 30,
    previous: str | Unset = UNSET,
    prefix: str | Unset = UNSET,
) -> Response[Error | QueueList]:
    """List queues

     Lists the project's queues in alphabetical order. Pages by name: `previous` names the last queue of
    the previous page (it need not exist) and the page starts strictly after it.

    Args:
        project_id (str):
        per_page (int | Unset):  Default: 30.
        previous (str | Unset):
        prefix (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | QueueList]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        per_page=per_page,
        previous=previous,
        prefix=prefix,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    project_id: str,
    *,
    client: AuthenticatedClient | Client,
    per_page: int | Unset = 30,
    previous: str | Unset = UNSET,
    prefix: str | Unset = UNSET,
) -> Error | QueueList | None:
    """List queues

     Lists the project's queues in alphabetical order. Pages by name: `previous` names the last queue of
    the previous page (it need not exist) and the page starts strictly after it.

    Args:
        project_id (str):
        per_page (int | Unset):  Default: 30.
        previous (str | Unset):
        prefix (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | QueueList
    """

    return sync_detailed(
        project_id=project_id,
        client=client,
        per_page=per_page,
        previous=previous,
        prefix=prefix,
    ).parsed


async def asyncio_detailed(
    project_id: str,
    *,
    client: AuthenticatedClient | Client,
    per_page: int | Unset = 30,
    previous: str | Unset = UNSET,
    prefix: str | Unset = UNSET,
) -> Response[Error | QueueList]:
    """List queues

     Lists the project's queues in alphabetical order. Pages by name: `previous` names the last queue of
    the previous page (it need not exist) and the page starts strictly after it.

    Args:
        project_id (str):
        per_page (int | Unset):  Default: 30.
        previous (str | Unset):
        prefix (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | QueueList]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        per_page=per_page,
        previous=previous,
        prefix=prefix,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    project_id: str,
    *,
    client: AuthenticatedClient | Client,
    per_page: int | Unset = 30,
    previous: str | Unset = UNSET,
    prefix: str | Unset = UNSET,
) -> Error | QueueList | None:
    """List queues

     Lists the project's queues in alphabetical order. Pages by name: `previous` names the last queue of
    the previous page (it need not exist) and the page starts strictly after it.

    Args:
        project_id (str):
        per_page (int | Unset):  Default: 30.
        previous (str | Unset):
        prefix (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | QueueList
    """

    return (
        await asyncio_detailed(
            project_id=project_id,
            client=client,
            per_page=per_page,
            previous=previous,
            prefix=prefix,
        )
    ).parsed
