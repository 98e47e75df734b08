from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.push_type_update import PushTypeUpdate, check_push_type_update
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.subscriber_spec import SubscriberSpec


T = TypeVar("T", bound="QueueUpdate")


@_attrs_define
class QueueUpdate:
    """Push settings to set; fields left out keep their value.

    Attributes:
        subscribers (list[SubscriberSpec] | Unset): Replaces the subscribers (at most 64 KB of JSON).
        push_type (PushTypeUpdate | Unset): `multicast`, `unicast`, or `pull` to turn a push queue back into a pull
            queue.
        retries (int | Unset): How many times a failed push is retried (3 by default).
        retries_delay (int | Unset): Seconds between push retries (60 by default).
        error_queue (str | Unset): Queue for reports of undeliverable messages; `""` disables it.
    """

    subscribers: list[SubscriberSpec] | Unset = UNSET
    push_type: PushTypeUpdate | Unset = UNSET
    retries: int | Unset = UNSET
    retries_delay: int | Unset = UNSET
    error_queue: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        subscribers: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.subscribers, Unset):
            subscribers = []
            for subscribers_item_data in self.subscribers:
                subscribers_item = subscribers_item_data.to_dict()
                subscribers.append(subscribers_item)

        push_type: str | Unset = UNSET
        if not isinstance(self.push_type, Unset):
            push_type = self.push_type

        retries = self.retries

        retries_delay = self.retries_delay

        error_queue = self.error_queue

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if subscribers is not UNSET:
            field_dict["subscribers"] = subscribers
        if push_type is not UNSET:
            field_dict["push_type"] = push_type
        if retries is not UNSET:
            field_dict["retries"] = retries
        if retries_delay is not UNSET:
            field_dict["retries_delay"] = retries_delay
        if error_queue is not UNSET:
            field_dict["error_queue"] = error_queue

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.subscriber_spec import SubscriberSpec

        d = dict(src_dict)
        _subscribers = d.pop("subscribers", UNSET)
        subscribers: list[SubscriberSpec] | Unset = UNSET
        if _subscribers is not UNSET:
            subscribers = []
            for subscribers_item_data in _subscribers:
                subscribers_item = SubscriberSpec.from_dict(subscribers_item_data)

                subscribers.append(subscribers_item)

        _push_type = d.pop("push_type", UNSET)
        push_type: PushTypeUpdate | Unset
        if isinstance(_push_type, Unset):
            push_type = UNSET
        else:
            push_type = check_push_type_update(_push_type)

        retries = d.pop("retries", UNSET)

        retries_delay = d.pop("retries_delay", UNSET)

        error_queue = d.pop("error_queue", UNSET)

        queue_update = cls(
            subscribers=subscribers,
            push_type=push_type,
            retries=retries,
            retries_delay=retries_delay,
            error_queue=error_queue,
        )

        queue_update.additional_properties = d
        return queue_update

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
