"""Plausible Chinese people for demo data: names, resident ID numbers, phones, bank cards."""

from __future__ import annotations

import random
from datetime import date, timedelta

from stdnum import luhn
from stdnum.cn import ric

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯"
    "邓曹彭曾萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文辉力宁斌燕晨欣怡浩然子涵雨轩梓"
)
REGIONS = (
    "310101",
    "310104",
    "310105",
    "310106",
    "310109",
    "310110",
)  # codes stdnum knows for 1962–2000


def chinese_name(rng: random.Random) -> str:
    length = rng.choice((1, 2, 2))
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(length))


def id_number(rng: random.Random) -> str:
    birth = date(1962, 1, 1) + timedelta(days=rng.randint(0, 365 * 38))
    body = f"{rng.choice(REGIONS)}{birth:%Y%m%d}{rng.randint(0, 999):03d}"
    # calc_check_digit reads a full 18-character number and ignores its last character.
    return body + ric.calc_check_digit(body + "0")


def mobile_phone(rng: random.Random) -> str:
    return f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(0, 99999999):08d}"


def bank_card_number(rng: random.Random) -> str:
    body = f"622202{rng.randint(0, 10**12 - 1):012d}"
    return body + luhn.calc_check_digit(body)
