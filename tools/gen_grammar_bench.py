#!/usr/bin/env python3
"""Writes the grammar mask benchmark inputs of test/data/grammar-bench/.

Deterministic (fixed seed, no clock): rerunning rewrites identical files, so
figures in docs/grammars.md ("Figures") refer to committed bytes.

  doc-pretty.json   ~33 KB, 60 nested records, indent 2 (json.gbnf's ws allows
                    a newline and up to 20 spaces or tabs)
  doc-compact.json  the same value without whitespace
  <name>.schema.json + <name>.doc.json: JSON Schemas and one valid, pretty-
                    printed instance each, keys in schema order and numbers
                    without exponents (the spelling model of docs/json-schema.md),
                    no whitespace around the top-level value
  program.c         functions in the language of grammars/examples/c.gbnf
  arithmetic.txt    one long expression of grammars/examples/arithmetic.gbnf

Usage: tools/gen_grammar_bench.py [OUT_DIR]   (default test/data/grammar-bench)
"""
import json
import os
import random
import sys

WORDS = ("alpha beta gamma delta epsilon zeta theta kappa lambda sigma omega river stone cloud "
         "garden signal vector matrix kernel tensor shard queue token cache memory stream "
         "window branch commit server client request response latency budget").split()
UNICODE = ["café", "naïve", "日本語", "Zürich", "emoji 😀", "Ελληνικά", "русский", "한국어",
           "tab\there", "line\nbreak", "quote \"q\"", "back\\slash", "€ 12,50", "ß and ø"]
CITIES = ["Paris", "Berlin", "Tokyo", "Lima", "Oslo", "Nairobi", "Austin", "Seoul"]


def words(rng, lo, hi):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(lo, hi)))


def text(rng):
    s = words(rng, 2, 9)
    if rng.random() < 0.3:
        s += " " + rng.choice(UNICODE)
    return s


def record(rng, i):
    return {
        "id": i,
        "uuid": "%08x-%04x-4%03x-a%03x-%012x" % (rng.getrandbits(32), rng.getrandbits(16),
                                                 rng.getrandbits(12), rng.getrandbits(12),
                                                 rng.getrandbits(48)),
        "name": words(rng, 1, 3).title(),
        "active": rng.random() < 0.7,
        "score": round(rng.uniform(-100, 100), rng.randint(0, 4)),
        "ratio": rng.choice([0.5, 1e-7, 6.02e23, -2.5e-3, 3.14159]),
        "parent": None if rng.random() < 0.5 else rng.randint(0, 59),
        "tags": [rng.choice(WORDS) for _ in range(rng.randint(0, 5))],
        "address": {
            "street": "%d %s Street" % (rng.randint(1, 999), rng.choice(WORDS).title()),
            "city": rng.choice(CITIES),
            "geo": {"lat": round(rng.uniform(-90, 90), 5), "lon": round(rng.uniform(-180, 180), 5)},
        },
        "history": [{"step": k, "note": text(rng), "ok": rng.random() < 0.8}
                    for k in range(rng.randint(0, 3))],
        "description": text(rng),
    }


def big_document(rng):
    return {"version": 3, "generator": "tools/gen_grammar_bench.py",
            "records": [record(rng, i) for i in range(60)],
            "summary": {"count": 60, "notes": [text(rng) for _ in range(4)], "empty": {}, "none": []}}


PERSON = "examples/schemas/person.json"

ORDER_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Order",
    "type": "object",
    "properties": {
        "order_id": {"type": "integer", "minimum": 1},
        "status": {"enum": ["pending", "paid", "shipped", "delivered", "cancelled"]},
        "customer": {
            "type": "object",
            "properties": {
                "name": {"type": "string", "minLength": 1, "maxLength": 64},
                "email": {"type": "string", "format": "email"},
                "vip": {"type": "boolean"},
            },
            "required": ["name", "email"],
            "additionalProperties": False,
        },
        "items": {
            "type": "array",
            "minItems": 1,
            "maxItems": 50,
            "items": {
                "type": "object",
                "properties": {
                    "sku": {"type": "string", "pattern": "^[A-Z]{3}-[0-9]{4}$"},
                    "title": {"type": "string", "maxLength": 80},
                    "quantity": {"type": "integer", "minimum": 1, "maximum": 100},
                    "unit_price": {"type": "number", "minimum": 0},
                },
                "required": ["sku", "quantity", "unit_price"],
                "additionalProperties": False,
            },
        },
        "notes": {"type": ["string", "null"]},
    },
    "required": ["order_id", "status", "customer", "items"],
    "additionalProperties": False,
}

