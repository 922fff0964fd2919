"""Writes the text of a decrun --json record to a file and prints its stop
reason, whether it was constrained, and (with --json-keys) the sorted keys of
the text parsed as a JSON object.

usage: record_text.py RECORD.json TEXT.out [--json-keys]
"""
import json
import sys

record = json.load(open(sys.argv[1], encoding="utf-8"))
with open(sys.argv[2], "w", encoding="utf-8") as f:
    f.write(record["text"])
print("stop:", record["stop"])
print("constrained:", record["stats"]["constrained"], record["stats"].get("constraint"))
if "--json-keys" in sys.argv[3:]:
    print("keys:", " ".join(sorted(json.loads(record["text"]).keys())))
