"""Synthetic JSON documents for the default models' corpus.

Structured output is what decc constrains, so the shipped models should have
seen plenty of it: records with names, numbers, dates, booleans, nulls and
nested arrays, chat transcripts and tool calls, in several layouts (compact,
indented, JSON Lines). Everything is drawn from one `random.Random`, so a seed
fixes the documents exactly. Standard library only: it runs under any Python 3.
"""

import json
import random
import string

FIRST = ("Alice Bob Carla Dmitri Elena Farid Grace Hiro Ines Jonas Kemal Lena Mateo "
         "Nadia Oskar Priya Quentin Rosa Sven Tariq Uma Viktor Wen Ximena Yusuf Zoe").split()
LAST = ("Adams Becker Costa Dubois Evans Fischer Garcia Hansen Ivanova Jensen Kowalski "
        "Larsen Moreau Nakamura Okafor Petrov Quinn Rossi Schmidt Tanaka Ueda Varga "
        "Weber Xu Yilmaz Zimmermann").split()
CITIES = ("Berlin Lisbon Nairobi Osaka Toronto Lima Oslo Madrid Seoul Austin Lyon "
          "Krakow Dublin Porto Zurich Denver Hanoi Quito").split()
COUNTRIES = ("DE PT KE JP CA PE NO ES KR US FR PL IE CH VN EC").split()
WORDS = ("data model token cache stream batch schema layer vector graph queue index "
         "report budget invoice order ticket sensor device cluster region account "
         "project release build test policy user session event metric alert").split()
ADJ = ("fast small large blue green quiet stable legacy remote local primary "
       "secondary active archived public private").split()
PRODUCTS = ("keyboard monitor laptop headset cable router speaker charger tablet "
            "camera printer microphone adapter backpack lamp").split()
TAGS = ("urgent billing backend frontend infra docs security research ops "
        "mobile ml beta internal customer").split()
STATUSES = ("pending active shipped delivered cancelled failed ok open closed "
            "in_progress resolved").split()
TOPICS = ("the quarterly sales report", "a Python function that parses dates",
          "the weather in {city}", "my order {order}", "the difference between lists and tuples",
          "a recipe with lentils", "how to reset my password", "the meeting on {date}",
          "an email to {name}", "the JSON schema for a user profile", "sorting a list of dicts",
          "the train schedule to {city}", "a summary of the incident report")
ASKS = ("Can you help me with {t}?", "Please write {t}.", "What do you know about {t}?",
        "I need a short answer about {t}.", "Explain {t} in two sentences.",
        "Could you check {t} for me?")
REPLIES = ("Sure. Here is a short overview of {t}.", "Of course! {t} is ready.",
           "I looked into {t}; the main points are listed below.",
           "Here you go: {t} in a few lines.", "I could not find {t}, could you give more details?",
           "Done. Let me know if {t} needs changes.")
SYSTEMS = ("You are a helpful assistant.", "You are a concise assistant that answers in JSON.",
           "You are a coding assistant.", "Answer briefly and politely.")
TOOLS = {
    "get_weather": lambda r: {"city": r.choice(CITIES), "unit": r.choice(["celsius", "fahrenheit"])},
    "search_web": lambda r: {"query": " ".join(r.sample(WORDS, r.randint(1, 4))),
                             "max_results": r.randint(1, 20)},
    "send_email": lambda r: {"to": email(r), "subject": sentence(r, 3, 7),
                             "body": sentence(r, 6, 16)},
    "create_event": lambda r: {"title": sentence(r, 2, 5), "date": date(r), "time": clock(r),
                               "attendees": [email(r) for _ in range(r.randint(1, 4))]},
    "lookup_order": lambda r: {"order_id": order_id(r), "include_items": r.random() < 0.5},
    "convert_currency": lambda r: {"amount": money(r), "from": r.choice(["EUR", "USD", "JPY", "GBP"]),
                                   "to": r.choice(["EUR", "USD", "JPY", "GBP"])},
    "run_sql": lambda r: {"query": f"SELECT {r.choice(WORDS)}, count(*) FROM {r.choice(WORDS)}s "
                                   f"GROUP BY 1 LIMIT {r.randint(1, 100)}"},
}


def name(r):
    return f"{r.choice(FIRST)} {r.choice(LAST)}"


def email(r):
    return f"{r.choice(FIRST).lower()}.{r.choice(LAST).lower()}@{r.choice(['example.com', 'mail.org', 'corp.net'])}"


def date(r):
    return f"{r.randint(1990, 2030):04d}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"


def clock(r):
    return f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}"


def timestamp(r):
    return f"{date(r)}T{clock(r)}:{r.randint(0, 59):02d}Z"


def money(r):
    return round(r.uniform(0.5, 5000), 2)


def order_id(r):
    return f"ORD-{r.randint(10000, 99999)}"


def uuid(r):
    h = "".join(r.choice("0123456789abcdef") for _ in range(32))
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def sentence(r, lo, hi):
    words = [r.choice(WORDS + ADJ + PRODUCTS) for _ in range(r.randint(lo, hi))]
    return " ".join(words).capitalize()


