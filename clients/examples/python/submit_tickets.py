#!/usr/bin/env python3
"""Integrator example: import complaints from another system into Aspirasi over the wire protocol.

    submit_tickets.py --ingest tcp://127.0.0.1:7701 [--api tcp://127.0.0.1:7703] [--gen DIR] reports.json

Each report becomes one `submit` (docs/PROTOCOL.md 4.1) with an idempotency key built from the source
system's id, so running the import twice creates nothing twice (the second run is answered DUPLICATE).
Submits are pipelined (a window of requests in flight on one DEALER socket), replies are matched by
request_id, and a request without a reply or answered UNAVAILABLE is sent again, byte for byte. With --api,
each ticket is read back (get_ticket) and its number, OPD and routing reason are printed.

Requirements (Debian 12): python3-zmq python3-protobuf protobuf-compiler. The message modules are
generated from the schema:  protoc -I proto --python_out=DIR proto/aspirasi/v1/*.proto  (pass --gen DIR).
Exit status: 0 when every report was acknowledged, 1 otherwise, 2 for bad usage.
"""
import argparse
import json
import sys
import time

SIG = b"ASP\x01"          # frame 0 of every message: "ASP" + protocol version 1 (PROTOCOL.md 3.2)
CHANNEL = "portal"        # our source, as the broker's ticket.channel
ACCOUNT = "pengaduan-online"
WINDOW = 64               # submits in flight at once
TIMEOUT_S = 5.0           # no reply after this: send the same bytes again
MAX_SENDS = 6


def load_modules(gen_dir):
    if gen_dir:
        sys.path.insert(0, gen_dir)
    global zmq, error_pb2, ticket_pb2, wire_pb2
    import zmq  # noqa: F401
    from aspirasi.v1 import error_pb2, ticket_pb2, wire_pb2  # noqa: F401


def epoch_ms(rfc3339):
    from datetime import datetime
    return int(datetime.fromisoformat(rfc3339).timestamp() * 1000)


def build_submit(report):
    """One report -> one Submit. The key names the source item, never the citizen."""
    s = wire_pb2.Submit()
    s.idempotency_key = f"{CHANNEL}:{ACCOUNT}:report:{report['id']}"
    s.action = wire_pb2.CREATE
    d = s.draft
    d.channel = CHANNEL
    d.account = ACCOUNT
    d.source_id = report["id"]
    d.author.platform_id = report["phone"]
    d.author.display_name = report["name"]
    d.text = report["text"]
    d.category = report.get("category", "")
    d.written_at_ms = epoch_ms(report["received"])
    d.public_item = False
    return s


class Pipeline:
    """Many submits in flight on one DEALER socket; replies matched by request_id."""

    def __init__(self, endpoint):
        self.sock = zmq.Context.instance().socket(zmq.DEALER)
        self.sock.setsockopt(zmq.LINGER, 0)
        self.sock.connect(endpoint)
        self.next_id = 1
        self.pending = {}  # request_id -> [index, encoded envelope, sends, deadline]

    def send(self, index, submit):
        env = wire_pb2.Envelope(request_id=self.next_id)
        env.submit.CopyFrom(submit)
        self.pending[self.next_id] = [index, env.SerializeToString(), 0, 0.0]
        self._transmit(self.next_id)
        self.next_id += 1

    def _transmit(self, request_id):
        p = self.pending[request_id]
        self.sock.send_multipart([SIG, p[1]])
        p[2] += 1
        p[3] = time.monotonic() + TIMEOUT_S

    def poll(self, results):
        """Waits up to the nearest deadline; fills results[index] with an ack or an error string."""
        if not self.pending:
            return
        wait = max(0.0, min(p[3] for p in self.pending.values()) - time.monotonic())
        if self.sock.poll(int(wait * 1000) + 1):
            while self.sock.poll(0):
                frames = self.sock.recv_multipart()
                if len(frames) != 2 or frames[0] != SIG:
                    continue  # not an aspirasi.v1 message
                reply = wire_pb2.Envelope.FromString(frames[1])
                p = self.pending.get(reply.request_id)
                if p is None:
                    continue  # a late reply to a request already answered
                if reply.HasField("submit_ack"):
                    results[p[0]] = reply.submit_ack
                    del self.pending[reply.request_id]
                    continue
                code = reply.error.code if reply.error.code in error_pb2.ErrorCode.values() else 0
                if code == error_pb2.UNAVAILABLE and p[2] < MAX_SENDS:
                    p[3] = time.monotonic() + min(0.1 * 2 ** p[2], 5.0)  # back off, then re-send
                    continue
                results[p[0]] = f"{error_pb2.ErrorCode.Name(code)} {reply.error.field}: {reply.error.message}"
                del self.pending[reply.request_id]
        now = time.monotonic()
        for request_id in [r for r, p in self.pending.items() if p[3] <= now]:
            if self.pending[request_id][2] >= MAX_SENDS:
                results[self.pending[request_id][0]] = "no acknowledgement; retry later with the same key"
                del self.pending[request_id]
            else:
                self._transmit(request_id)  # the same bytes: the broker dedups by idempotency key


def read_back(api_endpoint, ticket_id):
    sock = zmq.Context.instance().socket(zmq.DEALER)
    sock.setsockopt(zmq.LINGER, 0)
    sock.connect(api_endpoint)
    env = wire_pb2.Envelope(request_id=1)
    env.get_ticket.ticket_id = ticket_id
    sock.send_multipart([SIG, env.SerializeToString()])
    try:
        if sock.poll(int(TIMEOUT_S * 1000)):
            frames = sock.recv_multipart()
            reply = wire_pb2.Envelope.FromString(frames[1])
            if reply.HasField("ticket"):
                return reply.ticket.ticket
    finally:
        sock.close()
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ingest", required=True, help="the broker's ingest endpoint")
    parser.add_argument("--api", help="the broker's api endpoint: read each ticket back")
    parser.add_argument("--gen", help="folder with the protoc-generated aspirasi/v1/*_pb2.py")
    parser.add_argument("reports", help="JSON array of reports")
    args = parser.parse_args()
    load_modules(args.gen)
    with open(args.reports, encoding="utf-8") as f:
        reports = json.load(f)

    pipe = Pipeline(args.ingest)
    results = [None] * len(reports)
    sent = 0
    while sent < len(reports) or pipe.pending:
        while sent < len(reports) and len(pipe.pending) < WINDOW:
            pipe.send(sent, build_submit(reports[sent]))
            sent += 1
        pipe.poll(results)

    failed = 0
    for report, r in zip(reports, results):
        if isinstance(r, str) or r is None:
            failed += 1
            print(f"{report['id']}: FAILED {r}")
            continue
        line = f"{report['id']}: {r.ticket_number} {wire_pb2.SubmitOutcome.Name(r.outcome)} -> {r.opd}"
        if args.api:
            t = read_back(args.api, r.ticket_id)
            if t:
                line += f" (read back: {t.number} {t.opd} {ticket_pb2.RouteReason.Name(t.routing.reason)} {t.routing.rule})"
            else:
                line += " (read back: NOT FOUND)"
            failed += t is None
        print(line)
    print(f"{len(reports) - failed} of {len(reports)} reports acknowledged")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
