"""Domain errors carry a stable code and a message in Chinese and English."""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    ILLEGAL_TRANSITION = "ILLEGAL_TRANSITION"
    REASON_REQUIRED = "REASON_REQUIRED"
    STALE_VERSION = "STALE_VERSION"
    NOT_FOUND = "NOT_FOUND"
    FORBIDDEN = "FORBIDDEN"
    NOT_AUTHENTICATED = "NOT_AUTHENTICATED"
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    INVALID_INPUT = "INVALID_INPUT"
    DUPLICATE = "DUPLICATE"
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"
    INSURED_NOT_COVERED = "INSURED_NOT_COVERED"
    MAKER_CHECKER = "MAKER_CHECKER"
    FILE_TOO_LARGE = "FILE_TOO_LARGE"
    UNSUPPORTED_FILE_TYPE = "UNSUPPORTED_FILE_TYPE"
    REPAIR_BEFORE_REPLACE = "REPAIR_BEFORE_REPLACE"
    SAME_SURVEYOR_RESURVEY = "SAME_SURVEYOR_RESURVEY"
    SURVEY_OUT_OF_ORDER = "SURVEY_OUT_OF_ORDER"
    RESURVEY_REQUIRED = "RESURVEY_REQUIRED"
    TENDER_REQUIRED = "TENDER_REQUIRED"
    AUTHORITY_REFUSED = "AUTHORITY_REFUSED"
    FRAUD_HARD_STOP = "FRAUD_HARD_STOP"
    UNDER_INVESTIGATION = "UNDER_INVESTIGATION"
    # Per-operation refusals (messages in domain/refusals.py): one code per distinct refusal.
    # claims and identity
    BILL_LINE_PARTS_MISMATCH = "BILL_LINE_PARTS_MISMATCH"
    ID_NUMBER_INVALID = "ID_NUMBER_INVALID"
    PHONE_INVALID = "PHONE_INVALID"
    BANK_ACCOUNT_INVALID = "BANK_ACCOUNT_INVALID"
    POLICY_PERIOD_INVALID = "POLICY_PERIOD_INVALID"
    INCIDENT_AFTER_REPORT = "INCIDENT_AFTER_REPORT"
    INCIDENT_OUTSIDE_POLICY_PERIOD = "INCIDENT_OUTSIDE_POLICY_PERIOD"
    AMOUNT_NOT_ASCII_DIGITS = "AMOUNT_NOT_ASCII_DIGITS"
    PASSWORD_TOO_SHORT = "PASSWORD_TOO_SHORT"
    # payments
    PAYMENT_OVER_APPROVED = "PAYMENT_OVER_APPROVED"
    PAYMENT_AMOUNT_NOT_POSITIVE = "PAYMENT_AMOUNT_NOT_POSITIVE"
    PAYMENT_NOT_PAID = "PAYMENT_NOT_PAID"
    PAID_ONLY_BY_PAYMENT = "PAID_ONLY_BY_PAYMENT"
    ZERO_SETTLEMENT_ONLY_BY_SYSTEM = "ZERO_SETTLEMENT_ONLY_BY_SYSTEM"
    LARGE_CLAIM_REVIEW_REQUIRED = "LARGE_CLAIM_REVIEW_REQUIRED"
    DENIAL_ONLY_BY_INVESTIGATION = "DENIAL_ONLY_BY_INVESTIGATION"
    PAYEE_CHANGE_NOT_APPROVED = "PAYEE_CHANGE_NOT_APPROVED"
    ADVANCE_PAYMENT_NOT_ALLOWED = "ADVANCE_PAYMENT_NOT_ALLOWED"
    BANK_ACCOUNT_MISSING = "BANK_ACCOUNT_MISSING"
    PAYEE_NOT_AUTHORISED = "PAYEE_NOT_AUTHORISED"
    PAYMENT_CLAIM_NOT_PAYABLE = "PAYMENT_CLAIM_NOT_PAYABLE"
    # materials and adjudication
    MATERIAL_CODE_UNKNOWN = "MATERIAL_CODE_UNKNOWN"
    MATERIAL_NOT_UPLOADED = "MATERIAL_NOT_UPLOADED"
    MATERIALS_NOT_CHECKABLE = "MATERIALS_NOT_CHECKABLE"
    MATERIALS_MISSING = "MATERIALS_MISSING"
    CLAIM_NOT_ADJUDICABLE = "CLAIM_NOT_ADJUDICABLE"
    OVERRIDE_OUT_OF_RANGE = "OVERRIDE_OUT_OF_RANGE"
    OVERRIDE_OVER_LIMIT = "OVERRIDE_OVER_LIMIT"
    # 审核录入 (specialist verification) and what the terms need on a line
    CLAIM_NOT_CORRECTABLE = "CLAIM_NOT_CORRECTABLE"
    CORRECTION_EMPTY = "CORRECTION_EMPTY"
    VISIT_DATES_OUT_OF_ORDER = "VISIT_DATES_OUT_OF_ORDER"
    CODE_NOT_IN_PRODUCT = "CODE_NOT_IN_PRODUCT"
    LINE_FACT_MISSING = "LINE_FACT_MISSING"
    OVERRIDE_BELOW_COMMITTED = "OVERRIDE_BELOW_COMMITTED"
    # approval and tasks
    DENIAL_GROUNDS_MISSING = "DENIAL_GROUNDS_MISSING"
    VOTE_CLAUSE_MISSING = "VOTE_CLAUSE_MISSING"
    ASSIGNEE_WRONG_ROLE = "ASSIGNEE_WRONG_ROLE"
    # auto
    POLICY_NOT_AUTO = "POLICY_NOT_AUTO"
    AUTO_CAUSE_UNKNOWN = "AUTO_CAUSE_UNKNOWN"
    SURVEYOR_NOT_ACTIVE = "SURVEYOR_NOT_ACTIVE"
    TENDER_QUOTES_TOO_FEW = "TENDER_QUOTES_TOO_FEW"
    AUTO_PART_CODE_UNKNOWN = "AUTO_PART_CODE_UNKNOWN"
    AUTO_LINE_AMOUNT_INVALID = "AUTO_LINE_AMOUNT_INVALID"
    AUTO_ASSESSED_LOSS_MISMATCH = "AUTO_ASSESSED_LOSS_MISMATCH"
    LIABILITY_SHARE_OUT_OF_RANGE = "LIABILITY_SHARE_OUT_OF_RANGE"
    AUTO_HANDLING_NOT_APPLICABLE = "AUTO_HANDLING_NOT_APPLICABLE"
    AUTO_LIABILITY_MISSING = "AUTO_LIABILITY_MISSING"
    AUTO_SURVEY_MISSING = "AUTO_SURVEY_MISSING"
    AUTO_NOT_SETTLEABLE = "AUTO_NOT_SETTLEABLE"
    AUTO_SETTLEMENT_PENDING = "AUTO_SETTLEMENT_PENDING"
    # auto partners, salvage and recoveries (issue 14)
    PART_CODE_UNKNOWN = "PART_CODE_UNKNOWN"
    OVER_AGREED_PRICE = "OVER_AGREED_PRICE"
    PARTNER_UNKNOWN = "PARTNER_UNKNOWN"
    SURVEY_APPOINTMENT_INVALID = "SURVEY_APPOINTMENT_INVALID"
    PARTNER_FIELD_INVALID = "PARTNER_FIELD_INVALID"
    AGREED_PRICE_NOT_POSITIVE = "AGREED_PRICE_NOT_POSITIVE"
    AGREEMENT_PERIOD_INVALID = "AGREEMENT_PERIOD_INVALID"
    SALVAGE_OUT_OF_ORDER = "SALVAGE_OUT_OF_ORDER"
    RECOVERY_BEFORE_PAYMENT = "RECOVERY_BEFORE_PAYMENT"
    RECOVERY_CLOSED = "RECOVERY_CLOSED"
    RECOVERY_AMOUNT_NOT_POSITIVE = "RECOVERY_AMOUNT_NOT_POSITIVE"
    # 人伤 on auto claims
    INJURY_SETTLEMENT_RECORDED = "INJURY_SETTLEMENT_RECORDED"
    INJURY_HOSPITAL_UNKNOWN = "INJURY_HOSPITAL_UNKNOWN"
    # fraud
    BLACKLIST_PERIOD_INVALID = "BLACKLIST_PERIOD_INVALID"
    INVESTIGATION_ALREADY_OPEN = "INVESTIGATION_ALREADY_OPEN"
    INVESTIGATION_CLOSED = "INVESTIGATION_CLOSED"
    AVOIDED_LOSS_NEGATIVE = "AVOIDED_LOSS_NEGATIVE"
    # service desk, complaints, notices
    CALLBACK_NOT_DUE = "CALLBACK_NOT_DUE"
    RATING_BEFORE_SETTLEMENT = "RATING_BEFORE_SETTLEMENT"
    FAQ_ENTRY_UNKNOWN = "FAQ_ENTRY_UNKNOWN"
    COMPLAINT_SUBJECT_MISSING = "COMPLAINT_SUBJECT_MISSING"
    COMPLAINT_NOT_OPEN = "COMPLAINT_NOT_OPEN"
    COMPLAINT_NOT_ANSWERED = "COMPLAINT_NOT_ANSWERED"
    CONTACT_EMAIL_MISSING = "CONTACT_EMAIL_MISSING"
    CONTACT_PHONE_MISSING = "CONTACT_PHONE_MISSING"
    # management (issue 13)
    QUALITY_REVIEW_NOT_CLOSED = "QUALITY_REVIEW_NOT_CLOSED"
    # reports (理赔时效监测表) and open reasons (未结案原因)
    MONTH_INVALID = "MONTH_INVALID"
    OPEN_REASON_CLAIM_SETTLED = "OPEN_REASON_CLAIM_SETTLED"
    REPORT_FORMAT_UNKNOWN = "REPORT_FORMAT_UNKNOWN"
    MONITORING_REPORT_MISSING = "MONITORING_REPORT_MISSING"
    # hospital registry (医院目录)
    HOSPITAL_ROW_INVALID = "HOSPITAL_ROW_INVALID"
    HOSPITAL_CHOICE_CLOSED = "HOSPITAL_CHOICE_CLOSED"
    # case reserves (立案估损)
    RESERVE_NOT_REGISTERED = "RESERVE_NOT_REGISTERED"
    RESERVE_CLAIM_SETTLED = "RESERVE_CLAIM_SETTLED"
    RESERVE_NEGATIVE = "RESERVE_NEGATIVE"
    # archive (档案管理)
    ARCHIVE_DATE_INVALID = "ARCHIVE_DATE_INVALID"
    ARCHIVE_LOCATION_MISSING = "ARCHIVE_LOCATION_MISSING"
    ARCHIVE_ITEM_DESTROYED = "ARCHIVE_ITEM_DESTROYED"
    RETENTION_NOT_EXPIRED = "RETENTION_NOT_EXPIRED"
    BORROW_PERIOD_INVALID = "BORROW_PERIOD_INVALID"
    BORROW_NOT_PENDING = "BORROW_NOT_PENDING"
    BORROW_NOT_OUT = "BORROW_NOT_OUT"
    DESTRUCTION_ALREADY_REQUESTED = "DESTRUCTION_ALREADY_REQUESTED"
    DESTRUCTION_NOT_PENDING = "DESTRUCTION_NOT_PENDING"
    # second factor (两步验证, TOTP) for staff
    TOTP_REQUIRED = "TOTP_REQUIRED"
    TOTP_INVALID = "TOTP_INVALID"
    TOTP_STAFF_ONLY = "TOTP_STAFF_ONLY"
    TOTP_ALREADY_ENABLED = "TOTP_ALREADY_ENABLED"
    TOTP_NOT_PENDING = "TOTP_NOT_PENDING"
    # the insured's documented payee change (变更收款账户)
    PAYEE_CHANGE_NOT_OPEN = "PAYEE_CHANGE_NOT_OPEN"
    PAYEE_CHANGE_ALREADY_OPEN = "PAYEE_CHANGE_ALREADY_OPEN"
    PAYEE_CHANGE_REASON_MISSING = "PAYEE_CHANGE_REASON_MISSING"
    PAYEE_DOCUMENT_INVALID = "PAYEE_DOCUMENT_INVALID"


