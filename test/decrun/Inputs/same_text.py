"""Checks that decrun's streamed stdout is the JSON record's text.

usage: same_text.py RECORD.json STDOUT.txt
The record's text has each byte that starts no well-formed UTF-8 character
replaced by U+FFFD; the same is done to the raw stdout bytes here.
"""
import json
import sys


def per_byte_replacement(raw):
    out, i = [], 0
    while i < len(raw):
        for n in (1, 2, 3, 4):
            try:
                out.append(raw[i:i + n].decode("utf-8"))
                i += n
                break
            except UnicodeDecodeError:
                pass
        else:
            out.append("\ufffd")
            i += 1
    return "".join(out)


record = json.load(open(sys.argv[1], encoding="utf-8"))
streamed = open(sys.argv[2], "rb").read()
assert streamed.endswith(b"\n"), streamed
assert per_byte_replacement(streamed[:-1]) == record["text"], (streamed, record["text"])
print("same text")
