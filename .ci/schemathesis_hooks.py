"""Schemathesis hooks of `.ci/schemathesis`: the credentials of each operation, and the
platform's conventions that openapi/helpdesk.yaml states, accepted where Schemathesis's
checks assume plain HTTP semantics.

Credentials. The fake server's values come from the `export LARK_...=...` lines that
`lark-helpdesk mock-server` prints (the script puts them in the environment). Each request
gets those of the first (preferred) alternative of its operation's `security`:

- `tenantAccessToken`: `Authorization: Bearer <tenant token>`, fetched from the server's
  own token endpoint (once: the server keeps it valid for 7200 s);
- `userAccessToken`: `Authorization: Bearer <LARK_USER_ACCESS_TOKEN>`;
- `helpdeskCredential`: `X-Lark-Helpdesk-Authorization: base64(helpdesk_id:helpdesk_token)`.

The token endpoint (`security: []`) gets none.

Conventions. Four built-in checks are replaced (`.ci/schemathesis.toml` turns them off) by a
check of the same name with `_as_documented` appended, which runs the built-in one and
lets through only the failures that are a convention the spec states, each answer being
the documented one (status and `code`), each named below where it is accepted; everything
else the built-in check finds still fails. A fifth, `ignored_auth`, runs as it is, told
that the platform refuses a token at HTTP 400 (see `_refuses_credentials`).
"""

import base64
import json
import os
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import requests

import schemathesis
from schemathesis.core.failures import AcceptedNegativeData
from schemathesis.openapi.checks import (
    MissingHeaderNotRejected,
    RejectedPositiveData,
    UnsupportedMethodResponse,
)
from schemathesis.specs.openapi import checks as builtin

SPEC_SCHEMES = {"tenantAccessToken": "tenant", "userAccessToken": "user"}
HELPDESK_SCHEME = "helpdeskCredential"

# The platform's token codes (the spec's BadRequest description): HTTP 400, not 401.
TOKEN_MISSING = 99991661
TOKEN_INVALID = 99991663


def env(name):
    value = os.environ.get(name)
    if not value:
        raise RuntimeError(f"{name} is not set: run through .ci/schemathesis")
    return value


# ---------------------------------------------------------------------------------------
# Reading the spec


def raw_spec(operation):
    return operation.schema.raw_schema


def security_of(raw_spec_doc, raw_operation):
    return raw_operation.get("security", raw_spec_doc.get("security", []))


def token_endpoint(raw_spec_doc):
    """Path of the operation that issues tenant tokens: the one of `security: []` that
    answers `tenant_access_token`."""
    for path, item in raw_spec_doc["paths"].items():
        for op in item.values():
            if isinstance(op, dict) and op.get("security") == [] and "token" in path:
                return path
    raise RuntimeError("the spec has no token endpoint")


def bad_request_code(raw_spec_doc):
    """`code` of the spec's BadRequest answer (154000)."""
    return raw_spec_doc["components"]["responses"]["BadRequest"]["content"]["application/json"][
        "example"
    ]["code"]


def operations(raw_spec_doc):
    for path, item in raw_spec_doc["paths"].items():
        for method, op in item.items():
            if isinstance(op, dict) and "operationId" in op:
                yield path, method, op


def getter_of(raw_spec_doc, path):
    """The GET operation naming the item a path is about: the longest path of a GET that
    is a prefix of `path` and ends with a parameter (`/tickets/{ticket_id}` for the
    messages of a ticket, `/categories/{id}` for a category). `(path, op)` or None."""
    best = None
    for candidate, method, op in operations(raw_spec_doc):
        if (
            method == "get"
            and candidate.endswith("}")
            and (path == candidate or path.startswith(candidate + "/"))
            and (best is None or len(candidate) > len(best[0]))
        ):
            best = (candidate, op)
    return best


# ---------------------------------------------------------------------------------------
# Credentials


