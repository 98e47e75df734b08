"""The HTTP side: plumbing every API shares (http, errors, fields), one package per IronMQ
API version (v3/), and the control API of tests (control, faults)."""
