"""docs/openapi.yaml documents exactly the API the app serves."""

from __future__ import annotations

import re

import yaml

from feedback import PROJECT_ROOT


def spec() -> dict:
    return yaml.safe_load((PROJECT_ROOT / "docs" / "openapi.yaml").read_text(encoding="utf-8"))


def app_routes(app) -> set[tuple[str, str]]:
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1"):
            path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule)
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                routes.add((path, method.lower()))
    return routes


def test_every_api_route_is_documented_and_vice_versa(app):
    documented = {
        (path, method)
        for path, operations in spec()["paths"].items()
        for method in operations
        if method in ("get", "post", "put", "patch", "delete")
    }
    assert app_routes(app)
    assert documented == app_routes(app)


def test_spec_is_openapi_31_with_bearer_security_and_resolvable_refs():
    document = spec()
    assert document["openapi"].startswith("3.1")
    assert document["components"]["securitySchemes"]["bearerToken"]["scheme"] == "bearer"
    text = yaml.safe_dump(document)
    for ref in re.findall(r"#/components/([a-zA-Z]+)/([a-zA-Z]+)", text):
        assert ref[1] in document["components"][ref[0]], ref


def test_documented_path_parameters_exist_in_the_path():
    for path, operations in spec()["paths"].items():
        in_path = set(re.findall(r"{([a-z_]+)}", path))
        for operation in operations.values():
            names = {
                spec()["components"]["parameters"][p["$ref"].rsplit("/", 1)[1]]["name"]
                if "$ref" in p
                else p["name"]
                for p in operation.get("parameters", [])
            }
            assert in_path <= names, path
