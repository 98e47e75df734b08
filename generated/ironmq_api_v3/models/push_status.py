from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..models.push_status_kind import PushStatusKind, check_push_status_kind
from ..types import UNSET, Unset

T = TypeVar("T", bound="PushStatus")


@_attrs_define
class PushStatus:
    """How delivery of one message to one subscriber went.

    Attributes:
        name (str): The subscriber's name.
        url (str): The subscriber's URL.
        retries_remaining (int): Retries left.
        tries (int): Delivery attempts so far.
        status (PushStatusKind): Where delivery to one subscriber stands: `queued` (not tried yet), `retrying` (failed,
            will retry), `reserved` (answered 202, awaiting acknowledgement), `deleted` (delivered or acknowledged), `error`
            (retries exhausted).
        status_code (int | Unset): HTTP status of the last attempt (0 when the connection failed); absent while
            `queued`.
        last_try_at (datetime.datetime | Unset): When the last attempt was made (RFC 3339, UTC); absent while `queued`.
    """

    name: str
    url: str
    retries_remaining: int
    tries: int
    status: PushStatusKind
    status_code: int | Unset = UNSET
    last_try_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        url = self.url

        retries_remaining = self.retries_remaining

        tries = self.tries

        status: str = self.status

        status_code = self.status_code

        last_try_at: str | Unset = UNSET
        if not isinstance(self.last_try_at, Unset):
            last_try_at = self.last_try_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "url": url,
                "retries_remaining": retries_remaining,
                "tries": tries,
                "status": status,
            }
        )
        if status_code is not UNSET:
            field_dict["status_code"] = status_code
        if last_try_at is not UNSET:
            field_dict["last_try_at"] = last_try_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        url = d.pop("url")

        retries_remaining = d.pop("retries_remaining")

        tries = d.pop("tries")

        status = check_push_status_kind(d.pop("status"))

        status_code = d.pop("status_code", UNSET)

        _last_try_at = d.pop("last_try_at", UNSET)
        last_try_at: datetime.datetime | Unset
        if isinstance(_last_try_at, Unset):
            last_try_at = UNSET
        else:
            last_try_at = isoparse(_last_try_at)

        push_status = cls(
            name=name,
            url=url,
            retries_remaining=retries_remaining,
            tries=tries,
            status=status,
            status_code=status_code,
            last_try_at=last_try_at,
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
