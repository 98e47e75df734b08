from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.failed_subscriber import FailedSubscriber


T = TypeVar("T", bound="ErrorQueueMessage")


@_attrs_define
class ErrorQueueMessage:
    """The body (JSON text) of the message a push queue posts to its `error_queue` when a message's delivery ran out of
    retries. Unlike v3, `code` and `msg` are at the top level (the Ruby v2 client's test asserts them there).

        Attributes:
            source_msg_id (str): The undelivered message's id.
            body (str | Unset): The undelivered message's body.
            code (int | Unset): The HTTP status of the last try (0 when the connection failed).
            msg (str | Unset): The last answer's text, or the connection error.
            subscribers (list[FailedSubscriber] | Unset): The subscribers that failed.
    """

    source_msg_id: str
    body: str | Unset = UNSET
    code: int | Unset = UNSET
    msg: str | Unset = UNSET
    subscribers: list[FailedSubscriber] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        source_msg_id = self.source_msg_id

        body = self.body

        code = self.code

        msg = self.msg

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
        if code is not UNSET:
            field_dict["code"] = code
        if msg is not UNSET:
            field_dict["msg"] = msg
        if subscribers is not UNSET:
            field_dict["subscribers"] = subscribers

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.failed_subscriber import FailedSubscriber

        d = dict(src_dict)
        source_msg_id = d.pop("source_msg_id")

        body = d.pop("body", UNSET)

        code = d.pop("code", UNSET)

        msg = d.pop("msg", UNSET)

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
            code=code,
            msg=msg,
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
