"""Business refusals, one stable code each, with their messages in Chinese and English.

Clients tell refusals apart by `code` (e.g. `PAYMENT_OVER_APPROVED` vs `PAYMENT_NOT_PAID`);
`web/errors.py` maps each code to its HTTP status once. Placeholders are filled from the
keyword arguments given to `Refused`.
"""

from __future__ import annotations

from claimdesk.domain.errors import DomainError, ErrorCode

E = ErrorCode

MESSAGES: dict[ErrorCode, tuple[str, str]] = {
    E.BILL_LINE_PARTS_MISMATCH: (
        "费用明细 {line_ref} 各部分之和 {parts} 不等于金额 {amount}",
        "bill line {line_ref}: parts add up to {parts}, not {amount}",
    ),
    E.ID_NUMBER_INVALID: (
        "身份证号码无效（{prefix}…）：校验位或出生日期不符",
        "invalid resident ID number: {error}",
    ),
    E.PHONE_INVALID: ("电话号码无效", "invalid phone number"),
    E.BANK_ACCOUNT_INVALID: ("银行卡号无效（位数或校验位不符）", "invalid bank card number"),
    E.POLICY_PERIOD_INVALID: ("保险止期早于起期", "period_end is before period_start"),
    E.PASSWORD_TOO_SHORT: ("密码至少 8 位", "password must have at least 8 characters"),
    E.PAYMENT_OVER_APPROVED: (
        "支付金额超过可付余额 {remaining}",
        "amount exceeds what remains payable ({remaining})",
    ),
    E.PAYMENT_AMOUNT_NOT_POSITIVE: ("支付金额须大于零", "the amount must be positive"),
    E.PAYMENT_NOT_PAID: ("只有已支付的款项可以冲正", "only a paid payment can be reversed"),
    E.PAID_ONLY_BY_PAYMENT: (
        "赔案只能在支付指令确认到账后自动变为已赔付，不能手工标记",
        "a claim becomes paid only when its payments are confirmed, never by hand",
    ),
    E.PAYEE_CHANGE_NOT_APPROVED: (
        "只有已核赔待支付的赔案可以更换收款账户",
        "the payee can be changed only on an approved claim",
    ),
    E.ADVANCE_PAYMENT_NOT_ALLOWED: ("该状态不能先予支付", "no advance payment in this state"),
    E.BANK_ACCOUNT_MISSING: ("请填写收款账号", "the bank account is required"),
    E.PAYEE_NOT_AUTHORISED: (
        "收款人不是被保险人，须填写授权原因",
        "the payee is not the insured: give the authorisation reason",
    ),
    E.MATERIAL_CODE_UNKNOWN: ("材料代码无效", "invalid material code"),
    E.MATERIALS_NOT_CHECKABLE: (
        "赔案数据无法核对材料：{error}",
        "claim materials cannot be checked: {error}",
    ),
    E.MATERIALS_MISSING: ("材料不全，缺少：{listed_zh}", "materials missing: {listed_en}"),
    E.CLAIM_NOT_ADJUDICABLE: (
        "赔案数据无法理算：{error}",
        "claim data cannot be adjudicated: {error}",
    ),
    E.OVERRIDE_OUT_OF_RANGE: (
        "调整后金额须在 0 与申请金额 {submitted} 之间",
        "override must be between 0 and the submitted {submitted}",
    ),
    E.OVERRIDE_OVER_LIMIT: ("调整后超出限额：{breaches}", "override would exceed: {breaches}"),
    E.DENIAL_GROUNDS_MISSING: (
        "拒赔须列明原因代码和所依据的保险条款",
        "a denial needs reason codes and the policy clause",
    ),
    E.VOTE_CLAUSE_MISSING: ("拒赔意见须注明条款", "a reject vote needs the policy clause"),
    E.ASSIGNEE_WRONG_ROLE: (
        "{username} 不是 {role} 岗位",
        "{username} does not hold role {role}",
    ),
    E.POLICY_NOT_AUTO: ("该保单不是车险保单", "This policy is not an auto policy"),
    E.AUTO_CAUSE_UNKNOWN: ("未知出险原因：{cause}", "unknown cause {cause}"),
    E.SURVEYOR_NOT_ACTIVE: ("该用户不是在岗查勘员", "Not an active surveyor"),
    E.TENDER_QUOTES_TOO_FEW: (
        "招标定损须有至少 {minimum} 家不同修理厂的报价",
        "A tender needs quotes from at least {minimum} different repair shops",
    ),
    E.PART_CODE_UNKNOWN: (
        "配件代码 {part_code} 不在任何价格协议中",
        "part code {part_code} is in no price agreement",
    ),
    E.OVER_AGREED_PRICE: (
        "定损项目 {part_code} 金额 {amount} 高于协议价 {agreed_price}，"
        "须填写超协议价原因后方可签字",
        "line {part_code} at {amount} is above the agreed price {agreed_price}:"
        " give a reason before sign-off",
    ),
    E.PARTNER_UNKNOWN: (
        "合作机构不存在或已停用：{partner}",
        "no such active partner: {partner}",
    ),
    E.PARTNER_FIELD_INVALID: ("{field_zh}无效：{value}", "invalid {field_en}: {value}"),
    E.AGREED_PRICE_NOT_POSITIVE: ("协议价须大于零", "the agreed price must be positive"),
    E.AGREEMENT_PERIOD_INVALID: (
        "协议失效日期早于生效日期",
        "the agreement's valid_to is before its valid_from",
    ),
    E.SALVAGE_OUT_OF_ORDER: (
        "残值处理步骤不符：{state_zh}",
        "salvage step out of order: {state_en}",
    ),
    E.RECOVERY_BEFORE_PAYMENT: (
        "赔款支付到账后方可立案追偿",
        "a recovery is opened only after the claim has been paid",
    ),
    E.RECOVERY_CLOSED: ("追偿案件已结束（{status}）", "the recovery case is closed ({status})"),
    E.RECOVERY_AMOUNT_NOT_POSITIVE: ("金额须大于零", "the amount must be positive"),
    E.BLACKLIST_PERIOD_INVALID: ("有效期止不能早于起", "valid_until is before valid_from"),
    E.INVESTIGATION_ALREADY_OPEN: (
        "本案已有未结调查",
        "the claim already has an open investigation",
    ),
    E.INVESTIGATION_CLOSED: ("调查已结案", "the investigation is already closed"),
    E.AVOIDED_LOSS_NEGATIVE: ("减损金额不能为负", "avoided loss cannot be negative"),
    E.CALLBACK_NOT_DUE: ("本案没有待回访任务", "this claim has no callback due"),
    E.RATING_BEFORE_SETTLEMENT: ("结案后才能评价", "you can rate once the claim is settled"),
    E.FAQ_ENTRY_UNKNOWN: ("知识库中没有该问题", "no such FAQ entry"),
    E.COMPLAINT_SUBJECT_MISSING: (
        "请填写赔案或被保险人",
        "give the claim or the insured person",
    ),
    E.COMPLAINT_NOT_OPEN: (
        "只有处理中的投诉可以分类或答复",
        "only an open complaint can be classified or answered",
    ),
    E.COMPLAINT_NOT_ANSWERED: (
        "投诉答复后才能确认结果",
        "a complaint's outcome can be confirmed only once it is answered",
    ),
    E.CONTACT_EMAIL_MISSING: ("请填写电子邮箱", "an e-mail address is needed"),
    E.CONTACT_PHONE_MISSING: ("请填写手机号码", "a mobile number is needed"),
    E.QUALITY_REVIEW_NOT_CLOSED: (
        "只能抽检已结案的赔案",
        "only a closed claim can be quality reviewed",
    ),
    E.MONTH_INVALID: ("月份格式应为 YYYY-MM：{month}", "month must be YYYY-MM: {month}"),
    E.OPEN_REASON_CLAIM_SETTLED: (
        "赔案已结案，不能设置未结案原因",
        "the claim is settled: it has no open reason",
    ),
    E.REPORT_FORMAT_UNKNOWN: (
        "报表格式应为 xlsx、csv 或 pdf：{format}",
        "report format must be xlsx, csv or pdf: {format}",
    ),
    E.MONITORING_REPORT_MISSING: (
        "{month} 的理赔时效监测表尚未生成",
        "the monitoring report for {month} has not been generated",
    ),
}


class Refused(DomainError):
    """A business refusal: its own code, its message from `MESSAGES`."""

    def __init__(self, code: ErrorCode, *, field: str | None = None, **details: object) -> None:
        message_zh, message_en = MESSAGES[code]
        super().__init__(message_zh.format(**details), message_en.format(**details), field=field)
        self.code = code
