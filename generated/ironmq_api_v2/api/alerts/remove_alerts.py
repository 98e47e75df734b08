from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.alert_ids_request import AlertIdsRequest
from ...models.error import Error
from ...models.status_message import StatusMessage
from ...types import Response


def _get_kwargs(
    project_id: str,
    queue_name: str,
    *,
    body: AlertIdsRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/1/projects/{project_id}/queues/{queue_name}/alerts".format(
            project_id=quote(str(project_id), safe=""),
            queue_name=quote(str(queue_name), safe=""),
        ),
    }

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
    *,
    client: AuthenticatedClient | Client,
    body: AlertIdsRequest,
) -> Response[Error | StatusMessage]:
    """Remove alerts

     Removes the alerts with these ids.

    Args:
        project_id (str):
        queue_name (str):
        body (AlertIdsRequest): Alerts to remove, by id.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | StatusMessage]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        queue_name=queue_name,
        body=body,
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
    body: AlertIdsRequest,
) -> Error | StatusMessage | None:
    """Remove alerts

     Removes the alerts with these ids.

    Args:
        project_id (str):
        queue_name (str):
        body (AlertIdsRequest): Alerts to remove, by id.

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
        body=body,
    ).parsed


async def asyncio_detailed(
    project_id: str,
    queue_name: str,
    *,
    client: AuthenticatedClient | Client,
    body: AlertIdsRequest,
) -> Response[Error | StatusMessage]:
    """Remove alerts

     Removes the alerts with these ids.

    Args:
        project_id (str):
        queue_name (str):
        body (AlertIdsRequest): Alerts to remove, by id.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | StatusMessage]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        queue_name=queue_name,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    project_id: str,
    queue_name: str,
    *,
    client: AuthenticatedClient | Client,
    body: AlertIdsRequest,
) -> Error | StatusMessage | None:
    """Remove alerts

     Removes the alerts with these ids.

    Args:
        project_id (str):
        queue_name (str):
        body (AlertIdsRequest): Alerts to remove, by id.

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
            body=body,
        )
    ).parsed
