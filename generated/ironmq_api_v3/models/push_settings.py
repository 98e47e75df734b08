from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.subscriber import Subscriber


T = TypeVar("T", bound="PushSettings")


@_attrs_define
class PushSettings:
    """A push queue's delivery settings as the queue reports them.

    Attributes:
        subscribers (list[Subscriber]):
        retries (int | Unset): How many times a failed delivery is retried.
        retries_delay (int | Unset): Seconds between retries, and the window of a 202 answer.
        error_queue (str | Unset): Queue that receives a report of each message whose retries ran out.
        rate_limit (int | Unset): Pushes per second at most: -1 (the default) for no limit, 0 to stop pushing. In the
            reference until 2015 ("feature temporarily removed"); ironmq-local does not send it.
    """

    subscribers: list[Subscriber]
    retries: int | Unset = UNSET
    retries_delay: int | Unset = UNSET
    error_queue: str | Unset = UNSET
    rate_limit: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        subscribers = []
        for subscribers_item_data in self.subscribers:
            subscribers_item = subscribers_item_data.to_dict()
            subscribers.append(subscribers_item)

        retries = self.retries

        retries_delay = self.retries_delay

        error_queue = self.error_queue

        rate_limit = self.rate_limit

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "subscribers": subscribers,
            }
        )
        if retries is not UNSET:
            field_dict["retries"] = retries
        if retries_delay is not UNSET:
            field_dict["retries_delay"] = retries_delay
        if error_queue is not UNSET:
            field_dict["error_queue"] = error_queue
        if rate_limit is not UNSET:
            field_dict["rate_limit"] = rate_limit

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.subscriber import Subscriber

        d = dict(src_dict)
        subscribers = []
        _subscribers = d.pop("subscribers")
        for subscribers_item_data in _subscribers:
            subscribers_item = Subscriber.from_dict(subscribers_item_data)

            subscribers.append(subscribers_item)

        retries = d.pop("retries", UNSET)

        retries_delay = d.pop("retries_delay", UNSET)

        error_queue = d.pop("error_queue", UNSET)

        rate_limit = d.pop("rate_limit", UNSET)

        push_settings = cls(
            subscribers=subscribers,
            retries=retries,
            retries_delay=retries_delay,
            error_queue=error_queue,
            rate_limit=rate_limit,
        )

        push_settings.additional_properties = d
        return push_settings

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
