from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.push_status_summary import PushStatusSummary


T = TypeVar("T", bound="Message")


@_attrs_define
class Message:
    """A message as get and peek show it.

    Attributes:
        id (str): The message's id.
        body (str): The message's content.
        timeout (int | Unset): The message's reservation timeout in seconds.
        reserved_count (int | Unset): How many times the message has been taken.
        push_status (PushStatusSummary | Unset): Push progress shown with a message of a push queue.
        delay (int | Unset): The message's posting delay in seconds (the Ruby client reads it).
        expires_in (int | Unset): Seconds the message is kept before it expires (the Ruby client reads it).
    """

    id: str
    body: str
    timeout: int | Unset = UNSET
    reserved_count: int | Unset = UNSET
    push_status: PushStatusSummary | Unset = UNSET
    delay: int | Unset = UNSET
    expires_in: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        body = self.body

        timeout = self.timeout

        reserved_count = self.reserved_count

        push_status: dict[str, Any] | Unset = UNSET
        if not isinstance(self.push_status, Unset):
            push_status = self.push_status.to_dict()

        delay = self.delay

        expires_in = self.expires_in

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "body": body,
            }
        )
        if timeout is not UNSET:
            field_dict["timeout"] = timeout
        if reserved_count is not UNSET:
            field_dict["reserved_count"] = reserved_count
        if push_status is not UNSET:
            field_dict["push_status"] = push_status
        if delay is not UNSET:
            field_dict["delay"] = delay
        if expires_in is not UNSET:
            field_dict["expires_in"] = expires_in

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.push_status_summary import PushStatusSummary

        d = dict(src_dict)
        id = d.pop("id")

        body = d.pop("body")

        timeout = d.pop("timeout", UNSET)

        reserved_count = d.pop("reserved_count", UNSET)

        _push_status = d.pop("push_status", UNSET)
        push_status: PushStatusSummary | Unset
        if isinstance(_push_status, Unset):
            push_status = UNSET
        else:
            push_status = PushStatusSummary.from_dict(_push_status)

        delay = d.pop("delay", UNSET)

        expires_in = d.pop("expires_in", UNSET)

        message = cls(
            id=id,
            body=body,
            timeout=timeout,
            reserved_count=reserved_count,
            push_status=push_status,
            delay=delay,
            expires_in=expires_in,
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
