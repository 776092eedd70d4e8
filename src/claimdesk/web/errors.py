"""The one mapping from domain errors to HTTP: status + {code, message_zh, message_en, field}."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from claimdesk.domain.errors import DomainError, ErrorCode
from claimdesk.web.ui.views import redirect_to_login, render_error

STATUS: dict[ErrorCode, int] = {
    ErrorCode.ILLEGAL_TRANSITION: 409,
    ErrorCode.REASON_REQUIRED: 422,
    ErrorCode.STALE_VERSION: 409,
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.FORBIDDEN: 403,
    ErrorCode.NOT_AUTHENTICATED: 401,
    ErrorCode.INVALID_CREDENTIALS: 401,
    ErrorCode.INVALID_INPUT: 422,
    ErrorCode.DUPLICATE: 409,
    ErrorCode.IDEMPOTENCY_KEY_REUSED: 422,
    ErrorCode.INSURED_NOT_COVERED: 422,
    ErrorCode.MAKER_CHECKER: 403,
    ErrorCode.FILE_TOO_LARGE: 413,
    ErrorCode.UNSUPPORTED_FILE_TYPE: 415,
    ErrorCode.REPAIR_BEFORE_REPLACE: 422,
    ErrorCode.SAME_SURVEYOR_RESURVEY: 422,
    ErrorCode.SURVEY_OUT_OF_ORDER: 409,
    ErrorCode.RESURVEY_REQUIRED: 409,
    ErrorCode.TENDER_REQUIRED: 409,
    ErrorCode.AUTHORITY_REFUSED: 403,
    ErrorCode.FRAUD_HARD_STOP: 409,
    ErrorCode.UNDER_INVESTIGATION: 409,
    # Per-operation refusals keep the status their InvalidInput / IllegalTransition had.
    **dict.fromkeys(
        (
            ErrorCode.BILL_LINE_PARTS_MISMATCH,
            ErrorCode.ID_NUMBER_INVALID,
            ErrorCode.PHONE_INVALID,
            ErrorCode.BANK_ACCOUNT_INVALID,
            ErrorCode.POLICY_PERIOD_INVALID,
            ErrorCode.PASSWORD_TOO_SHORT,
            ErrorCode.PAYMENT_OVER_APPROVED,
            ErrorCode.PAYMENT_AMOUNT_NOT_POSITIVE,
            ErrorCode.PAYMENT_NOT_PAID,
            ErrorCode.BANK_ACCOUNT_MISSING,
            ErrorCode.PAYEE_NOT_AUTHORISED,
            ErrorCode.MATERIAL_CODE_UNKNOWN,
            ErrorCode.MATERIALS_NOT_CHECKABLE,
            ErrorCode.MATERIALS_MISSING,
            ErrorCode.CLAIM_NOT_ADJUDICABLE,
            ErrorCode.OVERRIDE_OUT_OF_RANGE,
            ErrorCode.OVERRIDE_OVER_LIMIT,
            ErrorCode.DENIAL_GROUNDS_MISSING,
            ErrorCode.VOTE_CLAUSE_MISSING,
            ErrorCode.ASSIGNEE_WRONG_ROLE,
            ErrorCode.POLICY_NOT_AUTO,
            ErrorCode.AUTO_CAUSE_UNKNOWN,
            ErrorCode.SURVEYOR_NOT_ACTIVE,
            ErrorCode.TENDER_QUOTES_TOO_FEW,
            ErrorCode.PART_CODE_UNKNOWN,
            ErrorCode.PARTNER_UNKNOWN,
            ErrorCode.PARTNER_FIELD_INVALID,
            ErrorCode.AGREED_PRICE_NOT_POSITIVE,
            ErrorCode.AGREEMENT_PERIOD_INVALID,
            ErrorCode.RECOVERY_AMOUNT_NOT_POSITIVE,
            ErrorCode.BLACKLIST_PERIOD_INVALID,
            ErrorCode.INVESTIGATION_ALREADY_OPEN,
            ErrorCode.AVOIDED_LOSS_NEGATIVE,
            ErrorCode.CALLBACK_NOT_DUE,
            ErrorCode.RATING_BEFORE_SETTLEMENT,
            ErrorCode.FAQ_ENTRY_UNKNOWN,
            ErrorCode.COMPLAINT_SUBJECT_MISSING,
            ErrorCode.CONTACT_EMAIL_MISSING,
            ErrorCode.CONTACT_PHONE_MISSING,
            ErrorCode.MONTH_INVALID,
            ErrorCode.REPORT_FORMAT_UNKNOWN,
        ),
        422,
    ),
    ErrorCode.PAYEE_CHANGE_NOT_APPROVED: 409,
    ErrorCode.ADVANCE_PAYMENT_NOT_ALLOWED: 409,
    ErrorCode.PAID_ONLY_BY_PAYMENT: 409,
    # Lifecycle refusals of complaints and investigations (were ILLEGAL_TRANSITION: 409).
    ErrorCode.COMPLAINT_NOT_OPEN: 409,
    ErrorCode.COMPLAINT_NOT_ANSWERED: 409,
    ErrorCode.INVESTIGATION_CLOSED: 409,
    ErrorCode.QUALITY_REVIEW_NOT_CLOSED: 409,
    ErrorCode.OPEN_REASON_CLAIM_SETTLED: 409,
    ErrorCode.MONITORING_REPORT_MISSING: 404,
    ErrorCode.OVER_AGREED_PRICE: 409,
    ErrorCode.SALVAGE_OUT_OF_ORDER: 409,
    ErrorCode.RECOVERY_BEFORE_PAYMENT: 409,
    ErrorCode.RECOVERY_CLOSED: 409,
}


def error_body(error: DomainError) -> dict[str, Any]:
    return {
        "code": str(error.code),
        "message_zh": error.message_zh,
        "message_en": error.message_en,
        "field": error.field,
    }


def _field_path(location: tuple[Any, ...]) -> str:
    parts = [str(part) for part in location if part not in ("body", "query", "path", "header")]
    return ".".join(parts)


def validation_body(error: RequestValidationError) -> dict[str, Any]:
    problems = [
        {"field": _field_path(tuple(item["loc"])), "message": item["msg"], "type": item["type"]}
        for item in error.errors()
    ]
    first = problems[0] if problems else {"field": "", "message": ""}
    return {
        "code": str(ErrorCode.INVALID_INPUT),
        "message_zh": f"输入有误：字段 {first['field']}：{first['message']}",
        "message_en": f"Invalid input: field {first['field']}: {first['message']}",
        "field": first["field"],
        "errors": problems,
    }


async def _domain_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, DomainError)
    status = STATUS.get(error.code, 400)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    if not request.url.path.startswith("/api"):
        return redirect_to_login(request) if status == 401 else render_error(request, status, error)
    return JSONResponse(error_body(error), status_code=status, headers=headers)


async def _validation_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    return JSONResponse(validation_body(error), status_code=422)


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, StarletteHTTPException)
    body = {
        "code": "HTTP_" + str(error.status_code),
        "message_zh": str(error.detail),
        "message_en": str(error.detail),
        "field": None,
    }
    return JSONResponse(body, status_code=error.status_code, headers=error.headers)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
