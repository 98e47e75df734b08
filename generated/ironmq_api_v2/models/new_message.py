from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="NewMessage")


@_attrs_define
class NewMessage:
    """A message to post.

    Attributes:
        body (str): The message's content.
        timeout (int | Unset): Seconds a get reserves the message (30 to 86400; 0 means 60). Default: 60.
        delay (int | Unset): Seconds before the message can be taken. Default: 0.
        expires_in (int | Unset): Seconds the message is kept before it expires (0 means 604800). Default: 604800.
    """

    body: str
    timeout: int | Unset = 60
    delay: int | Unset = 0
    expires_in: int | Unset = 604800
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        body = self.body

        timeout = self.timeout

        delay = self.delay

        expires_in = self.expires_in

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "body": body,
            }
        )
        if timeout is not UNSET:
            field_dict["timeout"] = timeout
        if delay is not UNSET:
            field_dict["delay"] = delay
        if expires_in is not UNSET:
            field_dict["expires_in"] = expires_in

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        body = d.pop("body")

        timeout = d.pop("timeout", UNSET)

        delay = d.pop("delay", UNSET)

        expires_in = d.pop("expires_in", UNSET)

        new_message = cls(
            body=body,
            timeout=timeout,
            delay=delay,
            expires_in=expires_in,
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
