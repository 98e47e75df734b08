from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.queue_type import QueueType, check_queue_type
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.alert_spec import AlertSpec
    from ..models.dead_letter_spec import DeadLetterSpec
    from ..models.push_settings_spec import PushSettingsSpec


T = TypeVar("T", bound="QueueSettings")


@_attrs_define
class QueueSettings:
    """Queue settings to create or update with; every field is optional, and a field left out keeps its value (or its
    default on creation). The request schemas carry no `default` so that generated clients never send a default that
    would overwrite a setting.

        Attributes:
            message_timeout (int | Unset): Default reservation timeout in seconds (60 when a queue is created without it).
            message_expiration (int | Unset): Seconds a message stays in the queue before it expires (604800 by default).
            type_ (QueueType | Unset): `pull`, or a push queue: `multicast` (every subscriber) or `unicast` (one).
            push (PushSettingsSpec | Unset): A push queue's delivery settings to set. Omitted fields keep their value.
            dead_letter (DeadLetterSpec | Unset): Dead-letter settings to set. `queue_name` is required unless one is
                configured; `""` removes the setting. Not allowed on push queues.
            alerts (list[AlertSpec] | Unset): Replaces the queue's alerts (pull queues only).
    """

    message_timeout: int | Unset = UNSET
    message_expiration: int | Unset = UNSET
    type_: QueueType | Unset = UNSET
    push: PushSettingsSpec | Unset = UNSET
    dead_letter: DeadLetterSpec | Unset = UNSET
    alerts: list[AlertSpec] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        message_timeout = self.message_timeout

        message_expiration = self.message_expiration

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
        field_dict.update({})
        if message_timeout is not UNSET:
            field_dict["message_timeout"] = message_timeout
        if message_expiration is not UNSET:
            field_dict["message_expiration"] = message_expiration
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
        from ..models.alert_spec import AlertSpec
        from ..models.dead_letter_spec import DeadLetterSpec
        from ..models.push_settings_spec import PushSettingsSpec

        d = dict(src_dict)
        message_timeout = d.pop("message_timeout", UNSET)

        message_expiration = d.pop("message_expiration", UNSET)

        _type_ = d.pop("type", UNSET)
        type_: QueueType | Unset
        if isinstance(_type_, Unset):
            type_ = UNSET
        else:
            type_ = check_queue_type(_type_)

        _push = d.pop("push", UNSET)
        push: PushSettingsSpec | Unset
        if isinstance(_push, Unset):
            push = UNSET
        else:
            push = PushSettingsSpec.from_dict(_push)

        _dead_letter = d.pop("dead_letter", UNSET)
        dead_letter: DeadLetterSpec | Unset
        if isinstance(_dead_letter, Unset):
            dead_letter = UNSET
        else:
            dead_letter = DeadLetterSpec.from_dict(_dead_letter)

        _alerts = d.pop("alerts", UNSET)
        alerts: list[AlertSpec] | Unset = UNSET
        if _alerts is not UNSET:
            alerts = []
            for alerts_item_data in _alerts:
                alerts_item = AlertSpec.from_dict(alerts_item_data)

                alerts.append(alerts_item)

        queue_settings = cls(
            message_timeout=message_timeout,
            message_expiration=message_expiration,
            type_=type_,
            push=push,
            dead_letter=dead_letter,
            alerts=alerts,
        )

        queue_settings.additional_properties = d
        return queue_settings

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
