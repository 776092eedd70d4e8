"""Display names (zh, en) of the codes the pages show: statuses, materials, bill line types."""

from __future__ import annotations

STATUS_NAMES = {
    "reported": ("已报案", "Reported"),
    "accepted": ("已受理", "Accepted"),
    "materials_pending": ("待补材料", "Materials pending"),
    "under_review": ("审核中", "Under review"),
    "investigation": ("调查中", "Under investigation"),
    "adjudicated": ("已理算", "Adjudicated"),
    "approved": ("已核赔", "Approved"),
    "payment_pending": ("待支付", "Payment pending"),
    "paid": ("已赔付", "Paid"),
    "closed": ("已结案", "Closed"),
    "archived": ("已归档", "Archived"),
    "denied": ("已拒赔", "Denied"),
    "withdrawn": ("已注销", "Withdrawn"),
    "reopened": ("已重开", "Reopened"),
}

DECISION_NAMES = {
    "approved": ("全额赔付", "Approved in full"),
    "partially_approved": ("部分赔付", "Partially approved"),
    "denied": ("不予赔付", "Nothing payable"),
    "pending_materials": ("待补材料", "Pending materials"),
}

MATERIAL_NAMES = {
    "id_copy": ("被保险人身份证复印件", "Copy of the insured's ID card"),
    "original_receipts": ("医疗费用原始收据", "Original medical receipts"),
    "bank_book_copy": ("银行卡或存折复印件", "Copy of the bank card or passbook"),
    "medical_record_copy": ("门诊病历复印件", "Copy of the outpatient record"),
    "itemized_drug_list": ("药品明细清单", "Itemised drug list"),
    "discharge_summary_copy": ("出院小结复印件", "Copy of the discharge summary"),
    "itemized_inpatient_list": ("住院费用明细清单", "Itemised inpatient bill"),
    "local_relief_list": ("地方医疗救助结算单", "Local medical relief statement"),
    "other_insurer_settlement": ("其他保险公司理赔结算单", "Other insurer's settlement"),
    "insurance_reimbursement_list": ("医保报销结算单", "Social insurance reimbursement list"),
}

LINE_TYPE_NAMES = {
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
}

BILL_PARTS = {
    "fund_paid": ("统筹支付", "Fund paid"),
    "category_self_pay": ("分类自负", "Category self-pay"),
    "self_funded": ("自费", "Self-funded"),
    "self_pay": ("自负", "Self-pay"),
}

VISIT_KINDS = {
    "outpatient": ("门诊", "Outpatient"),
    "emergency": ("急诊", "Emergency"),
    "inpatient": ("住院", "Inpatient"),
}

BADGE_NAMES = {
    "on_track": ("正常", "On track"),
    "at_risk": ("临近时限", "At risk"),
    "breached": ("已超时", "Breached"),
    "met": ("已按时完成", "Met"),
    "cancelled": ("不适用", "No longer applies"),
}

ROLE_NAMES = {
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

LINE_OF_BUSINESS_NAMES = {
    "health": ("健康险", "Health"),
    "accident": ("意外险", "Accident"),
    "auto": ("车险", "Auto"),
}

TASK_NAMES = {
    "accept": ("受理", "Accept"),
    "check_materials": ("审核材料", "Check materials"),
    "investigate": ("调查", "Investigate"),
    "adjudicate": ("理算", "Adjudicate"),
    "approve": ("核赔", "Approve"),
    "pay": ("支付", "Pay"),
    "call_back": ("回访", "Call back"),
    "escalation": ("升级处理", "Escalation"),
}

NAMES = {
    "status": STATUS_NAMES,
    "decision": DECISION_NAMES,
    "material": MATERIAL_NAMES,
    "line_type": LINE_TYPE_NAMES,
    "part": BILL_PARTS,
    "visit_kind": VISIT_KINDS,
    "badge": BADGE_NAMES,
    "role": ROLE_NAMES,
    "line": LINE_OF_BUSINESS_NAMES,
    "task": TASK_NAMES,
}