class DomainError(Exception):
    """A refusal the business understands; the web layer maps the code to an HTTP status."""

    code: ErrorCode = ErrorCode.INVALID_INPUT

    def __init__(self, message_zh: str, message_en: str, *, field: str | None = None) -> None:
        super().__init__(message_en)
        self.message_zh = message_zh
        self.message_en = message_en
        self.field = field


class IllegalTransition(DomainError):
    code = ErrorCode.ILLEGAL_TRANSITION


class ReasonRequired(DomainError):
    code = ErrorCode.REASON_REQUIRED


class StaleVersion(DomainError):
    code = ErrorCode.STALE_VERSION

    def __init__(self, entity: str, expected: int, actual: int) -> None:
        super().__init__(
            f"{entity} 已被他人修改（当前版本 {actual}，提交版本 {expected}），请刷新后重试",
            f"{entity} was changed by someone else (version {actual}, yours {expected});"
            " reload and retry",
            field="version",
        )


class NotFound(DomainError):
    code = ErrorCode.NOT_FOUND

    def __init__(self, entity: str, key: object) -> None:
        # `entity` is "赔案 claim": the Chinese noun for the Chinese message, the rest for English.
        zh, _, en = entity.partition(" ")
        en = en or zh
        super().__init__(f"未找到{zh}：{key}", f"{en[:1].upper()}{en[1:]} not found: {key}")


