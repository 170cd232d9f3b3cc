"""Reading a Burrow-style REST API (Burrow's or warren's) from the scenario drivers
(lib/status_scenario.py, burrow/scenario.py). Imported like lib/mock_driver.py."""

import json
import urllib.error
import urllib.parse
import urllib.request


def get_json(url, timeout=5):
    """(HTTP status or None, parsed JSON body or None): an error status keeps its JSON body."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as e:
        try:
            return e.code, json.loads(e.read())
        except ValueError:
            return e.code, None
    except (OSError, ValueError):
        return None, None


def group_path(cluster, group):
    return f"/v3/kafka/{cluster}/consumer/{urllib.parse.quote(group, safe='')}"


def topic_offsets_check(get, cluster, topics, targets):
    """(done, detail): every topic's /topic/<topic> offsets equal targets[(topic, partition)].
    get(path) -> (status, body); topics: {topic: partition count}."""
    for topic, partitions in topics.items():
        status, body = get(f"/v3/kafka/{cluster}/topic/{topic}")
        if status != 200 or not body:
            return False, f"{topic}: HTTP {status}"
        want = [targets[(topic, p)] for p in range(partitions)]
        if body.get("offsets") != want:
            return False, f"{topic}: offsets {body.get('offsets')}, want {want}"
    return True, ""
