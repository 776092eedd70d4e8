"""审核录入: specialists correct visits and bill lines against the receipts."""
