from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.queue_info_envelope import QueueInfoEnvelope
from ...models.queue_settings_envelope import QueueSettingsEnvelope
from ...types import Response


def _get_kwargs(
    project_id: str,
    queue_name: str,
    *,
    body: QueueSettingsEnvelope,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/3/projects/{project_id}/queues/{queue_name}".format(
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
) -> Error | QueueInfoEnvelope:
    if response.status_code == 200:
        response_200 = QueueInfoEnvelope.from_dict(response.json())

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
) -> Response[Error | QueueInfoEnvelope]:
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
    body: QueueSettingsEnvelope,
) -> Response[Error | QueueInfoEnvelope]:
    """Update a queue

     Updates an existing queue's settings. `type` may be sent only with the queue's current type.
    `alerts`, when sent, replace the queue's alerts.

    Args:
        project_id (str):
        queue_name (str):
        body (QueueSettingsEnvelope): Queue settings, wrapped as every v3 object is.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | QueueInfoEnvelope]
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
    body: QueueSettingsEnvelope,
) -> Error | QueueInfoEnvelope | None:
    """Update a queue

     Updates an existing queue's settings. `type` may be sent only with the queue's current type.
    `alerts`, when sent, replace the queue's alerts.

    Args:
        project_id (str):
        queue_name (str):
        body (QueueSettingsEnvelope): Queue settings, wrapped as every v3 object is.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | QueueInfoEnvelope
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
    body: QueueSettingsEnvelope,
) -> Response[Error | QueueInfoEnvelope]:
    """Update a queue

     Updates an existing queue's settings. `type` may be sent only with the queue's current type.
    `alerts`, when sent, replace the queue's alerts.

    Args:
        project_id (str):
        queue_name (str):
        body (QueueSettingsEnvelope): Queue settings, wrapped as every v3 object is.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | QueueInfoEnvelope]
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
    body: QueueSettingsEnvelope,
) -> Error | QueueInfoEnvelope | None:
    """Update a queue

     Updates an existing queue's settings. `type` may be sent only with the queue's current type.
    `alerts`, when sent, replace the queue's alerts.

    Args:
        project_id (str):
        queue_name (str):
        body (QueueSettingsEnvelope): Queue settings, wrapped as every v3 object is.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | QueueInfoEnvelope
    """

    return (
        await asyncio_detailed(
            project_id=project_id,
            queue_name=queue_name,
            client=client,
            body=body,
        )
    ).parsed
