"""The domain of ironmq-local: queues, messages, reservations, push deliveries and alerts.

No HTTP, no SQL text, no JSON here (a test enforces it): the wire layer parses requests
into the values of `values.py` and renders what the services return; storage is reached
through the `Store` protocol of `store.py`; time through the `Clock` protocol. Where
IronMQ's API versions behave differently, the services read `rules.ApiRules`.
"""
