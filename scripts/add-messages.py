#!/usr/bin/env python3
"""Adds messages to one message group: add-messages.py GROUP file.json, where file.json is
{"key": {"en": "...", "es": "..."}}. Keeps every locale file of the group in step."""
import json, sys, os
group, src = sys.argv[1], sys.argv[2]
new = json.load(open(src))
os.makedirs(f"messages/{group}", exist_ok=True)
for loc in ("en", "es"):
    path = f"messages/{group}/{loc}.json"
    data = json.load(open(path)) if os.path.exists(path) else {"$schema": "https://inlang.com/schema/inlang-message-format"}
    for k, v in new.items():
        if loc not in v:
            sys.exit(f"{k}: missing {loc}")
        data[k] = v[loc]
    open(path, "w").write(json.dumps(data, ensure_ascii=False, indent="\t") + "\n")
