from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.queue_type import QueueType, check_queue_type
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.alert import Alert
    from ..models.dead_letter import DeadLetter
    from ..models.push_settings import PushSettings


T = TypeVar("T", bound="QueueInfo")


@_attrs_define
class QueueInfo:
    """A queue. Fields that do not apply (push, dead_letter, alerts) are omitted. No source shows a pull queue's answer
    with `type`: clients read its absence as `pull`.

        Attributes:
            project_id (str): The project the queue belongs to.
            name (str): The queue's name.
            message_timeout (int): Default reservation timeout in seconds.
            message_expiration (int): Seconds a message stays in the queue before it expires.
            id (str | Unset): The queue's id (24 hexadecimal characters).
            size (int | Unset): Messages in the queue now, reserved and delayed ones included (not on create or update
                answers).
            total_messages (int | Unset): Messages ever posted to the queue (not on create or update answers).
            type_ (QueueType | Unset): `pull`, or a push queue: `multicast` (every subscriber) or `unicast` (one).
            push (PushSettings | Unset): A push queue's delivery settings as the queue reports them.
            dead_letter (DeadLetter | Unset): The queue's dead-letter settings as the queue reports them.
            alerts (list[Alert] | Unset):
    """

    project_id: str
    name: str
    message_timeout: int
    message_expiration: int
    id: str | Unset = UNSET
    size: int | Unset = UNSET
    total_messages: int | Unset = UNSET
    type_: QueueType | Unset = UNSET
    push: PushSettings | Unset = UNSET
    dead_letter: DeadLetter | Unset = UNSET
    alerts: list[Alert] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        project_id = self.project_id

        name = self.name

        message_timeout = self.message_timeout

        message_expiration = self.message_expiration

        id = self.id

        size = self.size

        total_messages = self.total_messages

        type_: str | Unset = UNSET
        if not isinstance(self.type_, Unset):
            type_ = self.type_

        push: dict[str, Any] | Unset = UNSET
        if not isinstance(self.push, Unset):
            push = self.push.to_dict()

        dead_letter: dict[str, Any] | Unset = UNSET
        if not isinstance(self.dead_letter, Unset):
            dead_letter = self.dead_letter.to_dict()

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
                "project_id": project_id,
                "name": name,
                "message_timeout": message_timeout,
                "message_expiration": message_expiration,
            }
        )
        if id is not UNSET:
            field_dict["id"] = id
        if size is not UNSET:
            field_dict["size"] = size
        if total_messages is not UNSET:
            field_dict["total_messages"] = total_messages
        if type_ is not UNSET:
            field_dict["type"] = type_
        if push is not UNSET:
            field_dict["push"] = push
        if dead_letter is not UNSET:
            field_dict["dead_letter"] = dead_letter
        if alerts is not UNSET:
            field_dict["alerts"] = alerts

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.alert import Alert
        from ..models.dead_letter import DeadLetter
        from ..models.push_settings import PushSettings

        d = dict(src_dict)
        project_id = d.pop("project_id")

        name = d.pop("name")

        message_timeout = d.pop("message_timeout")

        message_expiration = d.pop("message_expiration")

        id = d.pop("id", UNSET)

        size = d.pop("size", UNSET)

        total_messages = d.pop("total_messages", UNSET)

        _type_ = d.pop("type", UNSET)
        type_: QueueType | Unset
        if isinstance(_type_, Unset):
            type_ = UNSET
        else:
            type_ = check_queue_type(_type_)

        _push = d.pop("push", UNSET)
        push: PushSettings | Unset
        if isinstance(_push, Unset):
            push = UNSET
        else:
            push = PushSettings.from_dict(_push)

        _dead_letter = d.pop("dead_letter", UNSET)
        dead_letter: DeadLetter | Unset
        if isinstance(_dead_letter, Unset):
            dead_letter = UNSET
        else:
            dead_letter = DeadLetter.from_dict(_dead_letter)

        _alerts = d.pop("alerts", UNSET)
        alerts: list[Alert] | Unset = UNSET
        if _alerts is not UNSET:
            alerts = []
            for alerts_item_data in _alerts:
                alerts_item = Alert.from_dict(alerts_item_data)

                alerts.append(alerts_item)

        queue_info = cls(
            project_id=project_id,
            name=name,
            message_timeout=message_timeout,
            message_expiration=message_expiration,
            id=id,
            size=size,
            total_messages=total_messages,
            type_=type_,
            push=push,
            dead_letter=dead_letter,
            alerts=alerts,
        )

        queue_info.additional_properties = d
        return queue_info

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