def topic(r):
    return r.choice(TOPICS).format(city=r.choice(CITIES), order=order_id(r), date=date(r), name=name(r))


def person(r):
    p = {"id": r.randint(1, 99999), "name": name(r), "email": email(r),
         "age": r.randint(18, 90), "active": r.random() < 0.7,
         "address": {"city": r.choice(CITIES), "country": r.choice(COUNTRIES),
                     "zip": "".join(r.choice(string.digits) for _ in range(5))},
         "tags": r.sample(TAGS, r.randint(0, 4)), "created": date(r)}
    if r.random() < 0.3:
        p["manager"] = None
    if r.random() < 0.3:
        p["scores"] = [round(r.uniform(0, 100), 1) for _ in range(r.randint(1, 6))]
    return p


def order(r):
    items = [{"sku": f"{r.choice(PRODUCTS)[:3].upper()}-{r.randint(100, 999)}",
              "product": r.choice(PRODUCTS), "quantity": r.randint(1, 9),
              "unit_price": money(r)} for _ in range(r.randint(1, 5))]
    return {"order_id": order_id(r), "customer": name(r), "status": r.choice(STATUSES),
            "items": items, "total": round(sum(i["quantity"] * i["unit_price"] for i in items), 2),
            "currency": r.choice(["EUR", "USD", "JPY", "GBP"]), "paid": r.random() < 0.8,
            "placed_at": timestamp(r)}


def product(r):
    return {"name": f"{r.choice(ADJ).capitalize()} {r.choice(PRODUCTS)}", "price": money(r),
            "in_stock": r.random() < 0.6, "stock": r.randint(0, 500),
            "dimensions": {"w": r.randint(1, 80), "h": r.randint(1, 80), "d": r.randint(1, 80)},
            "colors": r.sample(["black", "white", "red", "blue", "green", "silver"], r.randint(1, 3)),
            "rating": round(r.uniform(1, 5), 1)}


def event(r):
    return {"event": r.choice(["login", "logout", "purchase", "error", "deploy", "alert"]),
            "user_id": r.randint(1, 5000), "ts": timestamp(r), "ok": r.random() < 0.85,
            "latency_ms": r.randint(1, 3000), "region": f"{r.choice(['eu', 'us', 'ap'])}-{r.randint(1, 3)}"}


def config(r):
    return {"version": f"{r.randint(0, 5)}.{r.randint(0, 20)}.{r.randint(0, 9)}",
            "debug": r.random() < 0.3,
            "server": {"host": r.choice(["localhost", "0.0.0.0", "api.example.com"]),
                       "port": r.choice([80, 443, 8080, 5000, 3000]), "workers": r.randint(1, 32)},
            "database": {"url": f"postgres://{r.choice(WORDS)}:5432/{r.choice(WORDS)}",
                         "pool_size": r.randint(1, 50), "timeout_s": round(r.uniform(0.5, 30), 1)},
            "features": {w: r.random() < 0.5 for w in r.sample(WORDS, r.randint(1, 4))}}


def api_response(r):
    kind = r.choice([person, product, event])
    n = r.randint(1, 4)
    return {"status": r.choice([200, 200, 200, 201, 404, 500]), "request_id": uuid(r),
            "data": [kind(r) for _ in range(n)],
            "page": {"number": r.randint(1, 20), "size": n, "has_more": r.random() < 0.5}}


def chat(r):
    msgs = []
    if r.random() < 0.6:
        msgs.append({"role": "system", "content": r.choice(SYSTEMS)})
    for _ in range(r.randint(1, 3)):
        t = topic(r)
        msgs.append({"role": "user", "content": r.choice(ASKS).format(t=t)})
        msgs.append({"role": "assistant", "content": r.choice(REPLIES).format(t=t)})
    return {"messages": msgs} if r.random() < 0.5 else msgs


def tool_call(r):
    fn = r.choice(sorted(TOOLS))
    call = {"name": fn, "arguments": TOOLS[fn](r)}
    style = r.random()
    if style < 0.4:
        return call
    if style < 0.7:
        return {"tool_calls": [{"id": f"call_{r.randint(1000, 9999)}", "type": "function",
                                "function": call}]}
    return [{"role": "user", "content": r.choice(ASKS).format(t=topic(r))},
            {"role": "assistant", "content": None, "tool_calls": [call]},
            {"role": "tool", "name": fn, "content": json.dumps({"result": r.choice(STATUSES)})}]


KINDS = (person, order, product, event, config, api_response, chat, tool_call)


def document(r):
    """One JSON document in a random layout."""
    layout = r.random()
    if layout < 0.15:
        return "\n".join(json.dumps(event(r) if r.random() < 0.5 else r.choice(KINDS)(r))
                         for _ in range(r.randint(2, 8)))
    value = r.choice(KINDS)(r)
    if layout < 0.45:
        return json.dumps(value, separators=(",", ":") if r.random() < 0.5 else None)
    return json.dumps(value, indent=r.choice([2, 2, 4]), sort_keys=r.random() < 0.2)
