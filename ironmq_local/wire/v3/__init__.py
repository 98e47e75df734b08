"""IronMQ v3 over HTTP (`/3/projects/{project_id}`): routes, handlers, parsing, presenting
and limits. A second API version is a sibling package with the same five parts."""
