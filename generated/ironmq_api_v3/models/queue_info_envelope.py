from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.queue_info import QueueInfo


T = TypeVar("T", bound="QueueInfoEnvelope")


@_attrs_define
class QueueInfoEnvelope:
    """A queue, wrapped as every v3 object is.

    Attributes:
        queue (QueueInfo): A queue. Fields that do not apply (push, dead_letter, alerts) are omitted. No source shows a
            pull queue's answer with `type`: clients read its absence as `pull`.
    """

    queue: QueueInfo
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        queue = self.queue.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "queue": queue,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.queue_info import QueueInfo

        d = dict(src_dict)
        queue = QueueInfo.from_dict(d.pop("queue"))

        queue_info_envelope = cls(
            queue=queue,
        )

        queue_info_envelope.additional_properties = d
        return queue_info_envelope

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
