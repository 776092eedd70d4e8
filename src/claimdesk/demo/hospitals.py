"""The demo's hospital registry (医院目录): Shanghai hospitals designated for the group medical
product (seed 004 第五部分 医院名录), district and community hospitals, hospitals elsewhere,
and a private clinic that is NOT designated (某私立诊所（非指定）)."""

from __future__ import annotations

from claimdesk.domain.users import User
from claimdesk.services.context import ServiceContext
from claimdesk.services.hospitals.use_cases import ImportReport, import_hospitals

GROUP = "tianan-group-medical"
# code, name, level, region, public, aliases, designated for the group product
REGISTRY: tuple[tuple[str, str, str, str, str, str, str], ...] = (
    ("SH-0001", "复旦大学附属中山医院", "三级甲等", "上海", "是", "中山医院;上海中山医院", GROUP),
    ("SH-0002", "上海交通大学医学院附属瑞金医院", "三级甲等", "上海", "是", "瑞金医院;瑞金", GROUP),
    ("SH-0003", "上海市第六人民医院", "三级甲等", "上海", "是", "六院;市六医院", GROUP),
    ("SH-0004", "上海市第一人民医院", "三级甲等", "上海", "是", "一院;市一医院", GROUP),
    ("SH-0005", "复旦大学附属华山医院", "三级甲等", "上海", "是", "华山医院", GROUP),
    ("SH-0006", "上海交通大学医学院附属仁济医院", "三级甲等", "上海", "是", "仁济医院", GROUP),
    ("SH-0007", "上海市徐汇区中心医院", "二级甲等", "上海", "是", "徐汇区中心医院", GROUP),
    ("SH-0008", "上海市静安区闸北中心医院", "二级甲等", "上海", "是", "闸北中心医院", GROUP),
    ("SH-0009", "上海市长宁区天山中医医院", "二级甲等", "上海", "是", "天山中医医院", ""),
    (
        "SH-0101",
        "上海市徐汇区枫林街道社区卫生服务中心",
        "一级",
        "上海",
        "是",
        "枫林社区卫生服务中心",
        GROUP,
    ),
    ("SH-P001", "某私立诊所（非指定）", "未定级", "上海", "否", "某私立诊所", ""),
    ("SH-P002", "上海某某医疗美容门诊部", "未定级", "上海", "否", "", ""),
    ("JS-0001", "江苏省人民医院", "三级甲等", "江苏", "是", "省人医", ""),
    ("ZJ-0001", "浙江大学医学院附属第一医院", "三级甲等", "浙江", "是", "浙大一院", ""),
)
HEADER = ("医院编码", "医院名称", "等级", "地区", "公立", "别名", "指定产品")


def load_registry(context: ServiceContext, admin: User) -> ImportReport:
    rows = [dict(zip(HEADER, row, strict=True)) for row in REGISTRY]
    return import_hospitals(context, actor=admin, rows=rows)
