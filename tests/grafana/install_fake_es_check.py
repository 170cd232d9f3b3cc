#!/usr/bin/env python3
"""elasticsearch/install.sh against stand-ins for Elasticsearch 8 and for OpenSearch with ISM
(ctest "unit: elasticsearch install.sh").

    python3 tests/grafana/install_fake_es_check.py [REPO_ROOT]

No Elasticsearch with ILM and no OpenSearch ISM plugin can be installed from the registries the
tests may use, and the minimal OpenSearch of tests/e2e/opensearch_grafana_test.sh has no ISM. So
this checks those branches of the script against small servers that answer only the calls
install.sh makes, in the shapes Elasticsearch 8 documents (GET /, _ilm/policy,
_component_template, _index_template: settings echoed as strings, defaults added to actions) and
OpenSearch's ISM API (_plugins/_ism/policies: its own keys, retry blocks, updates only with
if_seq_no/if_primary_term). Checked: the right objects go to the right endpoints in order, a
second run changes nothing, --retention and --dry-run, and the flag/distribution mismatch.
"""

import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e", "lib"))
from results import check, summary  # noqa: E402

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", ".."))
INSTALL = os.path.join(ROOT, "elasticsearch", "install.sh")

store = {}
puts = []
flavor = {"name": "elasticsearch", "seq_no": 0}


def stringify(v):
    if isinstance(v, dict):
        return {k: stringify(x) for k, x in v.items()}
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    return v


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        path = self.path.split("?")[0]
        if path == "/":
            if flavor["name"] == "opensearch":
                return self.reply(200, {"name": "os-0", "version": {"distribution": "opensearch", "number": "2.19.6"}})
            return self.reply(200, {"name": "es-0", "version": {"number": "8.15.0", "build_flavor": "default"},
                                    "tagline": "You Know, for Search"})
        if path.startswith("/_ilm/") and flavor["name"] == "opensearch":
            return self.reply(400, {"error": "no handler found for uri [%s] and method [GET]" % path})
        if path not in store:
            return self.reply(404, {"error": {"type": "resource_not_found_exception"}, "status": 404})
        kind, name = path.strip("/").split("/", 1)
        body = json.loads(json.dumps(store[path]))
        if kind == "_plugins":
            # OpenSearch's ISM adds its own keys, and a retry block to every action.
            policy = body["policy"]
            policy.update({"policy_id": "warren", "last_updated_time": 1, "schema_version": 21,
                           "error_notification": None})
            for state in policy["states"]:
                for action in state["actions"]:
                    action["retry"] = {"count": 3, "backoff": "exponential", "delay": "1m"}
            policy["ism_template"][0]["last_updated_time"] = 1
            return self.reply(200, {"_id": "warren", "_version": flavor["seq_no"] + 1, "_seq_no": flavor["seq_no"],
                                    "_primary_term": 1, "policy": policy})
        if kind == "_ilm":
            policy = body["policy"]
            # Elasticsearch fills in defaults of the delete action.
            policy["phases"]["delete"]["actions"]["delete"] = {"delete_searchable_snapshot": True}
            return self.reply(200, {name.split("/")[-1]: {"version": 3, "modified_date": "2026-11-28T00:00:00Z",
                                                          "policy": policy, "in_use_by": {"indices": []}}})
        if kind == "_component_template":
            if "settings" in body.get("template", {}):
                body["template"]["settings"] = stringify(body["template"]["settings"])
            return self.reply(200, {"component_templates": [{"name": name, "component_template": body}]})
        if kind == "_index_template":
            return self.reply(200, {"index_templates": [{"name": name, "index_template": body}]})
        return self.reply(400, {"error": "no handler found"})

    def do_PUT(self):
        path, _, query = self.path.partition("?")
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if path.startswith("/_plugins/_ism/") and path in store:
            # ISM replaces a policy only with the sequence number and primary term it has now.
            if query != f"if_seq_no={flavor['seq_no']}&if_primary_term=1":
                return self.reply(409, {"error": {"type": "version_conflict_engine_exception"}, "status": 409})
            flavor["seq_no"] += 1
        if path.startswith("/_component_template/") and "lifecycle" in json.dumps(body):
            # The Elasticsearch lifecycle component needs the policy to be known first in this order.
            assert "/_ilm/policy/warren" in store, "component written before the ILM policy"
        store[path] = body
        puts.append(path)
        self.reply(200, {"acknowledged": True})


