from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PushHeaders")


@_attrs_define
class PushHeaders:
    """The `Iron-*` headers of a push request (the `push` webhook), keyed by their names as written here (HTTP header names
    are case-insensitive: match them so). A push also carries `User-Agent: IronMQ Pusherd` and the subscriber's
    `headers`.

        Attributes:
            iron_message_id (str): The message's id.
            iron_subscriber_message_id (str | Unset): The id of this message's delivery to this subscriber: the `id` of its
                push status, which DELETE `.../messages/{id}/subscribers/{subscriber_id}` acknowledges.
            iron_subscriber_message_url (str | Unset): A DELETE on this URL acknowledges the push.
    """

    iron_message_id: str
    iron_subscriber_message_id: str | Unset = UNSET
    iron_subscriber_message_url: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        iron_message_id = self.iron_message_id

        iron_subscriber_message_id = self.iron_subscriber_message_id

        iron_subscriber_message_url = self.iron_subscriber_message_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "Iron-Message-Id": iron_message_id,
            }
        )
        if iron_subscriber_message_id is not UNSET:
            field_dict["Iron-Subscriber-Message-Id"] = iron_subscriber_message_id
        if iron_subscriber_message_url is not UNSET:
            field_dict["Iron-Subscriber-Message-Url"] = iron_subscriber_message_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        iron_message_id = d.pop("Iron-Message-Id")

        iron_subscriber_message_id = d.pop("Iron-Subscriber-Message-Id", UNSET)

        iron_subscriber_message_url = d.pop("Iron-Subscriber-Message-Url", UNSET)

        push_headers = cls(
            iron_message_id=iron_message_id,
            iron_subscriber_message_id=iron_subscriber_message_id,
            iron_subscriber_message_url=iron_subscriber_message_url,
        )

        push_headers.additional_properties = d
        return push_headers

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
