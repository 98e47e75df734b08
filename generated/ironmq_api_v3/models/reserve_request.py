from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ReserveRequest")


@_attrs_define
class ReserveRequest:
    """How many messages to reserve, for how long, and how long to wait for them.

    Attributes:
        n (int | Unset): Most messages to reserve. Default: 1.
        timeout (int | Unset): Reservation length in seconds; 0 means the queue's `message_timeout`. Default: 0.
        wait (int | Unset): Seconds to long-poll for messages when none is available. Default: 0.
        delete (bool | Unset): Delete the messages as they are reserved. Default: False.
    """

    n: int | Unset = 1
    timeout: int | Unset = 0
    wait: int | Unset = 0
    delete: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        n = self.n

        timeout = self.timeout

        wait = self.wait

        delete = self.delete

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if n is not UNSET:
            field_dict["n"] = n
        if timeout is not UNSET:
            field_dict["timeout"] = timeout
        if wait is not UNSET:
            field_dict["wait"] = wait
        if delete is not UNSET:
            field_dict["delete"] = delete

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        n = d.pop("n", UNSET)

        timeout = d.pop("timeout", UNSET)

        wait = d.pop("wait", UNSET)

        delete = d.pop("delete", UNSET)

        reserve_request = cls(
            n=n,
            timeout=timeout,
            wait=wait,
            delete=delete,
        )

        reserve_request.additional_properties = d
        return reserve_request

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