class Forbidden(DomainError):
    code = ErrorCode.FORBIDDEN

    def __init__(self, message_zh: str = "无权执行此操作", message_en: str = "Not allowed") -> None:
        super().__init__(message_zh, message_en)


class NotAuthenticated(DomainError):
    code = ErrorCode.NOT_AUTHENTICATED

    def __init__(self) -> None:
        super().__init__("请先登录", "Please sign in")


class InvalidCredentials(DomainError):
    code = ErrorCode.INVALID_CREDENTIALS

    def __init__(self) -> None:
        super().__init__("用户名或密码错误", "Wrong username or password")


class InvalidInput(DomainError):
    """Malformed input only (an empty field, a value of the wrong form); a business refusal
    has its own code (`domain.refusals.Refused`)."""

    code = ErrorCode.INVALID_INPUT


class Duplicate(DomainError):
    code = ErrorCode.DUPLICATE


class IdempotencyKeyReused(DomainError):
    code = ErrorCode.IDEMPOTENCY_KEY_REUSED

    def __init__(self) -> None:
        super().__init__(
            "该幂等键已用于另一笔不同的报案",
            "This Idempotency-Key was already used for a different report",
            field="Idempotency-Key",
        )


class InsuredNotCovered(DomainError):
    code = ErrorCode.INSURED_NOT_COVERED


class MakerChecker(DomainError):
    code = ErrorCode.MAKER_CHECKER


class FileTooLarge(DomainError):
    code = ErrorCode.FILE_TOO_LARGE

    def __init__(self, limit_bytes: int) -> None:
        megabytes = f"{limit_bytes / (1024 * 1024):g}"
        super().__init__(
            f"文件超过大小上限 {megabytes} MB",
            f"file is larger than the limit of {megabytes} MB",
            field="file",
        )


class UnsupportedFileType(DomainError):
    """Judged by the content (magic bytes), never by the file name."""

    code = ErrorCode.UNSUPPORTED_FILE_TYPE

    def __init__(self) -> None:
        super().__init__(
            "文件内容不是 PDF、JPEG、PNG 或 HEIC",
            "file content is not PDF, JPEG, PNG or HEIC",
            field="file",
        )
