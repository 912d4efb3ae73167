"""Assemble each app's django-ninja router under /api/v1 (OpenAPI at /api/v1/docs)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.datastructures import MultiValueDict
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.parser import Parser

from rhythm.accounts.api import router as accounts_router
from rhythm.adoption.api import router as adoption_router
from rhythm.contacts.api import router as contacts_router
from rhythm.health.api import router as health_router
from rhythm.lib.api_auth import SessionAuth, TokenAuth
from rhythm.lib.api_errors import INVALID, NotInView, refused
from rhythm.meetings.api import router as meetings_router
from rhythm.plans.api import router as plans_router
from rhythm.playbook.api import router as playbook_router
from rhythm.renewals.api import router as renewals_router
from rhythm.surveys.api import router as surveys_router
from rhythm.team.api import router as team_router
from rhythm.timeline.api import router as timeline_router

_DETAIL = {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}
_FIELDS = {
    "type": "object",
    "description": "Each field at fault, as sent (`on`, `overall`, `accounts.0.account_id`; "
    "`__all__` for the request as a whole), with the reasons.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
_REFUSED = {
    "type": "object",
    "properties": {"detail": {"type": "string"}, "errors": _FIELDS},
    "required": ["detail", "errors"],
}
# A 404 names the field when a parameter or the body named what was not found.
_NOT_FOUND = {
    "type": "object",
    "properties": {"detail": {"type": "string"}, "errors": _FIELDS},
    "required": ["detail"],
}
# The errors every operation may answer, as docs/api.md lists them, by when they apply.
_ERRORS: tuple[tuple[int, str, dict[str, Any]], ...] = (
    (400, "The service refused it, with the reason for each field.", _REFUSED),
    (401, "No token and no session, or a token that is unknown, revoked or inactive.", _DETAIL),
    (403, "Your role may not do this, or a session's write lacks its CSRF token.", _DETAIL),
    (404, "Not in your view, or does not exist (the same either way).", _NOT_FOUND),
    (422, "A parameter or the body is missing, of the wrong type or out of range.", _REFUSED),
)
_SCOPING = frozenset({"csm", "manager", "account"})
# What a parameter is, for those the endpoints' own signatures leave undescribed: the same
# name means the same thing on every endpoint.
_PARAMETERS = {
    "account_id": "The account's id, as `GET /api/v1/accounts` and the queue's `account_id` "
    "give it; 404 when it is not in your view.",
    "activity_id": "The activity's id, as the account's `activities` list it; 404 when it is "
    "another account's.",
    "item_id": "The action item's id, as the account's `action-items` list it; 404 when it "
    "is another account's.",
    "q": "Keep the accounts whose name, or whose CSM's name or email, contains this (case "
    "ignored).",
    "since": "From this day, YYYY-MM-DD; a year ago by default.",
}
_WRITES = frozenset({"post", "patch"})


def _errors_of(method: str, path: str, operation: dict[str, Any]) -> set[int]:
    """Return the error statuses an operation may answer (docs/api.md, "Answers")."""
    names = {parameter["name"] for parameter in operation.get("parameters", [])}
    codes = {401}
    if names or "requestBody" in operation:
        codes.add(422)
    if method in _WRITES:
        codes |= {400, 403}
    if "{" in path or names & _SCOPING or method in _WRITES:
        codes.add(404)
    return codes


_JSON_KINDS = {list: "a list", str: "a string", bool: "true or false", type(None): "null"}


class NotAnObject(ValueError):
    """A body that is JSON but not an object: a list, a string, a number or null."""


_NUL = "\x00"
_NUL_REFUSED = "Null characters are not allowed."


class NulCharacter(ValueError):
    """A text with a null character, which PostgreSQL cannot store or compare (a 500)."""

    def __init__(self, where: tuple[str | int, ...]) -> None:
        super().__init__(_NUL_REFUSED)
        self.where = where


def _nul_in(data: Any, where: tuple[str | int, ...] = ()) -> tuple[str | int, ...] | None:
    """Return where in `data` (JSON) a text holds a null character, or None."""
    if isinstance(data, str):
        return where if _NUL in data else None
    items = (
        data.items()
        if isinstance(data, dict)
        else enumerate(data)
        if isinstance(data, list)
        else ()
    )
    for key, value in items:
        if isinstance(key, str) and _NUL in key:
            return (*where, key)
        found = _nul_in(value, (*where, key))
        if found is not None:
            return found
    return None


class ObjectParser(Parser):
    """Read a body as a JSON object, and only that, and no text with a null character.

    django-ninja reads the fields of any other JSON through its attributes, so `[]`, `null`
    or `[{"status": "dropped"}]` would be taken as `{}`: a write of every default (an action
    item closed done, a priority reviewed today) instead of a refusal. A null character, in
    the body or a parameter, would reach the database, where PostgreSQL refuses it with an
    error page; the forms refuse it too.
    """

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = super().parse_body(request)
        if not isinstance(data, dict):
            raise NotAnObject(_JSON_KINDS.get(type(data), "a number"))
        where = _nul_in(data)
        if where is not None:
            raise NulCharacter(where)
        return data

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        for key, values in data.lists():
            if _NUL in key or any(_NUL in str(value) for value in values):
                error = {"type": "string_nul", "loc": ["query", key], "msg": _NUL_REFUSED}
                raise NinjaValidationError([error])
        parsed = super().parse_querydict(data, list_fields, request)
        # An empty parameter (`?csm=&on=`, as a template or a form fills it) is one not sent:
        # the text filters read it so already, and a date or a page size would answer 422.
        return {key: value for key, value in parsed.items() if value not in ("", [])}


class RhythmAPI(NinjaAPI):
    """The API, whose OpenAPI document also lists the errors each operation may answer."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        """Return the OpenAPI document, each operation's error answers added to its own."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for path, operations in schema["paths"].items():
            for method, operation in operations.items():
                for parameter in operation.get("parameters", []):
                    if not parameter.get("description") and parameter["name"] in _PARAMETERS:
                        parameter["description"] = _PARAMETERS[parameter["name"]]
                wanted = _errors_of(method, path, operation)
                responses = operation.setdefault("responses", {})
                for status, description, body in _ERRORS:
                    if status in wanted and status not in responses:
                        content = {"application/json": {"schema": body}}
                        responses[status] = {"description": description, "content": content}
        return schema


