// Drive the last npm IronMQ client of the v2 API (iron_mq 0.2.4 on iron_core 0.2.7) against
// ironmq-local's /1/.
//
//     node drive.js BASE_URL PROJECT_ID TOKEN
//
// Calls every method of the client's README once or more, in an order where each step's
// outcome is known, and prints one JSON line per step: {"step", "ok": true, "result"} or
// {"step", "ok": false, "error"}. It asserts nothing itself: tests/local/test_npm_client.py
// does. Every option the client reads is given to its constructor (which wins over iron.json
// files and IRON_* variables); api_version 1 is the client's own default.
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
  queue_name: "npm2-pull",
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

// Push subscribers: /a answers 200, /b answers 202 (acknowledged later by the client).
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
  const q = imq.queue("npm2-pull");

  // posting; queue information; listing
  await step("post_one", () => call(q, "post", "hello IronMQ!"));
  await step("post_options", () => call(q, "post", { body: "later", delay: 600 }));
  await step("post_many", () => call(q, "post", ["hello", "IronMQ"]));
  await step("post_many_options", () =>
    call(q, "post", [
      { body: "forty", timeout: 40 },
      { body: "eighty", timeout: 80 },
    ]),
  );
  await step("info", () => call(q, "info"));
  await step("queues", () => call(imq, "queues", {}));
  await step("queues_page", () => call(imq, "queues", { page: 1, per_page: 1 }));

  // reading: peek, get (reserve), get by id, touch, release, delete
  await step("peek_one", () => call(q, "peek", {}));
  await step("peek_n", () => call(q, "peek_n", { n: 10 }));
  await step("get_one", () => call(q, "get", {}));
  await step("get_n", () => call(q, "get_n", { n: 2, timeout: 30 }));
  const first = results.post_one;
  await step("msg_get", () => call(q, "msg_get", first));
  await step("msg_touch", () => call(q, "msg_touch", first));
  await step("msg_release", () => call(q, "msg_release", first, { delay: 0 }));
  await step("get_released", () => call(q, "get", { n: 5 }));
  await step("del", () => call(q, "del", first));
  await step("del_missing", () => call(q, "del", first));
  const others = (results.get_n || []).map((m) => m.id);
  await step("del_multiple", () => call(q, "del_multiple", others));
  await step("info_after_deletes", () => call(q, "info"));
  await step("clear", () => call(q, "clear"));
  await step("info_cleared", () => call(q, "info"));
  await step("get_missing_queue", () => call(imq.queue("npm2-nowhere"), "get_n", {}));

  // alerts
  const alert = (trigger, direction) => ({
    type: "fixed",
    direction: direction,
    trigger: trigger,
    queue: "npm2-alerts",
    snooze: 11,
  });
  await step("add_alerts", () => call(q, "add_alerts", [alert(201, "asc"), alert(202, "desc")]));
  await step("update_alerts", () => call(q, "update_alerts", [alert(211, "asc"), alert(212, "desc")]));
  await step("info_alerts", () => call(q, "info"));
  const alertIds = ((results.info_alerts || {}).alerts || []).map((a) => a.id);
  await step("delete_alerts", () => call(q, "delete_alerts", [{ id: alertIds[0] }]));
  await step("delete_alert_by_id", () => call(q, "delete_alert_by_id", alertIds[1]));
  await step("info_no_alerts", () => call(q, "info"));
  await step("del_queue", () => call(q, "del_queue"));
  await step("info_deleted", () => call(q, "info"));

  // push queues: update, subscribers, push statuses, acknowledging a 202, back to pull
  const subs = await startSubscribers();
  try {
    const p = imq.queue("npm2-push");
    await step("update_push", () =>
      call(p, "update", {
        push_type: "multicast",
        retries: 5,
        subscribers: [{ url: `${subs.base}/a` }, { url: `${subs.base}/c` }],
      }),
    );
    await step("add_subscribers", () => call(p, "add_subscribers", { url: `${subs.base}/b` }));
    await step("rm_subscribers", () => call(p, "rm_subscribers", [{ url: `${subs.base}/c` }]));
    await step("post_push", () => call(p, "post", "pushed"));
    const pushed = results.post_push;
    await step("push_statuses", () =>
      poll("a delivered and b reserved", async () => {
        const body = await call(p, "msg_push_statuses", pushed);
        const byUrl = Object.fromEntries(body.subscribers.map((s) => [s.url, s.status]));
        return byUrl[`${subs.base}/a`] === "deleted" && byUrl[`${subs.base}/b`] === "reserved" && body;
      }),
    );
    const toB = subs.received.find((r) => r.path === "/b") || { headers: {} };
    await step("pushes", () => subs.received.map((r) => ({ path: r.path, body: r.body, headers: r.headers })));
    await step("del_msg_push_status", () =>
      call(p, "del_msg_push_status", pushed, toB.headers["iron-subscriber-message-id"]),
    );
    await step("push_statuses_acked", () => call(p, "msg_push_statuses", pushed));
    await step("revert_to_pull", () => call(p, "update", { push_type: "pull" }));
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