def install(url, *args):
    r = subprocess.run(["bash", INSTALL, url, *args], capture_output=True, text=True, timeout=60)
    return r.returncode, r.stdout + r.stderr


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
url = f"http://127.0.0.1:{server.server_address[1]}"
try:
    rc, out = install(url)
    check("first run exits 0", rc == 0, out)
    check("first run creates the ILM policy, three component templates and the index template",
          out.count(": created") == 5 and "ILM policy warren (delete after 30 days): created" in out, out)
    check("writes go to _ilm/policy, _component_template, _index_template in that order",
          puts == ["/_ilm/policy/warren", "/_component_template/warren-settings",
                   "/_component_template/warren-lifecycle", "/_component_template/warren-mappings",
                   "/_index_template/warren"], str(puts))
    lifecycle = store.get("/_component_template/warren-lifecycle", {})
    check("Elasticsearch gets the lifecycle component that names ILM policy warren",
          lifecycle.get("template", {}).get("settings", {}).get("index", {}).get("lifecycle", {}).get("name") == "warren")
    check("ILM delete phase at 30d by default",
          store["/_ilm/policy/warren"]["policy"]["phases"]["delete"]["min_age"] == "30d")

    puts.clear()
    rc, out = install(url)
    check("second run changes nothing (string settings and server defaults are not differences)",
          rc == 0 and "done: 0 object(s) changed" in out and not puts, out)

    puts.clear()
    rc, out = install(url, "--retention", "7", "--dry-run")
    check("--dry-run with another retention names the policy and writes nothing",
          rc == 0 and "ILM policy warren (delete after 7 days): would be updated" in out and not puts, out)
    puts.clear()
    rc, out = install(url, "--retention", "7")
    check("--retention 7 updates only the ILM policy to min_age 7d",
          rc == 0 and puts == ["/_ilm/policy/warren"] and
          store["/_ilm/policy/warren"]["policy"]["phases"]["delete"]["min_age"] == "7d", out)

    rc, out = install(url, "--opensearch")
    check("--opensearch is refused on Elasticsearch", rc != 0 and "not OpenSearch" in out, out)
    rc, out = install(url, "--retention", "0")
    check("--retention 0 is refused", rc != 0, out)

    # The same for OpenSearch with the index-management plugin (ISM).
    store.clear()
    puts.clear()
    flavor["name"] = "opensearch"
    rc, out = install(url, "--opensearch")
    check("OpenSearch with ISM: first run creates the ISM policy and the templates",
          rc == 0 and "ISM policy warren (delete after 30 days): created" in out and out.count(": created") == 5, out)
    check("OpenSearch gets the lifecycle component without index.lifecycle settings",
          "lifecycle" not in json.dumps(store["/_component_template/warren-lifecycle"]["template"]))
    puts.clear()
    rc, out = install(url, "--opensearch")
    check("OpenSearch with ISM: second run changes nothing (ISM's own keys and retry blocks ignored)",
          rc == 0 and "done: 0 object(s) changed" in out and not puts, out)
    rc, out = install(url, "--opensearch", "--retention", "14")
    delete_after = [t["conditions"]["min_index_age"] for st in store["/_plugins/_ism/policies/warren"]["policy"]["states"]
                    for t in st["transitions"]]
    check("OpenSearch with ISM: --retention 14 replaces the policy with if_seq_no/if_primary_term",
          rc == 0 and "ISM policy warren (delete after 14 days): updated" in out and delete_after == ["14d"], out)
finally:
    server.shutdown()

sys.exit(summary())
