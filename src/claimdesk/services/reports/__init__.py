"""Reports slice: the monthly 理赔时效监测表 (computed, stored, submitted) and 未结案原因."""
