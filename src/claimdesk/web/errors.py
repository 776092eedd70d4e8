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
            ErrorCode.INCIDENT_AFTER_REPORT,
            ErrorCode.INCIDENT_OUTSIDE_POLICY_PERIOD,
            ErrorCode.AMOUNT_NOT_ASCII_DIGITS,
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
            ErrorCode.CORRECTION_EMPTY,
            ErrorCode.VISIT_DATES_OUT_OF_ORDER,
            ErrorCode.CODE_NOT_IN_PRODUCT,
            ErrorCode.LINE_FACT_MISSING,
            ErrorCode.OVERRIDE_BELOW_COMMITTED,
            ErrorCode.DENIAL_GROUNDS_MISSING,
            ErrorCode.VOTE_CLAUSE_MISSING,
            ErrorCode.ASSIGNEE_WRONG_ROLE,
            ErrorCode.POLICY_NOT_AUTO,
            ErrorCode.AUTO_CAUSE_UNKNOWN,
            ErrorCode.SURVEYOR_NOT_ACTIVE,
            ErrorCode.TENDER_QUOTES_TOO_FEW,
            ErrorCode.AUTO_PART_CODE_UNKNOWN,
            ErrorCode.AUTO_LINE_AMOUNT_INVALID,
            ErrorCode.AUTO_ASSESSED_LOSS_MISMATCH,
            ErrorCode.LIABILITY_SHARE_OUT_OF_RANGE,
            ErrorCode.AUTO_HANDLING_NOT_APPLICABLE,
            ErrorCode.AUTO_NOT_SETTLEABLE,
            ErrorCode.PART_CODE_UNKNOWN,
            ErrorCode.PARTNER_UNKNOWN,
            ErrorCode.SURVEY_APPOINTMENT_INVALID,
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
    ErrorCode.CLAIM_NOT_CORRECTABLE: 409,
    ErrorCode.ZERO_SETTLEMENT_ONLY_BY_SYSTEM: 409,
    ErrorCode.LARGE_CLAIM_REVIEW_REQUIRED: 409,
    ErrorCode.DENIAL_ONLY_BY_INVESTIGATION: 409,
    ErrorCode.PAYMENT_CLAIM_NOT_PAYABLE: 409,
    ErrorCode.MATERIAL_NOT_UPLOADED: 409,
    ErrorCode.AUTO_LIABILITY_MISSING: 409,
    ErrorCode.AUTO_SURVEY_MISSING: 409,
    ErrorCode.AUTO_SETTLEMENT_PENDING: 409,
    # Lifecycle refusals of complaints and investigations (were ILLEGAL_TRANSITION: 409).
    ErrorCode.COMPLAINT_NOT_OPEN: 409,
    ErrorCode.COMPLAINT_NOT_ANSWERED: 409,
    ErrorCode.INVESTIGATION_CLOSED: 409,
    ErrorCode.QUALITY_REVIEW_NOT_CLOSED: 409,
    ErrorCode.OPEN_REASON_CLAIM_SETTLED: 409,
    ErrorCode.RESERVE_NOT_REGISTERED: 409,
    ErrorCode.RESERVE_CLAIM_SETTLED: 409,
    ErrorCode.RESERVE_NEGATIVE: 422,
    ErrorCode.MONITORING_REPORT_MISSING: 404,
    ErrorCode.HOSPITAL_ROW_INVALID: 422,
    ErrorCode.HOSPITAL_CHOICE_CLOSED: 409,
    ErrorCode.OVER_AGREED_PRICE: 409,
    ErrorCode.SALVAGE_OUT_OF_ORDER: 409,
    ErrorCode.INJURY_SETTLEMENT_RECORDED: 409,
    ErrorCode.INJURY_HOSPITAL_UNKNOWN: 422,
    ErrorCode.RECOVERY_BEFORE_PAYMENT: 409,
    ErrorCode.RECOVERY_CLOSED: 409,
    # 档案管理
    ErrorCode.ARCHIVE_DATE_INVALID: 422,
    ErrorCode.ARCHIVE_LOCATION_MISSING: 422,
    ErrorCode.BORROW_PERIOD_INVALID: 422,
    ErrorCode.ARCHIVE_ITEM_DESTROYED: 409,
    ErrorCode.RETENTION_NOT_EXPIRED: 409,
    ErrorCode.BORROW_NOT_PENDING: 409,
    ErrorCode.BORROW_NOT_OUT: 409,
    ErrorCode.DESTRUCTION_ALREADY_REQUESTED: 409,
    ErrorCode.DESTRUCTION_NOT_PENDING: 409,
    # 两步验证
    ErrorCode.TOTP_REQUIRED: 401,
    ErrorCode.TOTP_INVALID: 401,
    ErrorCode.TOTP_STAFF_ONLY: 403,
    ErrorCode.TOTP_ALREADY_ENABLED: 409,
    ErrorCode.TOTP_NOT_PENDING: 409,
    # 变更收款账户
    ErrorCode.PAYEE_CHANGE_NOT_OPEN: 409,
    ErrorCode.PAYEE_CHANGE_ALREADY_OPEN: 409,
    ErrorCode.PAYEE_CHANGE_REASON_MISSING: 422,
    ErrorCode.PAYEE_DOCUMENT_INVALID: 422,
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
    first = problems[0] if problems else {"field": "", "message": "", "type": ""}
    # A refusal with its own code raised at the edge (e.g. full-width digits in an amount).
    own = first["type"] in ErrorCode.__members__
    return {
        "code": first["type"] if own else str(ErrorCode.INVALID_INPUT),
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


# Framework refusals (no route, wrong method…) in words of both languages, not only English.
HTTP_WORDS: dict[int, tuple[str, str]] = {
    400: (
        "请求体无法解析（须为 UTF-8 编码的 JSON 或表单）",
        "the request body could not be parsed (UTF-8 JSON or a form expected)",
    ),
    404: ("页面或接口不存在", "Not found"),
    405: ("此地址不支持该请求方法", "Method not allowed here"),
    406: ("无法提供所请求的格式", "Not acceptable"),
    415: ("不支持的内容类型", "Unsupported media type"),
}


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, StarletteHTTPException)
    detail = str(error.detail)
    zh, en = HTTP_WORDS.get(error.status_code, (detail, detail))
    body = {"code": "HTTP_" + str(error.status_code), "message_zh": zh, "message_en": en,
            "field": None}  # fmt: skip
    return JSONResponse(body, status_code=error.status_code, headers=error.headers)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
