"""The OpenAPI schema: valid (drf-spectacular --validate, no warning), every operation documents
its auth schemes and error body, examples are present."""

import io

import pytest
import yaml
from django.core.management import call_command


@pytest.fixture(scope="module")
def schema(tmp_path_factory):
    path = tmp_path_factory.mktemp("schema") / "schema.yaml"
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(path), stdout=io.StringIO()
    )
    return yaml.safe_load(path.read_text())


def test_the_schema_validates_without_warnings(schema):
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Cyclotroc partner API"


def test_every_operation_declares_the_partner_key_and_the_error_body(schema):
    count = 0
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            count += 1
            assert {"partnerKey": []} in operation["security"], (method, path)
            for status in ("401", "403", "404", "429"):
                content = operation["responses"][status]["content"]["application/json"]
                assert content["schema"] == {"$ref": "#/components/schemas/Error"}, (method, path)
            if method in ("post", "patch"):
                assert "413" in operation["responses"], (method, path)
    assert count >= 35


def test_the_schema_carries_examples_and_the_idempotency_header(schema):
    create = schema["paths"]["/api/v1/transfers/"]["post"]
    header = next(p for p in create["parameters"] if p["name"] == "Idempotency-Key")
    assert header["in"] == "header" and header["required"] is True
    assert "Idempotent-Replayed" in create["responses"]["201"]["headers"]
    assert create["requestBody"]["content"]["application/json"]["examples"]
    error = schema["components"]["schemas"]["Error"]
    assert {"code", "message", "fields"} <= set(error["properties"])
    scheme = schema["components"]["securitySchemes"]["partnerKey"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
