from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.subscriber_headers import SubscriberHeaders


T = TypeVar("T", bound="Subscriber")


@_attrs_define
class Subscriber:
    """A push subscriber as the queue reports it.

    Attributes:
        name (str): The subscriber's name, its key for updates, removal and acknowledgements.
        url (str): `http(s)://` endpoint, or `ironmq:///queue` to copy into another queue.
        headers (SubscriberHeaders | Unset): Headers sent with every push to this subscriber.
    """

    name: str
    url: str
    headers: SubscriberHeaders | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        url = self.url

        headers: dict[str, Any] | Unset = UNSET
        if not isinstance(self.headers, Unset):
            headers = self.headers.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "url": url,
            }
        )
        if headers is not UNSET:
            field_dict["headers"] = headers

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.subscriber_headers import SubscriberHeaders

        d = dict(src_dict)
        name = d.pop("name")

        url = d.pop("url")

        _headers = d.pop("headers", UNSET)
        headers: SubscriberHeaders | Unset
        if isinstance(_headers, Unset):
            headers = UNSET
        else:
            headers = SubscriberHeaders.from_dict(_headers)

        subscriber = cls(
            name=name,
            url=url,
            headers=headers,
        )

        subscriber.additional_properties = d
        return subscriber

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
