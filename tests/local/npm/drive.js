// Drive the npm IronMQ client (iron_mq 0.9.3 on iron_core 0.2.7) against ironmq-local.
//
//     node drive.js BASE_URL PROJECT_ID TOKEN
//
// Calls every v3 method of the client once or more, in an order where each step's outcome is
// known, and prints one JSON line per step: {"step", "ok": true, "result"} or
// {"step", "ok": false, "error"}. It asserts nothing itself: tests/local/test_npm_client.py
// does. The client loads settings from iron.json files and IRON_* variables too, but options
// given to the constructor win, and every option it reads is given here.
"use strict";

const http = require("http");
const { Client } = require("iron_mq");

const [baseUrl, projectId, token] = process.argv.slice(2);
const url = new URL(baseUrl);
const imq = new Client({
  scheme: url.protocol.replace(":", ""),
  host: url.hostname,
  port: Number(url.port),
  project_id: projectId,
  token: token,
  api_version: 3,
  queue_name: "npm-pull",
});

// The client is callback-style: cb(error, body).
function call(target, method, ...args) {
  return new Promise((resolve, reject) => {
    target[method](...args, (error, body) => (error ? reject(error) : resolve(body)));
  });
}

const results = {};

async function step(name, fn) {
  let line;
  try {
    const result = await fn();
    results[name] = result;
    line = { step: name, ok: true, result: result === undefined ? null : result };
  } catch (error) {
    line = { step: name, ok: false, error: String(error && error.message ? error.message : error) };
  }
  process.stdout.write(JSON.stringify(line) + "\n");
}

// ironmq-local's control API (not IronMQ): arm injected faults for the next requests.
function armFaults(plan) {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify(plan);
    const req = http.request(
      new URL("/_local/faults", baseUrl),
      { method: "POST", headers: { "Content-Type": "application/json" } },
      (res) => {
        res.resume();
        res.on("end", () =>
          res.statusCode === 200 ? resolve() : reject(new Error(`faults: ${res.statusCode}`)),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function poll(what, probe, seconds = 10) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

// Push subscribers: /a answers 200, /b answers 202 (acknowledged later by the client),
// /c answers 200 but is removed before anything is posted.
function startSubscribers() {
  const received = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      received.push({ path: req.url, headers: req.headers, body: body });
      res.writeHead(req.url === "/b" ? 202 : 200, { "Content-Type": "text/plain" });
      res.end("ok");
    });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const base = `http://127.0.0.1:${server.address().port}`;
      resolve({ server, received, base });
    });
  });
}

