"""Validates the text of decrun --json records against a JSON Schema with the
`jsonschema` package (an implementation independent of decc) and prints one
line per record and a summary.

usage: schema_valid.py SCHEMA.json RECORD.json...
"""
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1], encoding="utf-8"))
validator = jsonschema.Draft202012Validator(schema)
valid = 0
for path in sys.argv[2:]:
    record = json.load(open(path, encoding="utf-8"))
    try:
        instance = json.loads(record["text"])
        errors = [e.message for e in validator.iter_errors(instance)]
    except json.JSONDecodeError as e:
        errors = ["not JSON: %s" % e]
    valid += not errors
    print("%s: stop=%s %s" % (path.rsplit("/", 1)[-1], record["stop"],
                              "valid" if not errors else "INVALID: " + "; ".join(errors)))
print("schema-valid: %d/%d" % (valid, len(sys.argv) - 2))
