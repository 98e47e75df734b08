from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.error_queue_message_headers import ErrorQueueMessageHeaders
    from ..models.failed_subscriber import FailedSubscriber


T = TypeVar("T", bound="ErrorQueueMessage")


@_attrs_define
class ErrorQueueMessage:
    """The body (JSON text) of the message a push queue posts to its `error_queue` when delivery of a message ran out of
    retries (the v3 push-queue reference).

        Attributes:
            source_msg_id (str): The undelivered message's id (it stays readable by id until it expires).
            body (str | Unset): The undelivered message's body.
            headers (ErrorQueueMessageHeaders | Unset): The headers its pushes carried (the defaults and its push headers).
            subscribers (list[FailedSubscriber] | Unset): The subscribers that failed.
    """

    source_msg_id: str
    body: str | Unset = UNSET
    headers: ErrorQueueMessageHeaders | Unset = UNSET
    subscribers: list[FailedSubscriber] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        source_msg_id = self.source_msg_id

        body = self.body

        headers: dict[str, Any] | Unset = UNSET
        if not isinstance(self.headers, Unset):
            headers = self.headers.to_dict()

        subscribers: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.subscribers, Unset):
            subscribers = []
            for subscribers_item_data in self.subscribers:
                subscribers_item = subscribers_item_data.to_dict()
                subscribers.append(subscribers_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "source_msg_id": source_msg_id,
            }
        )
        if body is not UNSET:
            field_dict["body"] = body
        if headers is not UNSET:
            field_dict["headers"] = headers
        if subscribers is not UNSET:
            field_dict["subscribers"] = subscribers

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.error_queue_message_headers import ErrorQueueMessageHeaders
        from ..models.failed_subscriber import FailedSubscriber

        d = dict(src_dict)
        source_msg_id = d.pop("source_msg_id")

        body = d.pop("body", UNSET)

        _headers = d.pop("headers", UNSET)
        headers: ErrorQueueMessageHeaders | Unset
        if isinstance(_headers, Unset):
            headers = UNSET
        else:
            headers = ErrorQueueMessageHeaders.from_dict(_headers)

        _subscribers = d.pop("subscribers", UNSET)
        subscribers: list[FailedSubscriber] | Unset = UNSET
        if _subscribers is not UNSET:
            subscribers = []
            for subscribers_item_data in _subscribers:
                subscribers_item = FailedSubscriber.from_dict(subscribers_item_data)

                subscribers.append(subscribers_item)

        error_queue_message = cls(
            source_msg_id=source_msg_id,
            body=body,
            headers=headers,
            subscribers=subscribers,
        )

        error_queue_message.additional_properties = d
        return error_queue_message

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
