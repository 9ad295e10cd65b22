#!/bin/sh
# samples/kubernetes/ipmerge-watchdog.yaml has what a DaemonSet needs to
# run the watchdog on every node: apps/v1 DaemonSet, a selector that
# matches the pod template's labels, hostNetwork, NET_ADMIN, tolerations
# for every taint, each volume mount backed by a volume, the layers from a
# ConfigMap of the same file whose keys are the files the container reads
# (and that ipmerge --check accepts), and the iptables lock from the host.
# Offline: python3 with PyYAML (Debian package python3-yaml).
. "$top_srcdir/tests/lib.sh"
command -v python3 >/dev/null 2>&1 || skip "python3 not installed"
python3 -c 'import yaml' 2>/dev/null || skip "PyYAML not installed (Debian package python3-yaml)"
tmpdir_setup
manifest=$top_srcdir/samples/kubernetes/ipmerge-watchdog.yaml

python3 - "$manifest" "$TMPD" <<'EOF2' || fail "the DaemonSet manifest lacks something (above)"
import os, sys, yaml

path, tmp = sys.argv[1], sys.argv[2]
docs = [d for d in yaml.safe_load_all(open(path)) if d is not None]
problems = []
def need(cond, what):
    if not cond:
        problems.append(what)

sets = [d for d in docs if d.get("kind") == "DaemonSet"]
maps = {d["metadata"]["name"]: d for d in docs if d.get("kind") == "ConfigMap"}
need(len(sets) == 1, "one DaemonSet")
ds = sets[0] if sets else {}
need(ds.get("apiVersion") == "apps/v1", "apiVersion apps/v1")
spec = ds.get("spec", {})
tmpl = spec.get("template", {})
labels = tmpl.get("metadata", {}).get("labels", {}) or {}
match = spec.get("selector", {}).get("matchLabels", {}) or {}
need(match and all(labels.get(k) == v for k, v in match.items()),
     "spec.selector.matchLabels matching the template's labels")
pod = tmpl.get("spec", {})
need(pod.get("hostNetwork") is True, "hostNetwork: true")
need(any(t.get("operator") == "Exists" and "key" not in t
         for t in pod.get("tolerations", []) or []),
     "a toleration of every taint (operator: Exists, no key)")
volumes = {v["name"]: v for v in pod.get("volumes", []) or []}
containers = pod.get("containers", []) or []
need(len(containers) >= 1, "a container")
for c in containers:
    caps = (c.get("securityContext", {}) or {}).get("capabilities", {}) or {}
    need("NET_ADMIN" in (caps.get("add") or []), c["name"] + ": NET_ADMIN")
    need(c.get("image"), c["name"] + ": an image")
    mounts = c.get("volumeMounts", []) or []
    for m in mounts:
        need(m["name"] in volumes, "%s: volume %s for mount %s" % (c["name"], m["name"], m["mountPath"]))
    words = (c.get("command") or []) + (c.get("args") or [])
    need(any(w.endswith("ipmerge-watchdog") for w in words), c["name"] + ": runs ipmerge-watchdog")
    # the layers: files under a ConfigMap's mount, keys of that ConfigMap
    layers = [w for w in words if w.endswith(".rules")]
    need(layers, c["name"] + ": a layer file in the arguments")
    for layer in layers:
        found = False
        for m in mounts:
            v = volumes.get(m["name"], {})
            if "configMap" in v and os.path.dirname(layer) == m["mountPath"].rstrip("/"):
                cm = maps.get(v["configMap"]["name"])
                need(cm is not None, "ConfigMap %s in the same file" % v["configMap"]["name"])
                if cm is not None:
                    key = os.path.basename(layer)
                    need(key in cm.get("data", {}), "key %s in ConfigMap %s" % (key, cm["metadata"]["name"]))
                    if key in cm.get("data", {}):
                        with open(os.path.join(tmp, key), "w") as f:
                            f.write(cm["data"][key])
                found = True
        need(found, "%s: %s under a ConfigMap mount" % (c["name"], layer))
    lock = [m for m in mounts if m["mountPath"] == "/run/xtables.lock"]
    need(lock and "hostPath" in volumes.get(lock[0]["name"], {}),
         c["name"] + ": /run/xtables.lock from the host (hostPath)")
for p in problems:
    print("missing: " + p)
sys.exit(1 if problems else 0)
EOF2
for layer in "$TMPD"/*.rules; do
  [ -e "$layer" ] || fail "no layer extracted from the ConfigMap"
  "$IPMERGE" --check "$layer" || fail "the ConfigMap's $(basename "$layer") does not pass ipmerge --check"
done
echo "kubernetes: the DaemonSet manifest has apps/v1, selector = template labels, hostNetwork, NET_ADMIN, tolerations, mounted volumes, the ConfigMap's layers"
