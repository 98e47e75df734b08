from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.queue_settings import QueueSettings


T = TypeVar("T", bound="QueueSettingsEnvelope")


@_attrs_define
class QueueSettingsEnvelope:
    """Queue settings, wrapped as every v3 object is.

    Attributes:
        queue (QueueSettings | Unset): Queue settings to create or update with; every field is optional, and a field
            left out keeps its value (or its default on creation). The request schemas carry no `default` so that generated
            clients never send a default that would overwrite a setting.
    """

    queue: QueueSettings | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        queue: dict[str, Any] | Unset = UNSET
        if not isinstance(self.queue, Unset):
            queue = self.queue.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if queue is not UNSET:
            field_dict["queue"] = queue

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.queue_settings import QueueSettings

        d = dict(src_dict)
        _queue = d.pop("queue", UNSET)
        queue: QueueSettings | Unset
        if isinstance(_queue, Unset):
            queue = UNSET
        else:
            queue = QueueSettings.from_dict(_queue)

        queue_settings_envelope = cls(
            queue=queue,
        )

        queue_settings_envelope.additional_properties = d
        return queue_settings_envelope

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
