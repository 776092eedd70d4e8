"""What a person reads instead of an internal code: one table per code family, (zh-CN, English).

Pages, notices (services/notices) and PDFs (services/payments/documents.py) all label codes
here, so a material is named the same in the SMS, the portal and the letter. The web pages'
own vocabulary (statuses, badges, tasks) stays in the gettext catalogue (web/ui/catalog.py);
these families live in the core because services render text without the web layer.
Reason codes are labelled by their product (rules/explain.py::describe), products by name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

from claimdesk.domain.claim import Visit
from claimdesk.domain.customer_words import STAGE_LABELS

Label = tuple[str, str]

MATERIALS: Mapping[str, Label] = {
    "id_copy": ("被保险人身份证复印件", "Copy of the insured's ID card"),
    "insured_id_copy": ("被保险人身份证复印件", "Copy of the insured's ID card"),
    "original_receipts": ("医疗费用原始收据", "Original medical receipts"),
    "bank_book_copy": ("银行卡或存折复印件", "Copy of the bank card or passbook"),
    "bank_account": ("收款银行账户信息", "Bank account for payment"),
    "medical_record_copy": ("门诊病历复印件", "Copy of the outpatient record"),
    "itemized_drug_list": ("药品明细清单", "Itemised drug list"),
    "itemized_bill": ("费用明细清单", "Itemised bill"),
    "discharge_summary_copy": ("出院小结复印件", "Copy of the discharge summary"),
    "itemized_inpatient_list": ("住院费用明细清单", "Itemised inpatient bill"),
    "local_relief_list": ("地方医疗救助结算单", "Local medical relief statement"),
    "other_insurer_settlement": ("其他保险公司理赔结算单", "Other insurer's settlement"),
    "other_payer_settlement": ("其他机构赔付结算单", "Other payer's settlement"),
    "insurance_reimbursement_list": ("医保报销结算单", "Social insurance reimbursement list"),
    "claim_form": ("理赔申请书", "Claim form"),
    "accident_certificate": ("意外事故证明", "Accident certificate"),
    "death_certificate": ("死亡证明", "Death certificate"),
    "household_deregistration": ("户籍注销证明", "Household registration cancellation"),
    "disability_assessment_report": ("伤残鉴定报告", "Disability assessment report"),
    "beneficiary_id_copy": ("受益人身份证复印件", "Copy of the beneficiary's ID card"),
    "beneficiary_bank_account": ("受益人银行账户信息", "Beneficiary's bank account"),
    "guardian_id_copy": ("监护人身份证复印件", "Copy of the guardian's ID card"),
    "guardian_bank_account": ("监护人银行账户信息", "Guardian's bank account"),
    "survey_photo": ("查勘照片", "Survey photo"),
}

LINE_TYPES: Mapping[str, Label] = {
    "drug_western": ("西药", "Western medicine"),
    "drug_patent_chinese": ("中成药", "Chinese patent medicine"),
    "drug_tcm_decoction": ("中草药", "Chinese herbal decoction"),
    "registration": ("挂号费", "Registration"),
    "consultation_fee": ("诊疗费", "Consultation"),
    "exam_basic": ("检查费", "Examination"),
    "exam_special": ("特殊检查费", "Special examination"),
    "lab": ("化验费", "Laboratory test"),
    "treatment": ("治疗费", "Treatment"),
    "surgery": ("手术费", "Surgery"),
    "bed": ("床位费", "Bed"),
    "nursing": ("护理费", "Nursing"),
    "material": ("材料费", "Medical materials"),
    "iv_infusion": ("静脉输液", "IV infusion"),
    "physiotherapy": ("理疗费", "Physiotherapy"),
    "hyperbaric_oxygen": ("高压氧治疗", "Hyperbaric oxygen"),
}

# 审核录入: the fields of a visit and a bill line a specialist may correct.
VERIFIED_FIELDS: Mapping[str, Label] = {
    "kind": ("就诊类型", "Kind of visit"),
    "date": ("就诊日期", "Visit date"),
    "discharge_date": ("出院日期", "Discharge date"),
    "hospital_name": ("医院名称", "Hospital name"),
    "diagnosis": ("诊断", "Diagnosis"),
    "type": ("费用类型", "Line type"),
    "name": ("项目名称", "Item name"),
    "amount": ("金额", "Amount"),
    "fund_paid": ("统筹支付", "Fund paid"),
    "category_self_pay": ("分类自负", "Category self-pay"),
    "self_funded": ("自费", "Self-funded"),
    "self_pay": ("自负", "Self-pay"),
    "days_supply": ("用药天数", "Supply days"),
    "sessions": ("治疗次数", "Sessions"),
}

ROLES: Mapping[str, Label] = {
    "customer": ("客户", "Customer"),
    "agent": ("客服代表", "Service agent"),
    "specialist": ("理赔专员", "Claims specialist"),
    "surveyor": ("查勘定损员", "Surveyor"),
    "approver": ("核赔人", "Approver"),
    "manager": ("理赔经理", "Claims manager"),
    "investigator": ("反欺诈调查员", "Investigator"),
    "finance": ("财务", "Finance"),
    "admin": ("系统管理员", "Administrator"),
}

PERMISSIONS: Mapping[str, Label] = {
    "report_claim": ("报案", "report a claim"),
    "read_own_claims": ("查看本人案件", "see one's own claims"),
    "read_all_claims": ("查看全部案件", "see all claims"),
    "accept": ("受理", "accept claims"),
    "review_materials": ("审核材料", "review materials"),
    "attach_materials": ("上传材料", "upload materials"),
    "investigate": ("调查", "investigate"),
    "adjudicate": ("理算", "adjudicate"),
    "approve": ("核赔", "approve"),
    "deny": ("拒赔", "deny claims"),
    "pay": ("支付", "pay"),
    "close": ("结案", "close claims"),
    "archive": ("归档", "archive claims"),
    "withdraw": ("注销", "withdraw claims"),
    "reopen": ("重开", "reopen claims"),
    "manage_policies": ("管理保单", "manage policies"),
    "manage_users": ("管理用户", "manage users"),
    "read_audit": ("查看审计日志", "read the audit trail"),
    "view_pii": ("查看个人敏感信息", "see personal data"),
    "assign_tasks": ("分配任务", "assign tasks"),
    "read_reports": ("查看报表", "read reports"),
    "set_open_reason": ("填写未结案原因", "set the open reason"),
    "change_contacts": ("代客户修改联系方式", "change a customer's contact details"),
    "verify_claim_data": ("审核录入", "verify visits and bill lines"),
    "handle_complaints": ("处理投诉", "handle complaints"),
    "serve_customers": ("客服咨询与回访", "serve customers (consultations, callbacks)"),
    "review_large_claims": ("大额案件经理批复", "review large claims (manager)"),
    "set_reserve": ("调整估损", "change the case reserve"),
    "manage_partners": ("管理合作机构", "manage partners"),
}

RED_FLAGS: Mapping[str, Label] = {
    "FREQUENT_CLAIMANT": ("频繁出险", "Frequent claimant"),
    "NEAR_POLICY_START": ("临近保单生效日出险", "Soon after the policy start"),
    "NEAR_POLICY_END": ("临近保单到期日出险", "Shortly before the policy end"),
    "NIGHT_ACCIDENT": ("夜间事故", "Accident at night"),
    "JUST_UNDER_THRESHOLD": ("金额略低于审核线", "Just under a review threshold"),
    "HIGH_LOSS_RATIO": ("赔付率偏高", "High loss ratio"),
    "LATE_REPORT": ("报案延迟", "Late report"),
    "MANY_SUPPLEMENTS": ("多次补充材料", "Many supplements"),
}

# The figures a red flag is explained by (fraud/red_flags.py CHECKS' return keys).
FLAG_DETAILS: Mapping[str, Label] = {
    "prior_claims": ("既往案件数", "prior claims"),
    "days": ("天数", "days"),
    "time": ("出险时间", "time"),
    "amount": ("金额", "amount"),
    "threshold": ("审核线", "threshold"),
    "loss_ratio": ("赔付率", "loss ratio"),
    "supplements": ("补充次数", "supplements"),
}

ROUTINGS: Mapping[str, Label] = {
    "proceed": ("正常处理", "Proceed"),
    "investigate": ("转调查", "Investigate"),
    "hard_stop": ("暂停处理", "Hard stop"),
}

# What links the members of a fraud ring (fraud/rings.py LINK_KINDS).
RING_LINKS: Mapping[str, Label] = {
    "phone": ("同一电话", "Same phone"),
    "bank_account": ("同一银行账户", "Same bank account"),
    "address": ("同一地址", "Same address"),
    "repair_shop": ("同一修理厂", "Same repair shop"),
    "doctor": ("同一医生", "Same doctor"),
}

INVESTIGATION_STATUSES: Mapping[str, Label] = {
    "open": ("调查中", "Open"),
    "closed": ("已结束", "Closed"),
}

INVESTIGATION_OUTCOMES: Mapping[str, Label] = {
    "fraud_proven": ("欺诈成立", "Fraud proven"),
    "not_proven": ("欺诈不成立", "Not proven"),
}

PAYMENT_KINDS: Mapping[str, Label] = {
    "full": ("全额赔付", "Full payment"),
    "partial": ("部分赔付", "Partial payment"),
    "supplementary": ("补充赔款", "Supplementary payment"),
    "advance": ("先予支付", "Advance payment"),
}

PAYMENT_STATUSES: Mapping[str, Label] = {
    "pending_release": ("待复核放款", "Awaiting release"),
    "released": ("已放款", "Released"),
    "sent": ("已发送银行", "Sent to the bank"),
    "paid": ("已到账", "Paid"),
    "failed": ("支付失败", "Failed"),
    "reversed": ("已冲正", "Reversed"),
    "cancelled": ("已取消", "Cancelled"),
}

# How a customer reached us (domain/channels.py): complaints, consultations, notices.
CHANNELS: Mapping[str, Label] = {
    "phone": ("电话", "Phone"),
    "online": ("在线", "Online"),
    "walk_in": ("现场", "Walk-in"),
    "portal": ("客户端", "Portal"),
    "counter": ("柜面", "Counter"),
    "app": ("App", "App"),
    "sms": ("短信", "SMS"),
    "email": ("电子邮件", "E-mail"),
    "in_app": ("站内消息", "In-app message"),
}

# Complaint handling (domain/complaints.py): severity, root cause, case status.
COMPLAINT_SEVERITIES: Mapping[str, Label] = {
    "ordinary": ("一般投诉", "Ordinary"),
    "major": ("重大疑难投诉", "Major"),
}

COMPLAINT_ROOT_CAUSES: Mapping[str, Label] = {
    "slow_payment": ("赔付慢", "Slow payment"),
    "denial_disputed": ("对拒赔有异议", "Denial disputed"),
    "service_attitude": ("服务态度", "Service attitude"),
    "materials_burden": ("材料要求繁琐", "Burdensome materials"),
    "amount_disputed": ("对赔付金额有异议", "Amount disputed"),
    "other": ("其他", "Other"),
    "unclassified": ("未分类", "Not classified"),
}

COMPLAINT_STATUSES: Mapping[str, Label] = {
    "open": ("处理中", "Being handled"),
    "answered": ("已答复，待客户确认", "Answered, awaiting the customer"),
    "closed": ("已办结", "Closed"),
}

# 档案管理 (domain/archive.py).
ARCHIVE_DOCUMENTS: Mapping[str, Label] = {
    "claim_file": ("理赔案卷", "claim file"),
    "medical_materials": (
        "索赔资料（票据、病历、证件）",
        "claim materials (receipts, records, IDs)",
    ),
    "payment_records": ("支付凭证", "payment records"),
}
BORROW_STATUSES: Mapping[str, Label] = {
    "requested": ("待审批", "awaiting approval"),
    "approved": ("已借出", "lent out"),
    "rejected": ("未同意", "refused"),
    "returned": ("已归还", "returned"),
}
DESTRUCTION_STATUSES: Mapping[str, Label] = {
    "requested": ("待审批", "awaiting approval"),
    "approved": ("已销毁", "destroyed"),
    "rejected": ("未同意", "refused"),
}
ARCHIVE_VIEWS: Mapping[str, Label] = {
    "all": ("全部档案", "all records"),
    "paper_overdue": ("纸质件逾期未整理", "paper file overdue"),
    "retention_expired": ("保管期满待销毁", "retention ended"),
    "borrowed": ("借出未还", "lent out"),
}

# What the complaints desk's history shows (services/complaints audit actions).
COMPLAINT_ACTIONS: Mapping[str, Label] = {
    "log_complaint": ("登记投诉", "Complaint logged"),
    "classify_complaint": ("分类", "Classified"),
    "investigate_complaint": ("调查核实", "Investigated"),
    "answer_complaint": ("答复客户", "Answered"),
    "confirm_complaint": ("客户确认", "Customer's confirmation"),
}

# Why an investigation was opened (fraud/cases.py ReferralSource).
REFERRAL_SOURCES: Mapping[str, Label] = {
    "manual": ("人工提调", "Referred by staff"),
    "red_flags": ("风险信号", "Red flags"),
    "hard_stop": ("暂停处理规则", "Hard-stop rule"),
    "blacklist": ("黑名单", "Blacklist"),
}

# Denial grounds that are not engine reason codes (those are worded by their product).
DENIAL_GROUNDS: Mapping[str, Label] = {
    "PANEL_DECISION": ("疑难案件集体讨论决定", "Decided by the difficult-case panel"),
}

# 医院目录 (domain/hospitals.py): level, grade, region, ownership, registry state of a visit.
HOSPITAL_LEVELS: Mapping[str, Label] = {
    "0": ("未定级", "Unranked"),
    "1": ("一级", "Level 1"),
    "2": ("二级", "Level 2"),
    "3": ("三级", "Level 3"),
}

HOSPITAL_GRADES: Mapping[str, Label] = {
    "": ("", ""),
    "a": ("甲等", "Grade A"),
    "b": ("乙等", "Grade B"),
    "c": ("丙等", "Grade C"),
    "special": ("特等", "Special grade"),
}

REGIONS: Mapping[str, Label] = {
    "shanghai": ("上海", "Shanghai"),
    "jiangsu": ("江苏", "Jiangsu"),
    "zhejiang": ("浙江", "Zhejiang"),
    "anhui": ("安徽", "Anhui"),
    "beijing": ("北京", "Beijing"),
    "other_mainland": ("其他省市", "Elsewhere in the mainland"),
    "hk_macau_taiwan": ("港澳台", "Hong Kong, Macau, Taiwan"),
    "abroad": ("境外", "Abroad"),
    "unknown": ("未知（医院未在目录中）", "Unknown (hospital not in registry)"),
}

HOSPITAL_STATES: Mapping[str, Label] = {
    "designated": ("指定医院", "Designated hospital"),
    "not_designated": ("非指定医院", "Not a designated hospital"),
    "not_in_registry": ("医院未在目录中", "Hospital not in registry"),
    "public": ("公立", "Public"),
    "private": ("民营/私立", "Private"),
    "active": ("启用", "Active"),
    "inactive": ("停用", "Inactive"),
}

# Columns of a hospital import (domain/hospital_rows.py), named in the rejected-rows report.
HOSPITAL_FIELDS: Mapping[str, Label] = {
    "code": ("医院编码", "Hospital code"),
    "name": ("医院名称", "Name"),
    "level": ("等级", "Level"),
    "region": ("地区", "Region"),
    "public": ("公立", "Public"),
    "aliases": ("别名", "Aliases"),
    "designated": ("指定产品", "Designated for"),
    "active": ("启用", "Active"),
}

# How a case reserve (立案估损) was set (domain/reserves.py ReserveBasis).
RESERVE_BASES: Mapping[str, Label] = {
    "reported_estimate": ("报案估损", "Reporter's estimate"),
    "cause_default": ("按出险原因默认估损", "Default for the cause"),
    "survey": ("定损", "Assessment"),
    "resurvey": ("复勘定损", "Re-survey assessment"),
    "product_rule": ("立案估损（产品规则）", "Registration (product rule)"),
    "adjusted": ("人工调整", "Adjusted by staff"),
    "adjudicated": ("理算后调整", "Re-estimated at adjudication"),
    "released": ("结案释放", "Released at settlement"),
}

# Auto settlement (车险理算): covers, sections, what the loss rests on, decisions, 交强险 handling.
AUTO_COVERS: Mapping[str, Label] = {
    "compulsory": ("交强险", "Compulsory third-party insurance (交强险)"),
    "vehicle_damage": ("车损险", "Vehicle damage"),
    "third_party_liability": ("第三者责任险", "Third-party liability"),
    "on_board_liability": ("车上人员责任险", "On-board driver and passenger liability"),
}

AUTO_SECTIONS: Mapping[str, Label] = {
    "death_disability": ("死亡伤残", "Death and disability"),
    "medical": ("医疗费用", "Medical expenses"),
    "property_damage": ("财产损失", "Property damage"),
    "property_damage_substitution": ("财产损失(无责代赔)", "Property damage (substitution)"),
    "own_vehicle": ("本车损失", "Own vehicle"),
    "third_parties": ("第三者损失", "Third parties"),
    "driver": ("本车驾驶人", "Driver of the insured vehicle"),
    "passenger": ("本车乘客(按座)", "Passengers of the insured vehicle (per seat)"),
}

AUTO_BASIS: Mapping[str, Label] = {
    "survey": ("定损单", "Signed assessment"),
    "resurvey": ("复勘定损", "Signed re-survey"),
    "tender": ("招标最低合规报价", "Lowest compliant tender quote"),
    "pending": ("待定损", "Assessment pending"),
}

AUTO_DECISIONS: Mapping[str, Label] = {
    "approved": ("予以赔付", "Payable"),
    "denied": ("不予赔付", "Not payable"),
    "pending_assessment": ("待定损完成", "Waiting for the assessment"),
}

COMPULSORY_HANDLING: Mapping[str, Label] = {
    "normal": ("一般赔付", "Normal settlement"),
    "substitution": ("交强险无责代赔", "No-fault substitution (代赔)"),
    "mutual_collision": ("交强险互碰自赔", "Mutual collision self-settlement (互碰自赔)"),
}

REPAIR_ACTIONS: Mapping[str, Label] = {
    "repair": ("修复", "Repair"),
    "replace": ("更换", "Replace"),
    "replace_assembly": ("更换总成", "Replace assembly"),
}

# Auto partners (合作机构), price agreements, salvage and recoveries (issue 14).
PARTNER_KINDS: Mapping[str, Label] = {
    "repair_shop": ("修理厂", "Repair shop"),
    "assessor": ("公估机构", "Loss assessor"),
    "towing": ("拖车救援", "Towing and rescue"),
}

SHOP_TYPES: Mapping[str, Label] = {
    "4s": ("4S店", "Franchised dealer (4S)"),
    "cooperating": ("合作修理厂", "Cooperating repair shop"),
}

SHOP_LEVELS: Mapping[str, Label] = {
    "1": ("一类", "Class 1"),
    "2": ("二类", "Class 2"),
    "3": ("三类", "Class 3"),
}

AGREEMENT_KINDS: Mapping[str, Label] = {
    "parts": ("配件价格协议", "Parts price agreement"),
    "glass": ("玻璃价格协议", "Glass price agreement"),
}

SALVAGE_METHODS: Mapping[str, Label] = {
    "deduct": ("折价归被保险人（从赔款中扣除）", "Left with the insured, deducted from payment"),
    "sell": ("回收变卖（所得计入追偿）", "Sold, proceeds booked as a recovery"),
}

SALVAGE_STATUSES: Mapping[str, Label] = {
    "recorded": ("已登记", "Recorded"),
    "sold": ("已变卖", "Sold"),
    "signed_off": ("已签批", "Signed off"),
}

RECOVERY_KINDS: Mapping[str, Label] = {
    "subrogation": ("代位求偿", "Subrogation"),
    "salvage_sale": ("残值变卖", "Salvage sale"),
}

RECOVERY_STATUSES: Mapping[str, Label] = {
    "open": ("追偿中", "Open"),
    "partly_recovered": ("部分追回", "Partly recovered"),
    "recovered": ("已追回", "Recovered"),
    "written_off": ("已核销", "Written off"),
}

# The surveyor room (查勘定损工作台, issue 12): accident causes, survey kinds and states,
# a tender quote's shop compliance, the SLA states of the contact and arrival deadlines.
AUTO_ACCIDENT_CAUSES: Mapping[str, Label] = {
    "collision": ("碰撞", "Collision"),
    "theft": ("盗抢", "Theft"),
    "spontaneous_combustion": ("自燃", "Spontaneous combustion"),
    "fire": ("火灾", "Fire"),
    "rollover": ("倾覆", "Rollover"),
    "glass_breakage": ("玻璃单独破碎", "Glass breakage"),
    "flood": ("水淹", "Flood"),
    "other": ("其他", "Other"),
}

SURVEY_KINDS: Mapping[str, Label] = {
    "first": ("首次查勘", "First survey"),
    "resurvey": ("复勘", "Re-survey"),
}

SURVEY_STATUSES: Mapping[str, Label] = {
    "dispatched": ("已派工，待联系客户", "Dispatched, customer not yet called"),
    "contacted": ("已联系客户，待定损", "Customer called, assessment to record"),
    "recorded": ("已定损，待客户签字", "Assessed, awaiting the customer's signature"),
    "signed": ("客户已签字", "Signed by the customer"),
}

QUOTE_COMPLIANCE: Mapping[str, Label] = {
    "compliant": ("合规（合作修理厂，协议有效）", "Compliant (cooperating shop, agreement valid)"),
    "not_cooperating": ("不合规：非合作修理厂", "Not compliant: not a cooperating shop"),
    "no_agreement": ("不合规：无有效协议", "Not compliant: no valid agreement"),
    "inactive": ("不合规：已停用", "Not compliant: inactive"),
}

SLA_STATES: Mapping[str, Label] = {
    "on_track": ("正常", "On track"),
    "at_risk": ("即将超时", "At risk"),
    "breached": ("已超时", "Breached"),
    "met": ("已按时完成", "Met"),
}

# Column names of the partner and agreement imports, as a rejected row's field is shown.
IMPORT_FIELDS: Mapping[str, Label] = {
    "kind": ("类型", "kind"),
    "name": ("名称", "name"),
    "level": ("等级", "level"),
    "shop_type": ("修理厂类别", "shop type"),
    "agreement_no": ("协议号", "agreement number"),
    "contact": ("联系方式", "contact"),
    "region": ("地区", "region"),
    "active": ("是否有效", "active"),
    "fee": ("费用", "fee"),
    "part_code": ("配件代码", "part code"),
    "part_name": ("配件名称", "part name"),
    "vehicle_model": ("车型", "vehicle model"),
    "agreed_price": ("协议价", "agreed price"),
    "valid_from": ("生效日期", "valid from"),
    "valid_to": ("失效日期", "valid to"),
}

LARGE_CLAIM_OPINIONS: Mapping[str, Label] = {
    "agree": ("同意赔付", "Agree to pay"),
    "disagree": ("不同意（退回或拒赔）", "Disagree (send back or deny)"),
}

ACCIDENT_VISIT_KINDS: Mapping[str, Label] = {
    "accident_outpatient": ("意外门诊", "Accident outpatient"),
    "accident_inpatient": ("意外住院", "Accident inpatient"),
    "disease_inpatient": ("疾病住院", "Disease inpatient"),
}

# 事故原因 as the portal asks it: an accident, or one of the terms' 责任免除 causes (1.2).
ACCIDENT_CAUSES: Mapping[str, Label] = {
    "": ("意外事故（不属于下列情形）", "An accident (none of the following)"),
    "policyholder_intentional_harm": ("投保人故意伤害", "Intentional harm by the policyholder"),
    "self_harm_or_crime": ("故意自伤或犯罪", "Self-injury or crime"),
    "suicide": ("自杀", "Suicide"),
    "drug_use": ("吸毒", "Drug use"),
    "unsafe_driving": ("酒驾或无证驾驶", "Drunk or unlicensed driving"),
    "war_or_riot": ("战争或暴乱", "War or riot"),
    "nuclear": ("核辐射或核污染", "Nuclear radiation or contamination"),
    "sudden_death": ("猝死", "Sudden death"),
    "pregnancy_or_childbirth": ("妊娠、流产或分娩", "Pregnancy, miscarriage or childbirth"),
    "medication_against_advice": ("未遵医嘱用药", "Medication against medical advice"),
    "medical_accident_in_surgery": ("手术中的医疗事故", "Medical accident during surgery"),
}

OUTCOME_KINDS: Mapping[str, Label] = {
    "": ("无身故或伤残", "No death or disability"),
    "disability": ("伤残", "Disability"),
    "death": ("身故", "Death"),
}

# 工作台与具名操作 (issue 12): the claim page's named actions, each with its consequence, what a
# claim waits for, and the workbench's tabs and due filter.
CLAIM_ACTIONS: Mapping[str, Label] = {
    "accept": ("受理", "Accept"),
    "submit_review": ("提交理算", "Submit for adjustment"),
    "submit_approval": ("提交核赔", "Submit for approval"),
    "approve": ("核赔通过", "Approve"),
    "return_to_review": ("核赔退回", "Send back to adjustment"),
    "request_materials": ("退回补充材料", "Send back for materials"),
    "deny": ("拒赔", "Deny the claim"),
    "request_investigation": ("申请调查", "Request an investigation"),
    "finish_investigation": ("调查完毕，退回审核", "Investigation done, back to review"),
    "mark_difficult": ("转疑难案件", "Refer to the difficult-case panel"),
    "start_payment": ("发起支付", "Start payment"),
    "payment_failed": ("支付失败退回", "Payment failed: back to approved"),
    "close": ("结案", "Close"),
    "archive": ("归档", "Archive"),
    "reopen": ("重开赔案", "Reopen"),
    "withdraw": ("撤案", "Withdraw"),
}
ACTION_CONSEQUENCES: Mapping[str, Label] = {
    "accept": (
        "受理后系统核对材料，齐全则进入审核理算，缺件则一次性告知客户",
        "The system checks the materials: complete goes to adjustment, missing ones are "
        "listed to the customer at once",
    ),
    "submit_review": ("提交后进入审核理算", "The claim goes to review and adjustment"),
    "submit_approval": (
        "系统按条款理算，提交后由核赔人审批",
        "The engine calculates the payable; an approver then decides",
    ),
    "approve": (
        "核赔通过后生成支付指令，交财务支付",
        "A payment instruction is made for finance to pay",
    ),
    "return_to_review": (
        "退回理算人重新审核，须说明原因",
        "Back to the adjuster for another look, with your reason",
    ),
    "request_materials": (
        "时效暂停，系统通知客户补充材料，收齐后继续审核",
        "The clock pauses; the customer is asked for the materials",
    ),
    "deny": (
        "拒赔通知书将发送给客户，须选择拒赔原因并引用条款；此操作不可撤销",
        "The customer receives the denial notice with reasons and the clause; "
        "this cannot be undone",
    ),
    "request_investigation": (
        "案件转调查员调查，调查期间暂停理算",
        "An investigator takes the case; adjustment waits",
    ),
    "finish_investigation": (
        "调查结论记录后退回审核理算",
        "With the findings recorded, back to review",
    ),
    "mark_difficult": (
        "转疑难案件后由核赔小组集体表决，单个核赔人不能决定",
        "The panel votes on it; no single approver may decide",
    ),
    "start_payment": ("发起支付后由财务复核放款", "Finance releases the payment"),
    "payment_failed": (
        "退回已核赔状态，待更正收款账户后重新支付",
        "Back to approved to pay again once the account is corrected",
    ),
    "close": ("结案后案件只读，可重开", "The claim becomes read-only (it may be reopened)"),
    "archive": ("归档后案件移入档案", "The claim moves to the archive"),
    "reopen": ("重开后重新审核，须说明原因", "The claim is reviewed again, with your reason"),
    "withdraw": ("撤案后案件终止处理，须说明原因", "The claim ends here, with your reason"),
}
WAITING_ON: Mapping[str, Label] = {
    "acceptance": ("等待受理", "Waiting to be accepted"),
    "materials_check": ("等待理赔专员核对材料", "Waiting for the materials check"),
    "customer_materials": ("等待客户补充", "Waiting for the customer's materials"),
    "adjustment": ("等待理算", "Waiting for adjustment"),
    "investigation": ("等待调查结论", "Waiting for the investigation"),
    "approval": ("等待核赔人审批", "Waiting for an approver"),
    "payment": ("等待财务支付", "Waiting for finance to pay"),
    "bank": ("等待银行到账确认", "Waiting for the bank's confirmation"),
    "closing": ("等待结案", "Waiting to be closed"),
    "panel": ("等待疑难案件小组表决", "Waiting for the panel's vote"),
    "nothing": ("已办结", "Nothing outstanding"),
}
WORK_TABS: Mapping[str, Label] = {
    "all": ("全部", "All"),
    "new": ("新任务", "New"),
    "at_risk": ("即将超时", "At risk"),
    "breached": ("已超时", "Overdue"),
}
WORK_DUE: Mapping[str, Label] = {
    "any": ("不限", "Any time"),
    "today": ("24小时内到期", "Due within 24 hours"),
    "week": ("7天内到期", "Due within 7 days"),
}

# 人伤 on auto claims (issue 14): who was hurt, and the fee types of their bills (the health
# line types plus the costs the review never counts as necessary and reasonable).
INJURED_ROLES: Mapping[str, Label] = {
    "driver": ("本车驾驶人", "Driver of the insured vehicle"),
    "passenger": ("本车乘客", "Passenger of the insured vehicle"),
    "third_party": ("第三者", "Third party"),
}

INJURY_FEE_TYPES: Mapping[str, Label] = {
    **LINE_TYPES,
    "tonic_paste": ("营养滋补品", "Tonics and supplements"),
    "meals": ("伙食费", "Meals"),
    "special_needs": ("特需服务费", "Special-needs services"),
    "air_conditioning": ("空调费", "Air conditioning"),
    "heating": ("取暖费", "Heating"),
    "family_bed_fee": ("家庭病床费", "Home sickbed"),
}

# 死亡伤残 compensation items of an injured party (交强险条款 死亡伤残赔偿限额项下).
DEATH_DISABILITY_KINDS: Mapping[str, Label] = {
    "funeral": ("丧葬费", "Funeral expenses"),
    "death_compensation": ("死亡赔偿金", "Death compensation"),
    "disability_compensation": ("残疾赔偿金", "Disability compensation"),
    "dependant_living": ("被扶养人生活费", "Dependants' living expenses"),
    "lost_earnings": ("误工费", "Lost earnings"),
    "nursing": ("护理费", "Nursing"),
    "transport": ("交通费", "Transport"),
    "accommodation": ("住宿费", "Accommodation"),
    "disability_aids": ("残疾辅助器具费", "Disability aids"),
    "rehabilitation": ("康复费", "Rehabilitation"),
    "mental_distress": ("精神损害抚慰金", "Compensation for mental distress"),
}

# 预赔 (issue 15): how the estimate interval was obtained.
ESTIMATE_METHODS: Mapping[str, Label] = {
    "model": ("同类已结案件分位数模型", "quantile model over similar closed claims"),
    "engine": ("按条款对已提交明细试算", "the product's terms on the submitted lines"),
}

# Why a 预赔 estimate was made: the report, or a change of the claim's facts (a revision).
ESTIMATE_TRIGGERS: Mapping[str, Label] = {
    "report": ("报案", "the report"),
    "bill_lines": ("费用明细变更", "bill lines changed"),
    "materials": ("补充材料", "materials added"),
    "survey": ("定损签字", "survey assessment signed"),
}

# Product terms on the admin pages (系统管理 → 产品): benefit buckets and 责任免除 services.
COVERAGES: Mapping[str, Label] = {
    "outpatient": ("门急诊医疗", "Outpatient and emergency"),
    "inpatient": ("住院医疗", "Inpatient"),
    "accident_medical": ("意外医疗", "Accident medical"),
    "disease_inpatient": ("疾病住院医疗", "Disease inpatient"),
}

EXCLUDED_SERVICES: Mapping[str, Label] = {
    "physical_exam": ("体检", "Health check-ups"),
    "vaccination": ("预防接种", "Vaccination"),
    "family_planning": ("计划生育", "Family planning"),
    "pregnancy": ("妊娠、分娩", "Pregnancy and childbirth"),
    "infertility": ("不孕不育治疗", "Infertility treatment"),
    "std": ("性病", "Sexually transmitted disease"),
    "dental": ("牙科治疗", "Dental treatment"),
    "corrective": ("矫形、矫正", "Corrective treatment"),
    "cosmetic": ("美容、整形", "Cosmetic treatment"),
    "work_injury": ("工伤", "Work injury"),
    "traffic_accident": ("交通事故", "Traffic accident"),
    "fight_alcohol_selfharm": ("斗殴、醉酒或自伤", "Fighting, drunkenness or self-harm"),
    "drugs": ("吸毒", "Drug use"),
    "high_risk_sport": ("高风险运动", "High-risk sports"),
    "medical_appraisal": ("医疗鉴定", "Medical appraisal"),
    "self_harm_or_crime": ("故意自伤或犯罪", "Self-injury or crime"),
    "suicide": ("自杀", "Suicide"),
    "drug_use": ("吸毒", "Drug use"),
    "pregnancy_or_childbirth": ("妊娠、流产或分娩", "Pregnancy, miscarriage or childbirth"),
    "medication_against_advice": ("未遵医嘱用药", "Medication against medical advice"),
    "cosmetic_surgery": ("整容或手术医疗事故", "Cosmetic surgery or surgical accident"),
}

# 疑难案件 (panel): each member's vote and the panel's result.
PANEL_VOTES: Mapping[str, Label] = {
    "approve": ("同意赔付", "Approve payment"),
    "reject": ("不同意（拒赔）", "Reject (deny)"),
}

PANEL_OUTCOMES: Mapping[str, Label] = {
    "undecided": ("表决中", "Voting"),
    "approved": ("集体讨论通过，同意赔付", "Panel approved payment"),
    "rejected": ("集体讨论决定拒赔", "Panel decided to deny"),
}

# The insured's documented payee change (domain/payee_change.py).
PAYEE_CHANGE_STATUSES: Mapping[str, Label] = {
    "requested": ("待财务初审", "Awaiting finance"),
    "proposed": ("已初审，待复核", "Proposed, awaiting a second person"),
    "approved": ("已批准，按新账户支付", "Approved: paid to the new account"),
    "rejected": ("未批准", "Not approved"),
}

PAYEE_DOCUMENTS: Mapping[str, Label] = {
    "id_card_copy": ("身份证复印件", "Copy of the ID card"),
    "bank_book_copy": ("银行卡或存折复印件", "Copy of the bank card or passbook"),
}

# A notice's delivery (domain/notices.py::MessageStatus), on the staff claim page.
MESSAGE_STATUSES: Mapping[str, Label] = {
    "pending": ("待发送", "Waiting to be sent"),
    "sending": ("发送中", "Sending"),
    "sent": ("已发送", "Sent"),
    "failed": ("发送失败", "Failed"),
    "unconfirmed": ("送达未确认", "Delivery unconfirmed"),
}

# The audit trail on the staff claim page (审计记录): every recorded action by its name. "move"
# stands for every status move (`move:<status>`, the page adds "from → to"); notices are
# `notice:<kind>`.
AUDIT_ACTIONS: Mapping[str, Label] = {
    "move": ("办理", "Moved"),
    "report_claim": ("报案", "Claim reported"),
    "auto_report": ("车险报案", "Auto claim reported"),
    "register_claim": ("立案", "Claim registered"),
    "set_reserve": ("立案估损", "Reserve set"),
    "upload_material": ("上传材料", "Material uploaded"),
    "attach_material": ("关联材料", "Material attached"),
    "accept_material": ("材料审核通过", "Material accepted"),
    "reject_material": ("材料退回", "Material rejected"),
    "submit_materials": ("提交材料", "Materials submitted"),
    "notice:missing_materials": ("发出补充材料通知", "Missing-materials notice sent"),
    "notice:refusal": ("发出拒赔通知", "Refusal notice sent"),
    "verify_line": ("审核录入：费用明细", "Bill line verified"),
    "verify_visit": ("审核录入：就诊信息", "Visit verified"),
    "choose_visit_hospital": ("选择就诊医院", "Hospital chosen for the visit"),
    "override_line": ("人工调整理算", "Adjudication adjusted by hand"),
    "escalate_approval": ("超权限上报核赔", "Approval escalated (over the limit)"),
    "mark_difficult": ("转疑难案件", "Referred to the difficult-case panel"),
    "panel_vote": ("疑难案件表决", "Panel vote"),
    "refer_investigation": ("申请调查", "Investigation requested"),
    "close_investigation": ("调查结论", "Investigation concluded"),
    "investigation_note": ("调查记录", "Investigation note"),
    "assess_red_flags": ("风险信号评估", "Red flags assessed"),
    "payout_estimate": ("预赔估算", "Payout estimated"),
    "payment_instructed": ("生成支付指令", "Payment instructed"),
    "payment_released": ("复核放款", "Payment released"),
    "payment_paid": ("赔款到账", "Payment received"),
    "payment_failed": ("支付失败", "Payment failed"),
    "payment_cancelled": ("支付取消", "Payment cancelled"),
    "payment_reversed": ("支付冲正", "Payment reversed"),
    "archive_claim": ("归档", "Archived"),
    "quality_review": ("质量检查", "Quality review"),
    "reassign_task": ("任务改派", "Task reassigned"),
    "file_complaint": ("客户投诉", "Complaint filed"),
    "rate_service": ("客户评价", "Service rated"),
    "record_callback": ("回访", "Callback recorded"),
    "dispatch_first": ("查勘调度", "Survey dispatched"),
    "dispatch_resurvey": ("复勘调度", "Re-survey dispatched"),
    "survey_contact": ("查勘联系客户", "Surveyor contacted the customer"),
    "record_survey": ("查勘定损记录", "Survey recorded"),
    "sign_survey": ("定损签字确认", "Survey signed off"),
    "survey_thresholds": ("定损核价提示", "Survey thresholds checked"),
    "record_tender": ("维修招标报价", "Repair quotes recorded"),
    "record_liability": ("事故责任认定", "Liability recorded"),
    "auto_settlement": ("车险理算", "Auto settlement"),
    "add_injured": ("登记伤者", "Injured person added"),
    "add_injury_line": ("人伤费用", "Injury expense added"),
    "log_injury_visit": ("人伤跟踪探视", "Injury follow-up visit"),
    "record_injury_settlement": ("人伤调解协议", "Injury settlement recorded"),
    "record_salvage": ("残值登记", "Salvage recorded"),
    "sign_off_salvage": ("残值确认", "Salvage signed off"),
    "sell_salvage": ("残值处置", "Salvage sold"),
    "open_recovery": ("发起追偿", "Recovery opened"),
    "recovery_receipt": ("追偿回款", "Recovery received"),
    "write_off_recovery": ("追偿核销", "Recovery written off"),
    "log_consultation": ("客户咨询", "Consultation logged"),
    "payee_change_requested": ("客户申请变更收款账户", "Payee change requested by the insured"),
    "payee_change_proposed": ("收款账户变更初审", "Payee change proposed"),
    "payee_change_rejected": ("收款账户变更未批准", "Payee change not approved"),
    "payee_changed": ("变更收款账户", "Payee changed"),
    "notice_resent": ("重新发送通知", "Notice sent again"),
    "add_injury_death_disability_item": ("录入死亡伤残赔偿项目", "Death/disability item entered"),
    "payout_estimate_revised": ("预赔估算更新", "Payout estimate revised"),
}

FAMILIES: Mapping[str, Mapping[str, Label]] = MappingProxyType(
    {
        "panel_vote": PANEL_VOTES,
        "panel_outcome": PANEL_OUTCOMES,
        "coverage": COVERAGES,
        "excluded_service": EXCLUDED_SERVICES,
        "accident_visit_kind": ACCIDENT_VISIT_KINDS,
        "accident_cause": ACCIDENT_CAUSES,
        "outcome_kind": OUTCOME_KINDS,
        "large_claim_opinion": LARGE_CLAIM_OPINIONS,
        "material": MATERIALS,
        "line_type": LINE_TYPES,
        "role": ROLES,
        "permission": PERMISSIONS,
        "red_flag": RED_FLAGS,
        "flag_detail": FLAG_DETAILS,
        "routing": ROUTINGS,
        "ring_link": RING_LINKS,
        "investigation_status": INVESTIGATION_STATUSES,
        "investigation_outcome": INVESTIGATION_OUTCOMES,
        "payment_kind": PAYMENT_KINDS,
        "payment_status": PAYMENT_STATUSES,
        "denial_ground": DENIAL_GROUNDS,
        "customer_stage": STAGE_LABELS,
        "hospital_level": HOSPITAL_LEVELS,
        "hospital_grade": HOSPITAL_GRADES,
        "region": REGIONS,
        "hospital_state": HOSPITAL_STATES,
        "hospital_field": HOSPITAL_FIELDS,
        "verified_field": VERIFIED_FIELDS,
        "channel": CHANNELS,
        "complaint_severity": COMPLAINT_SEVERITIES,
        "complaint_root_cause": COMPLAINT_ROOT_CAUSES,
        "complaint_status": COMPLAINT_STATUSES,
        "complaint_action": COMPLAINT_ACTIONS,
        "referral_source": REFERRAL_SOURCES,
        "reserve_basis": RESERVE_BASES,
        "auto_cover": AUTO_COVERS,
        "auto_section": AUTO_SECTIONS,
        "auto_basis": AUTO_BASIS,
        "auto_decision": AUTO_DECISIONS,
        "compulsory_handling": COMPULSORY_HANDLING,
        "repair_action": REPAIR_ACTIONS,
        "partner_kind": PARTNER_KINDS,
        "shop_type": SHOP_TYPES,
        "shop_level": SHOP_LEVELS,
        "agreement_kind": AGREEMENT_KINDS,
        "salvage_method": SALVAGE_METHODS,
        "salvage_status": SALVAGE_STATUSES,
        "recovery_kind": RECOVERY_KINDS,
        "recovery_status": RECOVERY_STATUSES,
        "import_field": IMPORT_FIELDS,
        "archive_document": ARCHIVE_DOCUMENTS,
        "borrow_status": BORROW_STATUSES,
        "destruction_status": DESTRUCTION_STATUSES,
        "archive_view": ARCHIVE_VIEWS,
        "claim_action": CLAIM_ACTIONS,
        "action_consequence": ACTION_CONSEQUENCES,
        "waiting_on": WAITING_ON,
        "work_tab": WORK_TABS,
        "work_due": WORK_DUE,
        "injured_role": INJURED_ROLES,
        "injury_fee_type": INJURY_FEE_TYPES,
        "estimate_method": ESTIMATE_METHODS,
        "auto_accident_cause": AUTO_ACCIDENT_CAUSES,
        "survey_kind": SURVEY_KINDS,
        "survey_status": SURVEY_STATUSES,
        "quote_compliance": QUOTE_COMPLIANCE,
        "sla_state": SLA_STATES,
        "death_disability_kind": DEATH_DISABILITY_KINDS,
        "payee_change_status": PAYEE_CHANGE_STATUSES,
        "payee_document": PAYEE_DOCUMENTS,
        "message_status": MESSAGE_STATUSES,
        "audit_action": AUDIT_ACTIONS,
        "estimate_trigger": ESTIMATE_TRIGGERS,
    }
)


def label(family: str, code: object, lang: str = "zh") -> str:
    """The label of `code` in its family; an unknown code is shown as it is (and tested for)."""
    zh, en = FAMILIES[family].get(str(code), (str(code), str(code)))
    return en if lang == "en" else zh


def audit_action_label(action: str, lang: str = "zh") -> str:
    """An audit action by its name: every status move as "办理", complaint steps by theirs."""
    family = COMPLAINT_ACTIONS if action in COMPLAINT_ACTIONS else AUDIT_ACTIONS
    key = "move" if action.startswith("move:") else action
    zh, en = family.get(key, ("其他操作", "Other action"))
    return en if lang == "en" else zh


def labels(family: str, codes: Iterable[object], lang: str = "zh") -> list[str]:
    return [label(family, code, lang) for code in codes]


def both(family: str, code: object) -> Label:
    """(zh, en): for messages that carry both languages (Forbidden, Refused)."""
    return label(family, code, "zh"), label(family, code, "en")


def visit_names(visits: Iterable[Visit]) -> dict[str, str]:
    """A visit by what the customer remembers (date and hospital), not its reference V1."""
    return {v.visit_ref: f"{v.date.isoformat()} {v.hospital_name}".strip() for v in visits}


def line_names(visits: Iterable[Visit], lang: str = "zh") -> dict[tuple[str, str], str]:
    """A bill line by its item name, else its type's label: never its reference L1."""
    return {
        (v.visit_ref, line.line_ref): line.name or label("line_type", line.type, lang)
        for v in visits
        for line in v.lines
    }
