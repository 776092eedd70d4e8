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
    E.INCIDENT_AFTER_REPORT: (
        "出险日期 {incident} 晚于报案日期 {reported}，请核对",
        "the incident date {incident} is after the report date {reported}",
    ),
    E.INCIDENT_OUTSIDE_POLICY_PERIOD: (
        "出险日期 {incident} 不在保险期间 {start} 至 {end} 内",
        "the incident date {incident} is outside the policy period {start} to {end}",
    ),
    E.AMOUNT_NOT_ASCII_DIGITS: (
        "金额 {text} 含全角或非半角数字，请使用半角数字 0-9 填写",
        "amount {text} has full-width or non-ASCII characters: use the digits 0-9",
    ),
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
    E.DENIAL_ONLY_BY_INVESTIGATION: (
        "该状态下不能手工拒赔：只有调查证实欺诈时由系统拒赔",
        "a claim in this state is denied only by an investigation proving fraud, not by hand",
    ),
    E.LARGE_CLAIM_REVIEW_REQUIRED: (
        "大额案件（赔付 {amount} 元，不低于 {threshold} 元）须先有经理同意的批复意见才能核赔",
        "a large claim ({amount}, at least {threshold}) needs a manager's favourable review "
        "opinion before approval",
    ),
    E.ZERO_SETTLEMENT_ONLY_BY_SYSTEM: (
        "已核赔的赔案不能手工结案：核定赔付为 0.00 元的由系统零赔付结案，其余须支付到账后结案",
        "an approved claim is not closed by hand: at 0.00 the system closes it, otherwise it "
        "closes once paid",
    ),
    E.PAYEE_CHANGE_NOT_APPROVED: (
        "只有已核赔待支付的赔案可以更换收款账户",
        "the payee can be changed only on an approved claim",
    ),
    E.PAYMENT_CLAIM_NOT_PAYABLE: (
        "赔案已拒赔、撤案、结案或归档，其支付指令不能放款或发送银行",
        "the claim was denied, withdrawn, closed or archived: no release, no bank batch",
    ),
    E.ADVANCE_PAYMENT_NOT_ALLOWED: ("该状态不能先予支付", "no advance payment in this state"),
    E.BANK_ACCOUNT_MISSING: ("请填写收款账号", "the bank account is required"),
    E.PAYEE_NOT_AUTHORISED: (
        "收款人不是被保险人，须填写授权原因",
        "the payee is not the insured: give the authorisation reason",
    ),
    E.MATERIAL_CODE_UNKNOWN: (
        "材料代码 {material} 不在产品 {product} 的材料清单中（可用：{listed}）",
        "material code {material} is not in the material list of product {product} ({listed})",
    ),
    E.MATERIAL_NOT_UPLOADED: (
        "该材料只登记了信息，未上传文件，不能查看或审核；请上传文件",
        "this material was declared without its file: upload the file to view or accept it",
    ),
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
    E.CLAIM_NOT_CORRECTABLE: (
        "赔案已核赔、拒赔、注销或结案，不能再更正就诊或费用信息",
        "the claim is approved, denied, withdrawn or settled: its visits and bill lines"
        " can no longer be corrected",
    ),
    E.CORRECTION_EMPTY: (
        "没有需要更正的内容：所填各项与现有信息相同",
        "nothing to correct: every value given is the same as before",
    ),
    E.VISIT_DATES_OUT_OF_ORDER: (
        "{later_zh}（{later}）不能早于{earlier_zh}（{earlier}）",
        "the {later_en} ({later}) cannot be before the {earlier_en} ({earlier})",
    ),
    E.CODE_NOT_IN_PRODUCT: (
        "「{value}」不是本产品的{what_zh}",
        "{value!r} is not a {what_en} of this product",
    ),
    E.LINE_FACT_MISSING: (
        "费用明细 {line}（{type_zh}）须填写{fact_zh}：本产品条款按此限额",
        "bill line {line} ({type_en}) needs its {fact_en}: the product's terms limit it",
    ),
    E.OVERRIDE_BELOW_COMMITTED: (
        "调整后应付 {payable} 低于已支付或在途的 {committed}（先予支付）",
        "override would make the payable {payable} less than already paid or on its way "
        "({committed}, advances)",
    ),
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
    E.AUTO_PART_CODE_UNKNOWN: (
        "配件代码 {part_code} 不在本产品的配件目录中，也不在任何价格协议中",
        "part code {part_code} is in neither this product's parts catalogue nor a price agreement",
    ),
    E.AUTO_LINE_AMOUNT_INVALID: (
        "定损明细金额不能为负数，工时费不能超过该行金额",
        "an assessment line amount cannot be negative, nor its labour above the line amount",
    ),
    E.AUTO_ASSESSED_LOSS_MISMATCH: (
        "定损金额 {assessed} 不等于明细合计 {total}",
        "the assessed loss {assessed} is not the total of the lines {total}",
    ),
    E.LIABILITY_SHARE_OUT_OF_RANGE: (
        "事故责任比例须在 0% 与 100% 之间",
        "the liability share must be between 0% and 100%",
    ),
    E.AUTO_HANDLING_NOT_APPLICABLE: (
        "{handling_zh}不适用：{why_zh}",
        "{handling_en} does not apply: {why_en}",
    ),
    E.AUTO_LIABILITY_MISSING: (
        "多车事故须先录入交警认定的事故责任比例",
        "an accident with other vehicles needs the liability share from the police decision",
    ),
    E.AUTO_SURVEY_MISSING: (
        "本案没有经客户签字的定损单，不能理算",
        "there is no assessment signed by the customer to settle this claim on",
    ),
    E.AUTO_NOT_SETTLEABLE: (
        "车险理算数据有误：{error}",
        "the auto claim cannot be settled: {error}",
    ),
    E.AUTO_SETTLEMENT_PENDING: (
        "车险理算尚不能定案，不能核赔：{reasons_zh}",
        "the auto settlement is not final, it cannot be approved: {reasons_en}",
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
    E.SURVEY_APPOINTMENT_INVALID: (
        "约定查勘时间须在联系客户之后，且仅在接通时填写",
        "the survey appointment must be after the call, and only when the customer was reached",
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
    E.INJURY_SETTLEMENT_RECORDED: (
        "该伤者已签订一次性赔偿协议（{amount} 元），不能重复登记或再增加费用",
        "a one-off settlement ({amount} yuan) is already recorded for this injured person",
    ),
    E.INJURY_HOSPITAL_UNKNOWN: (
        "医院目录中没有“{hospital}”（代码或名称）的在用医院",
        "no active hospital '{hospital}' (code or name) in the registry",
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
    E.HOSPITAL_ROW_INVALID: ("医院信息有误：{zh}", "hospital details invalid: {en}"),
    E.HOSPITAL_CHOICE_CLOSED: (
        "赔案已核赔或已结束，不能再更改就诊医院",
        "the claim is past adjudication: its hospital can no longer be changed",
    ),
    E.RESERVE_NOT_REGISTERED: (
        "赔案尚未立案，不能调整估损",
        "the claim is not registered yet: its reserve cannot be changed",
    ),
    E.RESERVE_CLAIM_SETTLED: (
        "赔案已结案，估损已释放，不能调整",
        "the claim is settled and its reserve released: it cannot be changed",
    ),
    E.RESERVE_NEGATIVE: ("估损金额不能为负数：{amount}", "a reserve cannot be negative: {amount}"),
    E.ARCHIVE_DATE_INVALID: (
        "归档日期 {day} 无效：不能晚于今天，也不能早于出险日期",
        "filing date {day} is invalid: not in the future and not before the incident",
    ),
    E.ARCHIVE_LOCATION_MISSING: (
        "请填写纸质档案存放位置（柜号/盒号）",
        "give where the paper file is kept (cabinet / box)",
    ),
    E.ARCHIVE_ITEM_DESTROYED: (
        "该类档案（{kind_zh}）已销毁",
        "that part of the file ({kind_en}) is destroyed",
    ),
    E.RETENTION_NOT_EXPIRED: (
        "该类档案（{kind_zh}）保管期至 {until}，期满前不能销毁",
        "that part of the file ({kind_en}) is kept until {until}: it cannot be destroyed before",
    ),
    E.BORROW_PERIOD_INVALID: (
        "归还日期 {day} 无效：须在今天起 {days} 天内",
        "return date {day} is invalid: it must be within {days} days from today",
    ),
    E.BORROW_NOT_PENDING: ("该借阅申请已处理（{zh}）", "the borrowing request was decided ({en})"),
    E.BORROW_NOT_OUT: ("该档案未处于借出状态（{zh}）", "the file is not lent out ({en})"),
    E.DESTRUCTION_ALREADY_REQUESTED: (
        "该类档案（{kind_zh}）已有待审批的销毁申请",
        "a destruction of that part of the file ({kind_en}) is already awaiting approval",
    ),
    E.DESTRUCTION_NOT_PENDING: (
        "该销毁申请已处理（{zh}）",
        "the destruction request was decided ({en})",
    ),
    E.TOTP_REQUIRED: (
        "此账号已启用两步验证：请填写动态验证码或恢复码",
        "this account uses a second factor: enter the authenticator code or a recovery code",
    ),
    E.TOTP_INVALID: ("动态验证码或恢复码不正确", "wrong authenticator code or recovery code"),
    E.TOTP_STAFF_ONLY: ("两步验证仅供工作人员账号使用", "the second factor is for staff accounts"),
    E.TOTP_ALREADY_ENABLED: (
        "两步验证已启用；如需更换设备，请管理员重置",
        "the second factor is already on; an administrator resets it for a new device",
    ),
    E.TOTP_NOT_PENDING: (
        "没有待确认的两步验证登记，请先开始登记",
        "no second-factor enrolment awaits confirmation: start one first",
    ),
    E.PAYEE_CHANGE_NOT_OPEN: (
        "该收款账户变更申请已处理或尚未经初审（{zh}）",
        "the payee change request is decided or not yet proposed ({en})",
    ),
    E.PAYEE_CHANGE_ALREADY_OPEN: (
        "本案已有待处理的收款账户变更申请，请等待财务处理",
        "this claim already has a payee change request awaiting finance",
    ),
    E.PAYEE_CHANGE_REASON_MISSING: (
        "变更收款账户须引用被保险人的变更申请或填写有据可查的原因",
        "a payee change must reference the insured's request or give a documented reason",
    ),
    E.PAYEE_DOCUMENT_INVALID: (
        "请上传身份证或银行卡/存折复印件（PDF、JPEG、PNG 或 HEIC，不超过 {limit} MB）",
        "upload a copy of the ID card or bank card/passbook (PDF, JPEG, PNG or HEIC, "
        "at most {limit} MB)",
    ),
}


class Refused(DomainError):
    """A business refusal: its own code, its message from `MESSAGES`."""

    def __init__(self, code: ErrorCode, *, field: str | None = None, **details: object) -> None:
        message_zh, message_en = MESSAGES[code]
        super().__init__(message_zh.format(**details), message_en.format(**details), field=field)
        self.code = code
