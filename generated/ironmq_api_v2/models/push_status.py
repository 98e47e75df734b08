from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PushStatus")


@_attrs_define
class PushStatus:
    """How delivery of one message to one subscriber went.

    Attributes:
        id (str): The subscriber's id, for acknowledging a 202 (also the push's `Iron-Subscriber-Message-Id`; decision
            X5).
        url (str): The subscriber's URL.
        status (str): `retrying`, `reserved`, `deleted` or `error`.
        retries_remaining (int): Retries left.
        status_code (int | Unset): HTTP status of the last attempt.
        retries_delay (int | Unset): Seconds between retries.
    """

    id: str
    url: str
    status: str
    retries_remaining: int
    status_code: int | Unset = UNSET
    retries_delay: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        url = self.url

        status = self.status

        retries_remaining = self.retries_remaining

        status_code = self.status_code

        retries_delay = self.retries_delay

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "url": url,
                "status": status,
                "retries_remaining": retries_remaining,
            }
        )
        if status_code is not UNSET:
            field_dict["status_code"] = status_code
        if retries_delay is not UNSET:
            field_dict["retries_delay"] = retries_delay

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        url = d.pop("url")

        status = d.pop("status")

        retries_remaining = d.pop("retries_remaining")

        status_code = d.pop("status_code", UNSET)

        retries_delay = d.pop("retries_delay", UNSET)

        push_status = cls(
            id=id,
            url=url,
            status=status,
            retries_remaining=retries_remaining,
            status_code=status_code,
            retries_delay=retries_delay,
        )

        push_status.additional_properties = d
        return push_status

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
