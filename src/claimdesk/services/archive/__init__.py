"""档案管理: archive records of closed claims, borrowing (借阅) and destruction (销毁)."""
