from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="FailedSubscriber")


@_attrs_define
class FailedSubscriber:
    """A subscriber whose deliveries of a message all failed.

    Attributes:
        url (str): The subscriber's URL.
        name (str | Unset): The subscriber's name.
        code (int | Unset): The HTTP status of the last try (0 when the connection failed).
        msg (str | Unset): The last answer's text, or the connection error.
    """

    url: str
    name: str | Unset = UNSET
    code: int | Unset = UNSET
    msg: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        name = self.name

        code = self.code

        msg = self.msg

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "url": url,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if code is not UNSET:
            field_dict["code"] = code
        if msg is not UNSET:
            field_dict["msg"] = msg

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        url = d.pop("url")

        name = d.pop("name", UNSET)

        code = d.pop("code", UNSET)

        msg = d.pop("msg", UNSET)

        failed_subscriber = cls(
            url=url,
            name=name,
            code=code,
            msg=msg,
        )

        failed_subscriber.additional_properties = d
        return failed_subscriber

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
