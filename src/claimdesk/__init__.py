"""ClaimDesk — insurance claims management and customer service (理赔管理与客户服务系统)."""

__version__ = "0.1.0"
