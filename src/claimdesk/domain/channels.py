"""Channels: how a customer reached us (complaints, consultations) and how a notice goes out.

One enum, so a stored channel means the same everywhere; each use takes its own subset.
"""

from __future__ import annotations

from enum import StrEnum


class Channel(StrEnum):
    PHONE = "phone"
    ONLINE = "online"
    WALK_IN = "walk_in"  # a complaint made in person
    PORTAL = "portal"  # filed by the customer on the portal
    COUNTER = "counter"  # a consultation at the service counter (柜面)
    APP = "app"
    SMS = "sms"
    EMAIL = "email"
    IN_APP = "in_app"


# An agent logs phone, online and walk-in complaints; portal ones are filed by the customer.
LOGGED_COMPLAINT_CHANNELS = frozenset({Channel.PHONE, Channel.ONLINE, Channel.WALK_IN})
CONSULTATION_CHANNELS = frozenset({Channel.PHONE, Channel.ONLINE, Channel.COUNTER, Channel.APP})
DELIVERY_CHANNELS = frozenset({Channel.SMS, Channel.EMAIL, Channel.IN_APP})