EVENTS_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Event log",
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "time": {"type": "string", "format": "date-time"},
            "level": {"enum": ["debug", "info", "warning", "error"]},
            "source": {"type": "string", "pattern": "^[a-z]+(\\.[a-z]+)*$"},
            "message": {"type": "string"},
            "context": {"type": "object", "additionalProperties": {"type": ["string", "number", "boolean"]}},
        },
        "required": ["time", "level", "message"],
        "additionalProperties": False,
    },
}

TREE_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Tree",
    "$ref": "#/$defs/node",
    "$defs": {
        "node": {
            "type": "object",
            "properties": {
                "name": {"type": "string"},
                "kind": {"enum": ["dir", "file", "link"]},
                "size": {"type": "integer", "minimum": 0},
                "children": {"type": "array", "items": {"$ref": "#/$defs/node"}},
            },
            "required": ["name", "kind"],
            "additionalProperties": False,
        }
    },
}

CONFIG_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Service configuration",
    "type": "object",
    "properties": {
        "service": {"type": "string", "pattern": "^[a-z][a-z0-9-]{2,30}$"},
        "replicas": {"type": "integer", "minimum": 1, "maximum": 64},
        "endpoints": {
            "type": "array",
            "items": {
                "anyOf": [
                    {"type": "object",
                     "properties": {"http": {"type": "string", "format": "uri"},
                                    "timeout_ms": {"type": "integer", "minimum": 1}},
                     "required": ["http"], "additionalProperties": False},
                    {"type": "object",
                     "properties": {"grpc": {"type": "string"},
                                    "port": {"type": "integer", "minimum": 1, "maximum": 65535}},
                     "required": ["grpc", "port"], "additionalProperties": False},
                ]
            },
        },
        "limits": {
            "type": "object",
            "properties": {"cpu": {"type": "number", "minimum": 0, "maximum": 256},
                           "memory_mb": {"type": "integer", "minimum": 16}},
            "additionalProperties": False,
        },
        "labels": {"type": "object", "additionalProperties": {"type": "string", "maxLength": 63}},
        "debug": {"type": "boolean"},
    },
    "required": ["service", "replicas", "endpoints"],
    "additionalProperties": False,
}


def person_doc(rng):
    return {"name": "Ada Lovelace", "age": 36, "tags": ["math", "poetry", "engines"]}


def order_doc(rng):
    items = []
    for _ in range(12):
        it = {"sku": "%s-%04d" % ("".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(3)),
                                  rng.randint(0, 9999))}
        if rng.random() < 0.8:
            it["title"] = words(rng, 1, 6).capitalize()
        it["quantity"] = rng.randint(1, 100)
        it["unit_price"] = round(rng.uniform(0, 500), 2)
        items.append(it)
    return {"order_id": 918273, "status": "shipped",
            "customer": {"name": "Grace Hopper", "email": "grace.hopper@navy.example.org", "vip": True},
            "items": items, "notes": "Leave at the door; ring twice. Fragile: glass 🥂"}


def events_doc(rng):
    out = []
    for i in range(25):
        e = {"time": "2026-%02d-%02dT%02d:%02d:%02d.%03dZ" % (rng.randint(1, 12), rng.randint(1, 28),
                                                              rng.randint(0, 23), rng.randint(0, 59),
                                                              rng.randint(0, 59), rng.randint(0, 999)),
             "level": rng.choice(["debug", "info", "warning", "error"])}
        if rng.random() < 0.7:
            e["source"] = ".".join(rng.choice(["net", "db", "cache", "http", "auth"])
                                   for _ in range(rng.randint(1, 3)))
        e["message"] = text(rng)
        if rng.random() < 0.6:
            e["context"] = {"request_id": "r-%d" % rng.randint(1000, 9999),
                            "latency_ms": round(rng.uniform(0, 900), 1),
                            "cached": rng.random() < 0.5}
        out.append(e)
    return out


def tree_doc(rng, depth=0):
    node = {"name": rng.choice(WORDS) + ("" if depth == 0 else "-%d" % rng.randint(0, 99)),
            "kind": "dir" if depth < 3 else rng.choice(["file", "link"])}
    if node["kind"] == "file":
        node["size"] = rng.randint(0, 10 ** 7)
    if node["kind"] == "dir":
        node["children"] = [tree_doc(rng, depth + 1) for _ in range(rng.randint(1, 3))]
    return node


def config_doc(rng):
    return {"service": "mask-server-7", "replicas": 12,
            "endpoints": [{"http": "https://api.example.com/v1/masks?batch=32", "timeout_ms": 250},
                          {"grpc": "masks.internal", "port": 50051},
                          {"http": "http://localhost:8080/health"}],
            "limits": {"cpu": 3.5, "memory_mb": 8192},
            "labels": {"team": "decoding", "tier": "gold", "region": "eu-west-1"},
            "debug": False}


