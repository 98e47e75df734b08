"""Contains all the data models used in inputs/outputs"""

from .alert import Alert
from .alert_direction import AlertDirection
from .alert_id import AlertId
from .alert_id_list import AlertIdList
from .alert_ids_request import AlertIdsRequest
from .alert_message import AlertMessage
from .alert_spec import AlertSpec
from .alert_type import AlertType
from .alerts_replace_request import AlertsReplaceRequest
from .alerts_request import AlertsRequest
from .dead_letter import DeadLetter
from .dead_letter_spec import DeadLetterSpec
from .delete_message_request import DeleteMessageRequest
from .delete_messages_request import DeleteMessagesRequest
from .error import Error
from .error_queue_message import ErrorQueueMessage
from .error_queue_message_headers import ErrorQueueMessageHeaders
from .failed_subscriber import FailedSubscriber
from .message import Message
from .message_envelope import MessageEnvelope
from .message_list import MessageList
from .message_ref import MessageRef
from .new_message import NewMessage
from .new_message_push_headers import NewMessagePushHeaders
from .post_messages_request import PostMessagesRequest
from .post_messages_response import PostMessagesResponse
from .push_headers import PushHeaders
from .push_settings import PushSettings
from .push_settings_spec import PushSettingsSpec
from .push_status import PushStatus
from .push_status_kind import PushStatusKind
from .push_status_list import PushStatusList
from .queue_alert_ids_request import QueueAlertIdsRequest
from .queue_info import QueueInfo
from .queue_info_envelope import QueueInfoEnvelope
from .queue_list import QueueList
from .queue_list_entry import QueueListEntry
from .queue_settings import QueueSettings
from .queue_settings_envelope import QueueSettingsEnvelope
from .queue_type import QueueType
from .release_request import ReleaseRequest
from .reserve_request import ReserveRequest
from .reserved_message import ReservedMessage
from .reserved_message_list import ReservedMessageList
from .status_message import StatusMessage
from .subscriber import Subscriber
from .subscriber_headers import SubscriberHeaders
from .subscriber_name import SubscriberName
from .subscriber_names_request import SubscriberNamesRequest
from .subscriber_spec import SubscriberSpec
from .subscriber_spec_headers import SubscriberSpecHeaders
from .subscribers_request import SubscribersRequest
from .touch_request import TouchRequest
from .touch_response import TouchResponse

__all__ = (
    "Alert",
    "AlertDirection",
    "AlertId",
    "AlertIdList",
    "AlertIdsRequest",
    "AlertMessage",
    "AlertSpec",
    "AlertsReplaceRequest",
    "AlertsRequest",
    "AlertType",
    "DeadLetter",
    "DeadLetterSpec",
    "DeleteMessageRequest",
    "DeleteMessagesRequest",
    "Error",
    "ErrorQueueMessage",
    "ErrorQueueMessageHeaders",
    "FailedSubscriber",
    "Message",
    "MessageEnvelope",
    "MessageList",
    "MessageRef",
    "NewMessage",
    "NewMessagePushHeaders",
    "PostMessagesRequest",
    "PostMessagesResponse",
    "PushHeaders",
    "PushSettings",
    "PushSettingsSpec",
    "PushStatus",
    "PushStatusKind",
    "PushStatusList",
    "QueueAlertIdsRequest",
    "QueueInfo",
    "QueueInfoEnvelope",
    "QueueList",
    "QueueListEntry",
    "QueueSettings",
    "QueueSettingsEnvelope",
    "QueueType",
    "ReleaseRequest",
    "ReservedMessage",
    "ReservedMessageList",
    "ReserveRequest",
    "StatusMessage",
    "Subscriber",
    "SubscriberHeaders",
    "SubscriberName",
    "SubscriberNamesRequest",
    "SubscriberSpec",
    "SubscriberSpecHeaders",
    "SubscribersRequest",
    "TouchRequest",
    "TouchResponse",
)
