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
    are case-insensitive: match them so). The reference says IronMQ always sets all four; only `Iron-Message-Id` is
    required here, because a receiver can do without the others. A push also carries `User-Agent: IronMQ Pusherd`,
    `Content-Type: text/plain; encoding=utf-8` (both may be overridden by the subscriber's `headers` or the message's
    `push_headers`), and those headers.

        Attributes:
            iron_message_id (str): The message's id.
            iron_reservation_id (str | Unset): This delivery's reservation: after a 202 answer, it stays valid
                `retries_delay` seconds, and acknowledging needs it.
            iron_subscriber_name (str | Unset): The subscriber this push is for.
            iron_subscriber_message_url (str | Unset): A DELETE on this URL acknowledges the push (ironmq-local: the
                message's URL with `subscriber_name`, `reservation_id` and `oauth` as query parameters, decision 18).
    """

    iron_message_id: str
    iron_reservation_id: str | Unset = UNSET
    iron_subscriber_name: str | Unset = UNSET
    iron_subscriber_message_url: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        iron_message_id = self.iron_message_id

        iron_reservation_id = self.iron_reservation_id

        iron_subscriber_name = self.iron_subscriber_name

        iron_subscriber_message_url = self.iron_subscriber_message_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "Iron-Message-Id": iron_message_id,
            }
        )
        if iron_reservation_id is not UNSET:
            field_dict["Iron-Reservation-Id"] = iron_reservation_id
        if iron_subscriber_name is not UNSET:
            field_dict["Iron-Subscriber-Name"] = iron_subscriber_name
        if iron_subscriber_message_url is not UNSET:
            field_dict["Iron-Subscriber-Message-Url"] = iron_subscriber_message_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        iron_message_id = d.pop("Iron-Message-Id")

        iron_reservation_id = d.pop("Iron-Reservation-Id", UNSET)

        iron_subscriber_name = d.pop("Iron-Subscriber-Name", UNSET)

        iron_subscriber_message_url = d.pop("Iron-Subscriber-Message-Url", UNSET)

        push_headers = cls(
            iron_message_id=iron_message_id,
            iron_reservation_id=iron_reservation_id,
            iron_subscriber_name=iron_subscriber_name,
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