class Credentials:
    """The fake server's credentials, and the headers an operation's `security` asks for."""

    def __init__(self):
        self.tenant_token = None

    def fetch_tenant_token(self, raw_spec_doc):
        answer = requests.post(
            env("LARK_BASE_URL") + token_endpoint(raw_spec_doc),
            json={"app_id": env("LARK_APP_ID"), "app_secret": env("LARK_APP_SECRET")},
            timeout=10,
        ).json()
        if answer.get("code") != 0 or not answer.get("tenant_access_token"):
            raise RuntimeError(f"no tenant access token: {answer}")
        self.tenant_token = answer["tenant_access_token"]
        return self.tenant_token

    def headers(self, raw_spec_doc, raw_operation, tenant_token):
        security = security_of(raw_spec_doc, raw_operation)
        if not security:
            return {}
        preferred = security[0]
        headers = {}
        kinds = [SPEC_SCHEMES[name] for name in preferred if name in SPEC_SCHEMES]
        if kinds == ["tenant"]:
            headers["Authorization"] = f"Bearer {tenant_token}"
        elif kinds == ["user"]:
            headers["Authorization"] = f"Bearer {env('LARK_USER_ACCESS_TOKEN')}"
        if HELPDESK_SCHEME in preferred:
            scheme = raw_spec_doc["components"]["securitySchemes"][HELPDESK_SCHEME]
            credential = f"{env('LARK_HELPDESK_ID')}:{env('LARK_HELPDESK_TOKEN')}"
            headers[scheme["name"]] = base64.b64encode(credential.encode()).decode()
        return headers


CREDENTIALS = Credentials()


@schemathesis.auth(refresh_interval=3600)
class LarkCredentials:
    """`get`: a tenant access token from the server's token endpoint (cached by
    Schemathesis); `set`: the headers the operation's `security` asks for."""

    def get(self, case, context):
        return CREDENTIALS.fetch_tenant_token(raw_spec(context.operation))

    def set(self, case, data, context):
        operation = context.operation
        headers = CREDENTIALS.headers(raw_spec(operation), operation.definition.raw, data)
        if headers:
            case.headers = {**(case.headers or {}), **headers}


# ---------------------------------------------------------------------------------------
# Reading answers


def platform_code(response):
    """`code` of the platform's JSON envelope, or None."""
    try:
        body = json.loads(response.content)
    except (ValueError, TypeError):
        return None
    return body.get("code") if isinstance(body, dict) else None


def probe_get(path, raw_spec_doc, raw_operation):
    """A GET of our own, with the credentials `raw_operation` takes."""
    token = CREDENTIALS.tenant_token or CREDENTIALS.fetch_tenant_token(raw_spec_doc)
    return requests.get(
        env("LARK_BASE_URL") + path,
        headers=CREDENTIALS.headers(raw_spec_doc, raw_operation, token),
        timeout=10,
    )


# ---------------------------------------------------------------------------------------
# Conventions


def _refuses_credentials(response):
    """Convention (the spec's BadRequest): the platform refuses a missing access token
    with HTTP 400 and 99991661, an invalid or expired one with HTTP 400 and 99991663,
    not 401. Schemathesis counts only 401 and 403 (and redirects) as refusals."""
    return response.status_code == 400 and platform_code(response) in (TOKEN_MISSING, TOKEN_INVALID)


_enforces_auth = builtin._enforces_auth


def _enforces_auth_on_the_platform(response, authenticated):
    return _enforces_auth(response, authenticated) or _refuses_credentials(response)


# `ignored_auth` stays on: a request without credentials, or with invalid ones, that is
# answered 2xx still fails; one refused with the platform's token codes is a refusal.
builtin._enforces_auth = _enforces_auth_on_the_platform


