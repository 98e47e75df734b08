from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.push_status import PushStatus


T = TypeVar("T", bound="Message")


@_attrs_define
class Message:
    """A message as peek and get-by-id show it. `reserved_count` may be absent for a message never reserved (the Go
    client's struct omits a zero).

        Attributes:
            id (str): The message's id.
            body (str): The message's content.
            reserved_count (int | Unset): How many times the message has been reserved (touches count too). Default: 0.
            reservation_id (str | Unset): The current reservation of a reserved message fetched by id: in the reference
                until 2016, no longer sent by the service nor by ironmq-local.
            push_statuses (list[PushStatus] | Unset): A push queue's message fetched by id, as the Ruby client reads it
                (unverified; use GET .../subscribers). ironmq-local does not send it.
            reserved_until (datetime.datetime | Unset): When the reservation ends (RFC 3339). The Go client reads it; no
                reference shows it, and ironmq-local does not send it.
            timeout (int | Unset): A v2 field (the message's reservation timeout) that v3 clients still read.
            expires_in (int | Unset): A v2 field (seconds until the message expires) that v3 clients still read.
            delay (int | Unset): A v2 field (the message's posting delay) that v3 clients still read.
    """

    id: str
    body: str
    reserved_count: int | Unset = 0
    reservation_id: str | Unset = UNSET
    push_statuses: list[PushStatus] | Unset = UNSET
    reserved_until: datetime.datetime | Unset = UNSET
    timeout: int | Unset = UNSET
    expires_in: int | Unset = UNSET
    delay: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        body = self.body

        reserved_count = self.reserved_count

        reservation_id = self.reservation_id

        push_statuses: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.push_statuses, Unset):
            push_statuses = []
            for push_statuses_item_data in self.push_statuses:
                push_statuses_item = push_statuses_item_data.to_dict()
                push_statuses.append(push_statuses_item)

        reserved_until: str | Unset = UNSET
        if not isinstance(self.reserved_until, Unset):
            reserved_until = self.reserved_until.isoformat()

        timeout = self.timeout

        expires_in = self.expires_in

        delay = self.delay

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "body": body,
            }
        )
        if reserved_count is not UNSET:
            field_dict["reserved_count"] = reserved_count
        if reservation_id is not UNSET:
            field_dict["reservation_id"] = reservation_id
        if push_statuses is not UNSET:
            field_dict["push_statuses"] = push_statuses
        if reserved_until is not UNSET:
            field_dict["reserved_until"] = reserved_until
        if timeout is not UNSET:
            field_dict["timeout"] = timeout
        if expires_in is not UNSET:
            field_dict["expires_in"] = expires_in
        if delay is not UNSET:
            field_dict["delay"] = delay

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.push_status import PushStatus

        d = dict(src_dict)
        id = d.pop("id")

        body = d.pop("body")

        reserved_count = d.pop("reserved_count", UNSET)

        reservation_id = d.pop("reservation_id", UNSET)

        _push_statuses = d.pop("push_statuses", UNSET)
        push_statuses: list[PushStatus] | Unset = UNSET
        if _push_statuses is not UNSET:
            push_statuses = []
            for push_statuses_item_data in _push_statuses:
                push_statuses_item = PushStatus.from_dict(push_statuses_item_data)

                push_statuses.append(push_statuses_item)

        _reserved_until = d.pop("reserved_until", UNSET)
        reserved_until: datetime.datetime | Unset
        if isinstance(_reserved_until, Unset):
            reserved_until = UNSET
        else:
            reserved_until = isoparse(_reserved_until)

        timeout = d.pop("timeout", UNSET)

        expires_in = d.pop("expires_in", UNSET)

        delay = d.pop("delay", UNSET)

        message = cls(
            id=id,
            body=body,
            reserved_count=reserved_count,
            reservation_id=reservation_id,
            push_statuses=push_statuses,
            reserved_until=reserved_until,
            timeout=timeout,
            expires_in=expires_in,
            delay=delay,
        )

        message.additional_properties = d
        return message

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