def c_expr(rng, depth=0):
    if depth > 2 or rng.random() < 0.3:
        return rng.choice([rng.choice(["i", "n", "count", "total", "x_1", "buf"]), str(rng.randint(0, 999)),
                           "%d.%d" % (rng.randint(0, 99), rng.randint(0, 99))])
    form = rng.randint(0, 4)
    if form == 0:
        return "%s %s %s" % (c_expr(rng, depth + 1), rng.choice(["+", "-", "*", "/", "%"]), c_expr(rng, depth + 1))
    if form == 1:
        return "(%s)" % c_expr(rng, depth + 1)
    if form == 2:
        return "%s(%s)" % (rng.choice(["f", "sum", "read_value"]), ", ".join(c_expr(rng, depth + 1) for _ in range(rng.randint(0, 2))))
    if form == 3:
        return "%s %s %s" % (c_expr(rng, depth + 1), rng.choice(["<", ">=", "==", "!=", "&&"]), c_expr(rng, depth + 1))
    return "buf[%s]" % c_expr(rng, depth + 1)


def c_stmt(rng, indent, depth=0):
    pad = "    " * indent
    form = rng.randint(0, 5 if depth < 2 else 2)
    if form == 0:
        return "%s%s %s = %s;" % (pad, rng.choice(["int", "float", "char*"]), rng.choice(["a", "b", "tmp", "value"]), c_expr(rng))
    if form == 1:
        return "%s%s %s %s;" % (pad, rng.choice(["i", "total", "count"]), rng.choice(["=", "+=", "-="]), c_expr(rng))
    if form == 2:
        return "%sreturn %s;" % (pad, c_expr(rng))
    body = "\n".join(c_stmt(rng, indent + 1, depth + 1) for _ in range(rng.randint(1, 3)))
    if form == 3:
        return "%sif (%s) {\n%s\n%s}" % (pad, c_expr(rng), body, pad)
    if form == 4:
        return "%swhile (%s) {\n%s\n%s}" % (pad, c_expr(rng), body, pad)
    return "%sfor (i = 0; i < %s; i += 1) {\n%s\n%s}" % (pad, c_expr(rng), body, pad)


def c_program(rng):
    out = []
    for k in range(6):
        params = ", ".join("%s %s" % (rng.choice(["int", "float", "char*"]), p)
                           for p in ["x", "y", "z"][:rng.randint(0, 3)])
        body = "\n".join(c_stmt(rng, 1) for _ in range(rng.randint(3, 6)))
        out.append("// function %d\n%s fn_%d(%s) {\n%s\n}\n" % (k, rng.choice(["int", "void", "float"]), k, params, body))
    return "\n".join(out)


def arithmetic(rng, depth=0):
    if depth > 3 or rng.random() < 0.35:
        return rng.choice([str(rng.randint(0, 9999)), "%d.%d" % (rng.randint(0, 99), rng.randint(0, 999)),
                           "-" + str(rng.randint(1, 50))])
    if rng.random() < 0.3:
        return "(%s)" % arithmetic(rng, depth + 1)
    return "%s %s %s" % (arithmetic(rng, depth + 1), rng.choice("+-*/"), arithmetic(rng, depth + 1))


def dump(path, value, indent=2, compact=False):
    with open(path, "w", encoding="utf-8") as f:
        if compact:
            f.write(json.dumps(value, ensure_ascii=False, separators=(",", ":")))
        else:
            f.write(json.dumps(value, ensure_ascii=False, indent=indent))


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "test/data/grammar-bench")
    os.makedirs(out, exist_ok=True)
    rng = random.Random(20261130)
    doc = big_document(rng)
    dump(os.path.join(out, "doc-pretty.json"), doc)
    dump(os.path.join(out, "doc-compact.json"), doc, compact=True)
    with open(os.path.join(root, PERSON), encoding="utf-8") as f:
        person = json.load(f)
    pairs = [("person", person, person_doc), ("order", ORDER_SCHEMA, order_doc),
             ("events", EVENTS_SCHEMA, events_doc), ("tree", TREE_SCHEMA, tree_doc),
             ("config", CONFIG_SCHEMA, config_doc)]
    for name, schema, make in pairs:
        dump(os.path.join(out, name + ".schema.json"), schema)
        dump(os.path.join(out, name + ".doc.json"), make(random.Random(name)))
    with open(os.path.join(out, "program.c"), "w", encoding="utf-8") as f:
        f.write(c_program(random.Random("c")))
    rng = random.Random("arithmetic")
    with open(os.path.join(out, "arithmetic.txt"), "w", encoding="utf-8") as f:
        f.write(" + ".join(arithmetic(rng) for _ in range(120)))


if __name__ == "__main__":
    main()
