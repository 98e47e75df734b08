from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.push_type import PushType, check_push_type
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.alert import Alert
    from ..models.subscriber import Subscriber


T = TypeVar("T", bound="Queue")


@_attrs_define
class Queue:
    """A queue. Push fields appear on push queues only; `alerts` only when there are some.

    Attributes:
        name (str): The queue's name.
        id (str | Unset): The queue's id (24 hexadecimal characters); a re-created queue gets a new one.
        project_id (str | Unset): The project the queue belongs to.
        size (int | Unset): Messages in the queue.
        total_messages (int | Unset): Messages ever posted to the queue.
        reserved (int | Unset): Messages reserved now (counted in `size` too).
        push_type (PushType | Unset): `multicast` (every subscriber) or `unicast` (one).
        retries (int | Unset): How many times a failed push is retried.
        retries_delay (int | Unset): Seconds between push retries.
        error_queue (str | Unset): Queue that receives a report of each message whose retries ran out.
        subscribers (list[Subscriber] | Unset):
        alerts (list[Alert] | Unset):
    """

    name: str
    id: str | Unset = UNSET
    project_id: str | Unset = UNSET
    size: int | Unset = UNSET
    total_messages: int | Unset = UNSET
    reserved: int | Unset = UNSET
    push_type: PushType | Unset = UNSET
    retries: int | Unset = UNSET
    retries_delay: int | Unset = UNSET
    error_queue: str | Unset = UNSET
    subscribers: list[Subscriber] | Unset = UNSET
    alerts: list[Alert] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        id = self.id

        project_id = self.project_id

        size = self.size

        total_messages = self.total_messages

        reserved = self.reserved

        push_type: str | Unset = UNSET
        if not isinstance(self.push_type, Unset):
            push_type = self.push_type

        retries = self.retries

        retries_delay = self.retries_delay

        error_queue = self.error_queue

        subscribers: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.subscribers, Unset):
            subscribers = []
            for subscribers_item_data in self.subscribers:
                subscribers_item = subscribers_item_data.to_dict()
                subscribers.append(subscribers_item)

        alerts: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.alerts, Unset):
            alerts = []
            for alerts_item_data in self.alerts:
                alerts_item = alerts_item_data.to_dict()
                alerts.append(alerts_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
            }
        )
        if id is not UNSET:
            field_dict["id"] = id
        if project_id is not UNSET:
            field_dict["project_id"] = project_id
        if size is not UNSET:
            field_dict["size"] = size
        if total_messages is not UNSET:
            field_dict["total_messages"] = total_messages
        if reserved is not UNSET:
            field_dict["reserved"] = reserved
        if push_type is not UNSET:
            field_dict["push_type"] = push_type
        if retries is not UNSET:
            field_dict["retries"] = retries
        if retries_delay is not UNSET:
            field_dict["retries_delay"] = retries_delay
        if error_queue is not UNSET:
            field_dict["error_queue"] = error_queue
        if subscribers is not UNSET:
            field_dict["subscribers"] = subscribers
        if alerts is not UNSET:
            field_dict["alerts"] = alerts

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.alert import Alert
        from ..models.subscriber import Subscriber

        d = dict(src_dict)
        name = d.pop("name")

        id = d.pop("id", UNSET)

        project_id = d.pop("project_id", UNSET)

        size = d.pop("size", UNSET)

        total_messages = d.pop("total_messages", UNSET)

        reserved = d.pop("reserved", UNSET)

        _push_type = d.pop("push_type", UNSET)
        push_type: PushType | Unset
        if isinstance(_push_type, Unset):
            push_type = UNSET
        else:
            push_type = check_push_type(_push_type)

        retries = d.pop("retries", UNSET)

        retries_delay = d.pop("retries_delay", UNSET)

        error_queue = d.pop("error_queue", UNSET)

        _subscribers = d.pop("subscribers", UNSET)
        subscribers: list[Subscriber] | Unset = UNSET
        if _subscribers is not UNSET:
            subscribers = []
            for subscribers_item_data in _subscribers:
                subscribers_item = Subscriber.from_dict(subscribers_item_data)

                subscribers.append(subscribers_item)

        _alerts = d.pop("alerts", UNSET)
        alerts: list[Alert] | Unset = UNSET
        if _alerts is not UNSET:
            alerts = []
            for alerts_item_data in _alerts:
                alerts_item = Alert.from_dict(alerts_item_data)

                alerts.append(alerts_item)

        queue = cls(
            name=name,
            id=id,
            project_id=project_id,
            size=size,
            total_messages=total_messages,
            reserved=reserved,
            push_type=push_type,
            retries=retries,
            retries_delay=retries_delay,
            error_queue=error_queue,
            subscribers=subscribers,
            alerts=alerts,
        )

        queue.additional_properties = d
        return queue

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