def _unknown_id(case, response):
    """Convention (the spec's BadRequest): an unknown ticket is answered HTTP 400 and
    154000, not 404, as is any other id the helpdesk does not hold where the operation
    documents no 404. Accepted only when the server's own GET of the item the request
    names (`/tickets/{ticket_id}`, `/categories/{id}`, ...), asked with nothing but that
    id, does not know it either: a request refused for anything else still fails."""
    doc = raw_spec(case.operation)
    if response.status_code != 400 or platform_code(response) != bad_request_code(doc):
        return False
    getter = getter_of(doc, case.operation.path)
    if getter is None:
        return False
    getter_path, getter_op = getter
    names = re.findall(r"{([^}]+)}", getter_path)
    values = case.path_parameters or {}
    if any(name not in values for name in names):
        return False
    documents_404 = "404" in case.operation.definition.raw.get("responses", {})
    if documents_404 and names != ["ticket_id"]:
        return False
    path = getter_path
    for name in names:
        path = path.replace("{" + name + "}", requests.utils.quote(str(values[name]), safe=""))
    known = probe_get(path, doc, getter_op)
    return not 200 <= known.status_code < 300


def _page_token_not_given(case, response):
    """Convention (`x-pagination`, `style: page_token`): the page token is that of the
    page before; one the listing did not give is a bad request, HTTP 400 and 154000.
    Accepted only when the same request without the token is answered 2xx."""
    doc = raw_spec(case.operation)
    pagination = case.operation.definition.raw.get("x-pagination") or {}
    token_param = pagination.get("token_param")
    if (
        not token_param
        or token_param not in (case.query or {})
        or response.status_code != 400
        or platform_code(response) != bad_request_code(doc)
    ):
        return False
    sent = response.request
    url = urlsplit(sent.url)
    query = [(k, v) for k, v in parse_qsl(url.query, keep_blank_values=True) if k != token_param]
    without = requests.request(
        sent.method,
        urlunsplit(url._replace(query=urlencode(query))),
        headers=dict(sent.headers),
        data=sent.body,
        timeout=10,
    )
    return 200 <= without.status_code < 300


def _token_endpoint_failure(case, response):
    """Convention (the token endpoint's description): its failures are answered at HTTP
    200 with a non-zero `code` (10003 a missing or malformed body, 10014 wrong
    credentials), not at a 4XX status."""
    doc = raw_spec(case.operation)
    return (
        case.operation.path == token_endpoint(doc)
        and response.status_code == 200
        and platform_code(response) not in (None, 0)
    )


def _no_route(response):
    """Convention (the spec's `info.description`): a request the platform has no route
    for, such as a method its path does not take, is answered by its gateway with HTTP
    404 and the plain text `404 page not found`, not 405."""
    return (
        response.status_code == 404
        and any(t.startswith("text/plain") for t in response.headers.get("content-type", []))
        and response.content.strip() == b"404 page not found"
    )


# ---------------------------------------------------------------------------------------
# The built-in checks, less the conventions


@schemathesis.check
def positive_data_acceptance_as_documented(ctx, response, case):
    """`positive_data_acceptance`, accepting the refusals of valid requests the spec
    states: an id the helpdesk does not hold, a page token the listing did not give."""
    try:
        return builtin.positive_data_acceptance(ctx, response, case)
    except RejectedPositiveData:
        if _unknown_id(case, response) or _page_token_not_given(case, response):
            return None
        raise


@schemathesis.check
def negative_data_rejection_as_documented(ctx, response, case):
    """`negative_data_rejection`, accepting the token endpoint's failures at HTTP 200."""
    try:
        return builtin.negative_data_rejection(ctx, response, case)
    except AcceptedNegativeData:
        if _token_endpoint_failure(case, response):
            return None
        raise


@schemathesis.check
def missing_required_header_as_documented(ctx, response, case):
    """`missing_required_header`, accepting the platform's answer to a missing access
    token (HTTP 400, 99991661) where Schemathesis wants 401 for `Authorization`."""
    try:
        return builtin.missing_required_header(ctx, response, case)
    except MissingHeaderNotRejected as failure:
        if (
            failure.header_name.lower() == "authorization"
            and response.status_code == 400
            and platform_code(response) == TOKEN_MISSING
        ):
            return None
        raise


@schemathesis.check
def unsupported_method_as_documented(ctx, response, case):
    """`unsupported_method`, accepting the gateway's 404 for a method a path does not
    take."""
    try:
        return builtin.unsupported_method(ctx, response, case)
    except UnsupportedMethodResponse:
        if _no_route(response):
            return None
        raise