async function main() {
  const q = imq.queue("npm-pull");

  // queues
  await step("create_queue", () => call(imq, "create_queue", "npm-pull", { message_timeout: 30 }));
  await step("info_new", () => call(q, "info"));
  await step("update", () => call(q, "update", { message_expiration: 3600 }));
  await step("update_queue", () =>
    call(imq, "update_queue", "npm-pull", { message_timeout: 45 }),
  );
  await step("create_other", () => call(imq, "create_queue", "npm-other", {}));
  await step("queues", () => call(imq, "queues", {}));
  await step("queues_per_page", () => call(imq, "queues", { per_page: 1 }));
  await step("queues_previous", () => call(imq, "queues", { previous: "npm-other" }));
  await step("queues_prefix", () => call(imq, "queues", { prefix: "npm-o" }));

  // posting
  await step("post_one", () => call(q, "post", "first"));
  await step("post_batch", () => call(q, "post", ["second", { body: "third", delay: 0 }]));
  await step("post_delayed", () => call(q, "post", { body: "later", delay: 600 }));
  await step("post_unicode", () => call(imq.queue("npm-other"), "post", "héllo ✓ 😀"));
  const [first, , third] = [results.post_one, ...(results.post_batch || [])];
  await step("info_posted", () => call(q, "info"));

  // reading without reserving
  await step("peek_one", () => call(q, "peek", {}));
  await step("peek_n", () => call(q, "peek", { n: 5 }));
  await step("msg_get", () => call(q, "msg_get", third));
  await step("msg_get_missing", () => call(q, "msg_get", "1"));

  // reservations
  await step("reserve_one", () => call(q, "reserve", { n: 1, timeout: 10 }));
  const reserved = results.reserve_one || {};
  await step("touch", () => call(q, "msg_touch", first, reserved.reservation_id, { timeout: 20 }));
  await step("touch_stale", () => call(q, "msg_touch", first, reserved.reservation_id, {}));
  const touched = results.touch || {};
  await step("release_delay", () =>
    call(q, "msg_release", first, touched.reservation_id, { delay: 1 }),
  );
  await step("get_n", () => call(q, "get", { n: 3, timeout: 30 }));
  await step("reserve_wait", async () => {
    const started = Date.now();
    const message = await call(q, "reserve", { n: 1, wait: 5 });
    return { message, waited_ms: Date.now() - started };
  });
  const again = (results.reserve_wait || {}).message || {};
  await step("del_reserved_without_rid", () => call(q, "del", first, {}));
  await step("del", () => call(q, "del", first, { reservation_id: again.reservation_id }));
  await step("del_multiple_reservations", () =>
    call(q, "del_multiple", {
      reservation_ids: (results.get_n || []).map((m) => ({
        id: m.id,
        reservation_id: m.reservation_id,
      })),
    }),
  );
  await step("post_xy", () => call(q, "post", ["x", "y"]));
  await step("del_multiple_ids", () => call(q, "del_multiple", { ids: results.post_xy }));
  await step("post_z", () => call(q, "post", "z"));
  await step("reserve_delete", () => call(q, "reserve", { delete: true }));
  await step("info_before_clear", () => call(q, "info"));
  await step("clear", () => call(q, "clear"));
  await step("info_cleared", () => call(q, "info"));
  await step("reserve_empty", () => call(q, "reserve", { n: 1 }));
  await step("reserve_empty_n", () => call(q, "reserve", { n: 2 }));
  await step("peek_empty_n", () => call(q, "peek", { n: 2 }));

  // iron_core retries 503 and 408 (up to 5 times, random backoff); other errors surface
  const other = imq.queue("npm-other");
  await step("post_after_503s", async () => {
    await armFaults({ count: 2, status: 503 });
    return call(other, "post", "retried");
  });
  await step("post_500", async () => {
    await armFaults({ count: 1, status: 500 });
    return call(other, "post", "lost");
  });

  await step("del_queue", () => call(q, "del_queue"));
  await step("info_deleted", () => call(q, "info"));

  // push queues: subscribers, push statuses, acknowledging a 202
  const subs = await startSubscribers();
  try {
    const p = imq.queue("npm-push");
    await step("create_push", () =>
      call(imq, "create_queue", "npm-push", {
        type: "multicast",
        push: {
          subscribers: [{ name: "a", url: `${subs.base}/a` }],
          retries: 2,
          retries_delay: 60,
        },
      }),
    );
    await step("add_subscribers", () =>
      call(p, "add_subscribers", { name: "b", url: `${subs.base}/b` }),
    );
    await step("rpl_subscribers", () =>
      call(p, "rpl_subscribers", [
        { name: "a", url: `${subs.base}/a` },
        { name: "b", url: `${subs.base}/b`, headers: { "X-Test": "npm" } },
        { name: "c", url: `${subs.base}/c` },
      ]),
    );
    await step("rm_subscribers", () => call(p, "rm_subscribers", { name: "c" }));
    await step("info_push", () => call(p, "info"));
    await step("post_push", () => call(p, "post", "pushed"));
    const pushed = results.post_push;
    await step("pushes", () =>
      poll("a push to /a and to /b", () => {
        const got = subs.received.filter((r) => r.headers["iron-message-id"] === pushed);
        return got.length >= 2 && got;
      }),
    );
    await step("push_statuses", () =>
      poll("a delivered and b reserved", async () => {
        const body = await call(p, "msg_push_statuses", pushed);
        const byName = Object.fromEntries(body.subscribers.map((s) => [s.name, s.status]));
        return byName.a === "deleted" && byName.b === "reserved" && body;
      }),
    );
    const toB = (results.pushes || []).find((r) => r.path === "/b") || { headers: {} };
    await step("del_msg_push_status", () =>
      call(p, "del_msg_push_status", pushed, toB.headers["iron-reservation-id"], "b"),
    );
    await step("push_statuses_acked", () => call(p, "msg_push_statuses", pushed));
    await step("received_paths", () => subs.received.map((r) => r.path));
  } finally {
    subs.server.close();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(String((error && error.stack) || error) + "\n");
    process.exit(1);
  },
);