api = RhythmAPI(
    title="Rhythm API",
    version="1",
    description="Customer-success work: accounts, contacts, timelines, health, adoption, success "
    "plans and action items, renewals, surveys, meetings, workshops and roundtables, time off, "
    "the work queue, and the manager review. "
    "Authenticate with your browser session or `Authorization: Bearer <token>` "
    "(create one with `rhythm token create EMAIL`).",
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
    parser=ObjectParser(),
)
api.add_router("/", accounts_router)
api.add_router("/", timeline_router)
api.add_router("/", contacts_router)
api.add_router("/", health_router)
api.add_router("/", adoption_router)
api.add_router("/", plans_router)
api.add_router("/", renewals_router)
api.add_router("/", surveys_router)
api.add_router("/", meetings_router)
api.add_router("/", playbook_router)
api.add_router("/", team_router)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, error: ValidationError) -> HttpResponse:
    """Answer a service's validation error with 400 and the reason for each field."""
    errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
    return api.create_response(request, {"detail": INVALID, "errors": errors}, status=400)


@api.exception_handler(NinjaValidationError)
def invalid_request(request: HttpRequest, error: NinjaValidationError) -> HttpResponse:
    """Answer a parameter or a body the schema refuses with 422, in the shape of a 400: the
    reasons under each field as it was sent (`on`, `overall`), not pydantic's locations."""
    return api.create_response(request, refused(error.errors), status=422)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
    """Answer a denied write with 403 and why."""
    detail = str(error) or "You may not do that."
    return api.create_response(request, {"detail": detail}, status=403)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    """Answer 404 with what was not found (django-ninja's own answer drops the message).

    A 404's message names only what the caller sent (`No such account: 12.`), the same
    whether it does not exist or is outside the caller's view, so keeping it leaks nothing.
    One a parameter or a body field named (`?csm=`, `member`) also names that field.
    """
    body: dict[str, Any] = {"detail": str(error) or "Not Found"}
    if isinstance(error, NotInView):
        body["errors"] = error.errors
    return api.create_response(request, body, status=404)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    """Answer as django-ninja does, but a body that cannot be read (not JSON, or not an
    object) is a 400 in the shape of every other 400: what was wrong, under `errors`; and a
    null character in it is a 422 naming where, as a parameter's is."""
    if error.status_code == 400 and isinstance(error.__cause__, NulCharacter):
        where = ["body", "payload", *error.__cause__.where]
        errors = refused([{"loc": where, "msg": _NUL_REFUSED}])
        return api.create_response(request, errors, status=422)
    if error.status_code == 400:
        example = 'send an object such as {"date": "2026-11-20"}.'
        if isinstance(error.__cause__, NotAnObject):
            reason = f"The body is {error.__cause__}, not an object; {example}"
        else:
            reason = f"The body is not valid JSON; {example}"
        body = {"detail": INVALID, "errors": {"body": [reason]}}
        return api.create_response(request, body, status=400)
    return api.create_response(request, {"detail": error.message}, status=error.status_code)
