"""deploy/k8s: every manifest is valid under `kubernetes-validate --strict`, the production overlay renders
to valid manifests, and the operational promises hold (one beat, probes, non-root read-only containers)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

K8S = Path(__file__).resolve().parents[2] / "deploy" / "k8s"
BASE, PRODUCTION = K8S / "base", K8S / "overlays" / "production"
VALIDATOR = Path(sys.executable).parent / "kubernetes-validate"
IMAGE = "ghcr.io/fitnesscrm/fitnesscrm"
ROLES = {
    "fitnesscrm-web": "web",
    "fitnesscrm-worker": "worker",
    "fitnesscrm-beat": "beat",
    "fitnesscrm-migrate": "migrate",
}


def manifest_files() -> list[Path]:
    return sorted(p for p in K8S.rglob("*.yaml") if p.name != "kustomization.yaml")


def _kustomization(directory: Path) -> dict[str, Any]:
    return yaml.safe_load((directory / "kustomization.yaml").read_text())


def base_docs() -> list[dict[str, Any]]:
    return [yaml.safe_load((BASE / name).read_text()) for name in _kustomization(BASE)["resources"]]


def _by(docs: list[dict[str, Any]], kind: str, name: str) -> dict[str, Any]:
    return next(d for d in docs if d["kind"] == kind and d["metadata"]["name"] == name)


def _pod_specs(docs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {d["metadata"]["name"]: d["spec"]["template"]["spec"] for d in docs if d["kind"] in {"Deployment", "Job"}}


def _app_pod_specs(docs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {name: spec for name, spec in _pod_specs(docs).items() if name != "fitnesscrm-pgbouncer"}


def _validate(paths: list[Path]) -> None:
    assert VALIDATOR.exists(), f"{VALIDATOR} missing: `uv sync` installs kubernetes-validate"
    result = subprocess.run([str(VALIDATOR), "--strict", *map(str, paths)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert lines
    assert all(line.startswith("INFO") and " passed for resource " in line for line in lines), result.stdout


def test_every_manifest_file_is_valid_strict() -> None:
    files = manifest_files()
    assert {p.name for p in files} >= {
        "web-deployment.yaml",
        "worker-deployment.yaml",
        "beat-deployment.yaml",
        "migrate-job.yaml",
        "web-service.yaml",
        "ingress.yaml",
        "web-hpa.yaml",
        "worker-hpa.yaml",
        "web-pdb.yaml",
        "configmap.yaml",
    }
    _validate(files)


def test_kustomization_lists_every_base_manifest_and_is_namespace_free() -> None:
    kustomization = _kustomization(BASE)
    assert "namespace" not in kustomization
    assert sorted(kustomization["resources"]) == sorted(
        p.name for p in BASE.glob("*.yaml") if p.name != "kustomization.yaml"
    )
    assert all("namespace" not in d["metadata"] for d in base_docs())


def test_beat_is_a_single_replica_recreated_never_autoscaled() -> None:
    docs = base_docs()
    beat = _by(docs, "Deployment", "fitnesscrm-beat")
    assert beat["spec"]["replicas"] == 1
    assert beat["spec"]["strategy"] == {"type": "Recreate"}
    hpa_targets = {d["spec"]["scaleTargetRef"]["name"] for d in docs if d["kind"] == "HorizontalPodAutoscaler"}
    assert hpa_targets == {"fitnesscrm-web", "fitnesscrm-worker"}
    assert all(d["apiVersion"] == "autoscaling/v2" for d in docs if d["kind"] == "HorizontalPodAutoscaler")
    assert "fitnesscrm-beat" not in str(_kustomization(PRODUCTION).get("patches", ""))


def test_web_probes_rollout_and_disruption_budget() -> None:
    docs = base_docs()
    web = _by(docs, "Deployment", "fitnesscrm-web")
    assert web["spec"]["replicas"] == 2
    assert web["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
    container = web["spec"]["template"]["spec"]["containers"][0]
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    labels = web["spec"]["template"]["metadata"]["labels"]
    pdb = _by(docs, "PodDisruptionBudget", "fitnesscrm-web")
    assert pdb["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert pdb["spec"]["minAvailable"] == 1
    service = _by(docs, "Service", "fitnesscrm-web")
    assert service["spec"]["selector"].items() <= labels.items()
    ingress = _by(docs, "Ingress", "fitnesscrm")
    backend = ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend["name"] == "fitnesscrm-web"
    assert ingress["spec"]["tls"]


def test_every_container_is_non_root_read_only_and_configured() -> None:
    specs = _app_pod_specs(base_docs())
    assert set(specs) == set(ROLES)
    for name, spec in specs.items():
        assert spec["securityContext"]["runAsNonRoot"] is True, name
        assert spec["automountServiceAccountToken"] is False, name
        volumes = {v["name"]: v for v in spec["volumes"]}
        for container in spec["containers"]:
            security = container["securityContext"]
            assert security["runAsNonRoot"] is True, name
            assert security["readOnlyRootFilesystem"] is True, name
            assert security["allowPrivilegeEscalation"] is False, name
            assert security["capabilities"]["drop"] == ["ALL"], name
            assert container["image"] == f"{IMAGE}:latest", name
            assert container["args"][0] == ROLES[name], name
            assert {"requests", "limits"} <= container["resources"].keys(), name
            refs = {next(iter(ref)): next(iter(ref.values()))["name"] for ref in container["envFrom"]}
            assert refs == {"configMapRef": "fitnesscrm-config", "secretRef": "fitnesscrm-secrets"}, name
            tmp = next(m for m in container["volumeMounts"] if m["mountPath"] == "/tmp")
            assert "emptyDir" in volumes[tmp["name"]], name


def test_migration_job_runs_once_without_restarts() -> None:
    job = _by(base_docs(), "Job", "fitnesscrm-migrate")
    assert job["spec"]["template"]["spec"]["restartPolicy"] == "Never"
    assert job["spec"]["template"]["spec"]["containers"][0]["args"] == ["migrate"]


def _apply_replace_ops(doc: dict[str, Any], ops: list[dict[str, Any]]) -> None:
    for op in ops:
        assert op["op"] == "replace", "the overlay test understands `replace` only"
        *parents, last = [int(p) if p.isdigit() else p for p in op["path"].strip("/").split("/")]
        target: Any = doc
        for key in parents:
            target = target[key]
        exists = last in target if isinstance(target, dict) else 0 <= last < len(target)
        assert exists, f"`replace` of a missing member: {op['path']}"
        target[last] = op["value"]


def test_production_overlay_patches_apply_and_render_valid(tmp_path: Path) -> None:
    overlay = _kustomization(PRODUCTION)
    assert overlay["namespace"] == "fitnesscrm"
    tag = next(i["newTag"] for i in overlay["images"] if i["name"] == IMAGE)
    assert tag != "latest"
    docs = base_docs()
    for patch in overlay["patches"]:
        target = _by(docs, patch["target"]["kind"], patch["target"]["name"])
        _apply_replace_ops(target, yaml.safe_load(patch["patch"]))
    for doc in docs:
        doc["metadata"]["namespace"] = overlay["namespace"]
        for spec in _app_pod_specs([doc]).values():
            for container in spec["containers"]:
                container["image"] = f"{IMAGE}:{tag}"
    assert _by(docs, "Deployment", "fitnesscrm-beat")["spec"]["replicas"] == 1
    assert _by(docs, "Deployment", "fitnesscrm-web")["spec"]["replicas"] >= 2
    rendered = tmp_path / "production.yaml"
    rendered.write_text(yaml.safe_dump_all(docs, sort_keys=False))
    _validate([rendered])


def test_pgbouncer_sits_between_every_app_pod_and_postgresql() -> None:
    docs = base_docs()
    config = _by(docs, "ConfigMap", "fitnesscrm-config")["data"]
    assert config["FITNESSCRM_DB_TRANSACTION_POOLING"] == "true"
    bouncer = _by(docs, "Deployment", "fitnesscrm-pgbouncer")
    assert bouncer["spec"]["replicas"] >= 2
    assert bouncer["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
    spec = bouncer["spec"]["template"]["spec"]
    labels = bouncer["spec"]["template"]["metadata"]["labels"]
    assert spec["securityContext"]["runAsNonRoot"] is True
    assert spec["automountServiceAccountToken"] is False
    [container] = spec["containers"]
    assert container["image"] == "ghcr.io/fitnesscrm/pgbouncer:latest"
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    assert container["securityContext"]["capabilities"]["drop"] == ["ALL"]
    assert container["readinessProbe"]["tcpSocket"]["port"] == "postgres"
    mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
    volumes = {v["name"]: v for v in spec["volumes"]}
    assert volumes[mounts["/etc/pgbouncer"]]["configMap"]["name"] == "fitnesscrm-pgbouncer"
    assert volumes[mounts["/run/secrets"]]["secret"]["items"] == [{"key": "db_password", "path": "db_password"}]
    assert "emptyDir" in volumes[mounts["/run/pgbouncer"]]
    ini = _by(docs, "ConfigMap", "fitnesscrm-pgbouncer")["data"]["pgbouncer.ini"]
    assert "pool_mode = transaction" in ini
    assert "listen_port = 6432" in ini
    service = _by(docs, "Service", "fitnesscrm-pgbouncer")
    assert service["spec"]["selector"].items() <= labels.items()
    assert service["spec"]["ports"][0]["port"] == 6432
    assert _by(docs, "PodDisruptionBudget", "fitnesscrm-pgbouncer")["spec"]["minAvailable"] == 1
    overlay = _kustomization(PRODUCTION)
    assert next(i["newTag"] for i in overlay["images"] if i["name"] == "ghcr.io/fitnesscrm/pgbouncer") != "latest"
