from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.new_message_push_headers import NewMessagePushHeaders


T = TypeVar("T", bound="NewMessage")


@_attrs_define
class NewMessage:
    """A message to post.

    Attributes:
        body (str): The message's content (any text; 64 KiB at most by default).
        delay (int | Unset): Seconds before the message can be reserved. Default: 0.
        push_headers (NewMessagePushHeaders | Unset): Headers added when the message is pushed: at most 5; names 1 to 64
            bytes and not Content-Type, User-Agent or an Iron-* header that IronMQ sets; values 1 to 1024 bytes.
    """

    body: str
    delay: int | Unset = 0
    push_headers: NewMessagePushHeaders | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        body = self.body

        delay = self.delay

        push_headers: dict[str, Any] | Unset = UNSET
        if not isinstance(self.push_headers, Unset):
            push_headers = self.push_headers.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "body": body,
            }
        )
        if delay is not UNSET:
            field_dict["delay"] = delay
        if push_headers is not UNSET:
            field_dict["push_headers"] = push_headers

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.new_message_push_headers import NewMessagePushHeaders

        d = dict(src_dict)
        body = d.pop("body")

        delay = d.pop("delay", UNSET)

        _push_headers = d.pop("push_headers", UNSET)
        push_headers: NewMessagePushHeaders | Unset
        if isinstance(_push_headers, Unset):
            push_headers = UNSET
        else:
            push_headers = NewMessagePushHeaders.from_dict(_push_headers)

        new_message = cls(
            body=body,
            delay=delay,
            push_headers=push_headers,
        )

        new_message.additional_properties = d
        return new_message

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
