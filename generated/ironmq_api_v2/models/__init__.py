"""Contains all the data models used in inputs/outputs"""

from .alert import Alert
from .alert_direction import AlertDirection
from .alert_id import AlertId
from .alert_ids_request import AlertIdsRequest
from .alert_message import AlertMessage
from .alert_spec import AlertSpec
from .alert_type import AlertType
from .alerts_replace_request import AlertsReplaceRequest
from .alerts_request import AlertsRequest
from .delete_messages_request import DeleteMessagesRequest
from .error import Error
from .error_queue_message import ErrorQueueMessage
from .failed_subscriber import FailedSubscriber
from .message import Message
from .message_detail import MessageDetail
from .message_list import MessageList
from .new_message import NewMessage
from .post_messages_request import PostMessagesRequest
from .post_messages_response import PostMessagesResponse
from .push_headers import PushHeaders
from .push_status import PushStatus
from .push_status_list import PushStatusList
from .push_status_summary import PushStatusSummary
from .push_type import PushType
from .push_type_update import PushTypeUpdate
from .queue import Queue
from .queue_list_entry import QueueListEntry
from .queue_update import QueueUpdate
from .release_request import ReleaseRequest
from .status_message import StatusMessage
from .subscriber import Subscriber
from .subscriber_headers import SubscriberHeaders
from .subscriber_spec import SubscriberSpec
from .subscriber_spec_headers import SubscriberSpecHeaders
from .subscriber_url import SubscriberUrl
from .subscriber_urls_request import SubscriberUrlsRequest
from .subscribers_request import SubscribersRequest
from .touch_request import TouchRequest

__all__ = (
    "Alert",
    "AlertDirection",
    "AlertId",
    "AlertIdsRequest",
    "AlertMessage",
    "AlertSpec",
    "AlertsReplaceRequest",
    "AlertsRequest",
    "AlertType",
    "DeleteMessagesRequest",
    "Error",
    "ErrorQueueMessage",
    "FailedSubscriber",
    "Message",
    "MessageDetail",
    "MessageList",
    "NewMessage",
    "PostMessagesRequest",
    "PostMessagesResponse",
    "PushHeaders",
    "PushStatus",
    "PushStatusList",
    "PushStatusSummary",
    "PushType",
    "PushTypeUpdate",
    "Queue",
    "QueueListEntry",
    "QueueUpdate",
    "ReleaseRequest",
    "StatusMessage",
    "Subscriber",
    "SubscriberHeaders",
    "SubscriberSpec",
    "SubscriberSpecHeaders",
    "SubscribersRequest",
    "SubscriberUrl",
    "SubscriberUrlsRequest",
    "TouchRequest",
)
