"""Display names of the codes the pages show, as gettext message ids (English; zh_CN in the
catalogue under locale/): statuses, materials, bill line types, roles."""

from __future__ import annotations


def N_(message: str) -> str:
    """Marks a message id for extraction (pybabel -k N_); translated where it is shown."""
    return message


STATUS_NAMES = {
    "reported": N_("Reported"),
    "accepted": N_("Accepted"),
    "materials_pending": N_("Materials pending"),
    "under_review": N_("Under review"),
    "investigation": N_("Under investigation"),
    "adjudicated": N_("Adjudicated"),
    "approved": N_("Approved"),
    "payment_pending": N_("Payment pending"),
    "paid": N_("Paid"),
    "closed": N_("Closed"),
    "archived": N_("Archived"),
    "denied": N_("Denied"),
    "withdrawn": N_("Withdrawn"),
    "reopened": N_("Reopened"),
}

DECISION_NAMES = {
    "approved": N_("Approved in full"),
    "partially_approved": N_("Partially approved"),
    "denied": N_("Nothing payable"),
    "pending_materials": N_("Pending materials"),
}

MATERIAL_NAMES = {
    "id_copy": N_("Copy of the insured's ID card"),
    "original_receipts": N_("Original medical receipts"),
    "bank_book_copy": N_("Copy of the bank card or passbook"),
    "medical_record_copy": N_("Copy of the outpatient record"),
    "itemized_drug_list": N_("Itemised drug list"),
    "discharge_summary_copy": N_("Copy of the discharge summary"),
    "itemized_inpatient_list": N_("Itemised inpatient bill"),
    "local_relief_list": N_("Local medical relief statement"),
    "other_insurer_settlement": N_("Other insurer's settlement"),
    "insurance_reimbursement_list": N_("Social insurance reimbursement list"),
}

LINE_TYPE_NAMES = {
    "drug_western": N_("Western medicine"),
    "drug_patent_chinese": N_("Chinese patent medicine"),
    "drug_tcm_decoction": N_("Chinese herbal decoction"),
    "registration": N_("Registration"),
    "consultation_fee": N_("Consultation"),
    "exam_basic": N_("Examination"),
    "exam_special": N_("Special examination"),
    "lab": N_("Laboratory test"),
    "treatment": N_("Treatment"),
    "surgery": N_("Surgery"),
    "bed": N_("Bed"),
    "nursing": N_("Nursing"),
    "material": N_("Medical materials"),
}

BILL_PARTS = {
    "fund_paid": N_("Fund paid"),
    "category_self_pay": N_("Category self-pay"),
    "self_funded": N_("Self-funded"),
    "self_pay": N_("Self-pay"),
}

VISIT_KINDS = {
    "outpatient": N_("Outpatient"),
    "emergency": N_("Emergency"),
    "inpatient": N_("Inpatient"),
}

BADGE_NAMES = {
    "on_track": N_("On track"),
    "at_risk": N_("At risk"),
    "breached": N_("Breached"),
    "met": N_("Met"),
    "cancelled": N_("No longer applies"),
}

ROLE_NAMES = {
    "customer": N_("Customer"),
    "agent": N_("Service agent"),
    "specialist": N_("Claims specialist"),
    "surveyor": N_("Surveyor"),
    "approver": N_("Approver"),
    "manager": N_("Claims manager"),
    "investigator": N_("Investigator"),
    "finance": N_("Finance"),
    "admin": N_("Administrator"),
}

LINE_OF_BUSINESS_NAMES = {
    "health": N_("Health"),
    "accident": N_("Accident"),
    "auto": N_("Auto"),
}

TASK_NAMES = {
    "accept": N_("Accept"),
    "check_materials": N_("Check materials"),
    "investigate": N_("Investigate"),
    "adjudicate": N_("Adjudicate"),
    "approve": N_("Approve"),
    "pay": N_("Pay"),
    "call_back": N_("Call back"),
    "escalation": N_("Escalation"),
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
