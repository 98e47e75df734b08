"""IronMQ v2 over HTTP (`/1/projects/{project_id}`): routes, handlers, parsing, presenting
and limits, the sibling of wire/v3/ over the same domain under `V2_RULES`."""
