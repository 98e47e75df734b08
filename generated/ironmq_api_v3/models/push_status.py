from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

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
        status_code (int | Unset): HTTP status of the last attempt (0 when the connection failed); absent while
            `queued`.
        status (PushStatusKind | str | Unset): Where delivery stands (decision 20): one of `PushStatusKind`, or a value
            this description does not know. The v3 reference never shows it, so it may be absent.
        last_try_at (datetime.datetime | Unset): When the last attempt was made (RFC 3339, UTC); absent while `queued`.
        id (str | Unset): A v2 field (the subscriber's id) that the Java client still reads.
        retries_delay (int | Unset): A v2 field (seconds between retries) that the Java client still reads.
    """

    name: str
    url: str
    retries_remaining: int
    tries: int
    status_code: int | Unset = UNSET
    status: PushStatusKind | str | Unset = UNSET
    last_try_at: datetime.datetime | Unset = UNSET
    id: str | Unset = UNSET
    retries_delay: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        url = self.url

        retries_remaining = self.retries_remaining

        tries = self.tries

        status_code = self.status_code

        status: str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif isinstance(self.status, str):
            status = self.status
        else:
            status = self.status

        last_try_at: str | Unset = UNSET
        if not isinstance(self.last_try_at, Unset):
            last_try_at = self.last_try_at.isoformat()

        id = self.id

        retries_delay = self.retries_delay

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "url": url,
                "retries_remaining": retries_remaining,
                "tries": tries,
            }
        )
        if status_code is not UNSET:
            field_dict["status_code"] = status_code
        if status is not UNSET:
            field_dict["status"] = status
        if last_try_at is not UNSET:
            field_dict["last_try_at"] = last_try_at
        if id is not UNSET:
            field_dict["id"] = id
        if retries_delay is not UNSET:
            field_dict["retries_delay"] = retries_delay

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        url = d.pop("url")

        retries_remaining = d.pop("retries_remaining")

        tries = d.pop("tries")

        status_code = d.pop("status_code", UNSET)

        def _parse_status(data: object) -> PushStatusKind | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = check_push_status_kind(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(PushStatusKind | str | Unset, data)

        status = _parse_status(d.pop("status", UNSET))

        _last_try_at = d.pop("last_try_at", UNSET)
        last_try_at: datetime.datetime | Unset
        if isinstance(_last_try_at, Unset):
            last_try_at = UNSET
        else:
            last_try_at = isoparse(_last_try_at)

        id = d.pop("id", UNSET)

        retries_delay = d.pop("retries_delay", UNSET)

        push_status = cls(
            name=name,
            url=url,
            retries_remaining=retries_remaining,
            tries=tries,
            status_code=status_code,
            status=status,
            last_try_at=last_try_at,
            id=id,
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
