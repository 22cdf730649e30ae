#!/usr/bin/env python3
"""Writes the seed corpus for fuzz_frame into corpus/frame/ (committed; rerun after changing it).

Each seed is in fuzz_frame's input layout (see fuzz_frame.cc):
  byte 0: bits 0-2 frame count, bit 3 tight 64-byte envelope limit
  then one length byte for every frame but the last, then the frames' bytes.
Protobuf bytes are encoded by hand here so the script needs nothing but Python 3.
"""
import os
import sys

SIG = b"ASP\x01"


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def f_varint(num, value):
    return varint(num << 3) + varint(value)


def f_bytes(num, value):
    if isinstance(value, str):
        value = value.encode()
    return varint(num << 3 | 2) + varint(len(value)) + value


def envelope(request_id, body_field, body, actor=""):
    out = f_varint(1, request_id) if request_id else b""
    if actor:
        out += f_bytes(2, actor)
    return out + f_bytes(body_field, body)


def seed(frames, tight=False):
    header = len(frames) | (0x08 if tight else 0)
    out = bytes([header])
    for f in frames[:-1]:
        assert len(f) < 256
        out += bytes([len(f)])
    return out + b"".join(frames)


draft = f_bytes(2, "facebook") + f_bytes(3, "1029384756") + f_bytes(4, "c_123") + \
    f_bytes(8, f_bytes(1, "u42") + f_bytes(2, "Budi")) + f_bytes(9, "Jalan rusak di Desa Sukamaju") + \
    f_varint(11, 1767225600000) + f_varint(14, 2)
submit = f_bytes(1, "facebook:comment:c_123") + f_varint(2, 1) + f_bytes(3, draft)
withdraw = f_bytes(1, "facebook:comment:c_123:withdraw") + f_varint(2, 3) + f_bytes(4, "facebook:comment:c_123")
hello = f_bytes(1, "pupr-1") + f_bytes(2, "PUPR") + f_bytes(2, "DINKES") + f_varint(3, 8)
ticket = f_varint(1, 42) + f_bytes(2, "NH-2026-000042") + f_bytes(4, "PUPR") + f_bytes(5, "facebook") + \
    f_bytes(13, f_varint(1, 1) + f_varint(2, 1) + f_bytes(5, "Jalan rusak")) + f_varint(18, 1) + \
    f_bytes(21, f_varint(1, 3) + f_bytes(2, "jalan")) + f_bytes(22, f_varint(1, 1))
deliver = f_bytes(1, ticket) + f_varint(2, 1) + f_varint(3, 7) + f_varint(4, 1767225630000)
deliver_ack = f_varint(1, 7) + f_varint(2, 42) + f_varint(3, 1) + f_varint(5, 1)
filt = f_bytes(1, "PUPR") + f_bytes(2, bytes([1, 2])) + f_bytes(5, "jalan")
counts = f_varint(1, 3) + f_bytes(2, f_bytes(1, "PUPR") + f_varint(2, 2)) + \
    f_bytes(2, f_bytes(1, "DINKES") + f_varint(2, 1))
error = f_varint(1, 6) + f_bytes(2, "draft.channel is empty") + f_bytes(3, "draft.channel")

SEEDS = {
    # valid: one per command family
    "ok_submit_create": seed([SIG, envelope(1, 10, submit)]),
    "ok_submit_withdraw": seed([SIG, envelope(2, 10, withdraw)]),
    "ok_submit_ack": seed([SIG, envelope(1, 11, f_varint(1, 42) + f_bytes(2, "NH-2026-000042") +
                                            f_varint(3, 1) + f_bytes(5, "PUPR"))]),
    "ok_hello": seed([SIG, envelope(1, 20, hello)]),
    "ok_welcome": seed([SIG, envelope(1, 21, f_varint(1, 1000) + f_varint(2, 3) + f_varint(3, 30000) +
                                         f_varint(4, 5))]),
    "ok_deliver": seed([SIG, envelope(7, 23, deliver)]),
    "ok_deliver_ack": seed([SIG, envelope(7, 24, deliver_ack)]),
    "ok_heartbeat": seed([SIG, envelope(0, 25, b"")]),
    "ok_list_tickets": seed([SIG, envelope(3, 32, f_bytes(1, filt) + f_varint(2, 50), actor="admin:1")]),
    "ok_counts": seed([SIG, envelope(4, 35, counts)]),
    "ok_read_events": seed([SIG, envelope(5, 36, f_varint(1, 100) + f_varint(2, 500))]),
    "ok_ping": seed([SIG, envelope(6, 38, b"")]),
    "ok_error": seed([SIG, envelope(1, 9, error)]),
    # invalid: each decoder branch
    "bad_one_frame": seed([SIG]),
    "bad_three_frames": seed([SIG, envelope(6, 38, b""), b"extra"]),
    "bad_signature": seed([b"HTTP", envelope(6, 38, b"")]),
    "bad_short_signature": seed([b"ASP", envelope(6, 38, b"")]),
    "bad_version": seed([b"ASP\x02", envelope(6, 38, b"")]),
    "bad_truncated": seed([SIG, envelope(1, 10, submit)[:-5]]),
    "bad_no_body": seed([SIG, f_varint(1, 9)]),
    "bad_unknown_command": seed([SIG, f_varint(1, 9) + f_bytes(99, b"")]),
    "bad_too_large": seed([SIG, envelope(1, 10, submit)], tight=True),
    "bad_invalid_utf8": seed([SIG, envelope(1, 10, f_bytes(1, b"\xff\xfe"))]),
}


def main():
    out_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "frame")
    os.makedirs(out_dir, exist_ok=True)
    for name, data in sorted(SEEDS.items()):
        with open(os.path.join(out_dir, name), "wb") as f:
            f.write(data)
    print(f"wrote {len(SEEDS)} seeds to {out_dir}", file=sys.stderr)


if __name__ == "__main__":
    main()
