"""Choices of the support desk: needs, support requests and what the hub does about them.

The request lifecycle's allowed moves are data (`Transition` rows, loaded by migration 0002 and kept by
administrators); the stages themselves are fixed here because the clocks and queues read them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Theme(models.TextChoices):
    """What a need is about, in the terms local committees use (the UN Plan of Action's priority areas and the
    seed documents' subjects)."""

    DIALOGUE = "dialogue", _("Dialogue and conflict prevention")
    GOVERNANCE = "governance", _("Good governance and the rule of law")
    COMMUNITY = "community", _("Community engagement")
    YOUTH = "youth", _("Youth empowerment")
    WOMEN = "women", _("Gender equality and women's empowerment")
    EDUCATION = "education", _("Education and skills")
    EMPLOYMENT = "employment", _("Jobs and livelihoods")
    COMMUNICATION = "communication", _("Strategic communication and the internet")
    REINTEGRATION = "reintegration", _("Return, rehabilitation and reintegration")
    RELIGIOUS = "religious", _("Religious leaders and discourse")
    CAPACITY = "capacity", _("Local capacity and coordination")
    OTHER = "other", _("Other")


class AffectedGroup(models.TextChoices):
    """Groups affected, as categories only — never a person."""

    YOUTH = "youth", _("Youth")
    WOMEN = "women", _("Women")
    CHILDREN = "children", _("Children")
    RETURNEES = "returnees", _("Returnees")
    DISPLACED = "displaced", _("Displaced people")
    MINORITIES = "minorities", _("Minorities")
    DETAINEES = "detainees", _("Detainees and former detainees")
    RELIGIOUS_LEADERS = "religious_leaders", _("Religious leaders")
    TEACHERS = "teachers", _("Teachers and students")
    LOCAL_OFFICIALS = "local_officials", _("Local officials")
    WHOLE_COMMUNITY = "whole_community", _("The whole community")


class NeedSource(models.TextChoices):
    CONSULTATION = "consultation", _("Community consultation")
    ASSESSMENT = "assessment", _("Assessment")
    EVENT = "event", _("Event")
    PLAN_REVIEW = "plan_review", _("Plan review")
    HUB_VISIT = "hub_visit", _("Hub visit")


class NeedStatus(models.TextChoices):
    IDENTIFIED = "identified", _("Identified")
    VALIDATED = "validated", _("Validated")
    BEING_ADDRESSED = "being_addressed", _("Being addressed")
    MET = "met", _("Met")
    PARTLY_MET = "partly_met", _("Partly met")
    NO_LONGER_RELEVANT = "no_longer_relevant", _("No longer relevant")


# A need's allowed moves; each needs a reason (a sentence), recorded with who and when.
NEED_MOVES = {
    NeedStatus.IDENTIFIED: {NeedStatus.VALIDATED, NeedStatus.NO_LONGER_RELEVANT},
    NeedStatus.VALIDATED: {NeedStatus.BEING_ADDRESSED, NeedStatus.NO_LONGER_RELEVANT, NeedStatus.IDENTIFIED},
    NeedStatus.BEING_ADDRESSED: {NeedStatus.MET, NeedStatus.PARTLY_MET, NeedStatus.NO_LONGER_RELEVANT,
                                 NeedStatus.VALIDATED},
    NeedStatus.MET: {NeedStatus.BEING_ADDRESSED},
    NeedStatus.PARTLY_MET: {NeedStatus.BEING_ADDRESSED, NeedStatus.MET},
    NeedStatus.NO_LONGER_RELEVANT: {NeedStatus.IDENTIFIED},
}


class RequestType(models.TextChoices):
    TECHNICAL_ASSISTANCE = "technical_assistance", _("Technical assistance")
    TRAINING = "training", _("Training")
    PEER_EXCHANGE = "peer_exchange", _("Peer exchange")
    EXPERT_VISIT = "expert_visit", _("Expert visit")
    FUNDING_REFERRAL = "funding_referral", _("Funding referral")
    INFORMATION = "information", _("Information")


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class Priority(models.TextChoices):
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class Stage(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    TRIAGE = "triage", _("In triage")
    NEEDS_INFORMATION = "needs_information", _("Needs information")
    ACCEPTED = "accepted", _("Accepted")
    MATCHING = "matching", _("Matching")
    PLAN_AGREED = "plan_agreed", _("Plan agreed")
    IN_DELIVERY = "in_delivery", _("In delivery")
    DELIVERED = "delivered", _("Delivered")
    FOLLOW_UP = "follow_up", _("Follow-up")
    CLOSED = "closed", _("Closed")
    DECLINED = "declined", _("Declined")
    REDIRECTED = "redirected", _("Redirected")
    MERGED = "merged", _("Merged as duplicate")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Stages a request no longer moves from (except by reopening, which the default moves do not offer).
FINAL_STAGES = {Stage.CLOSED, Stage.DECLINED, Stage.REDIRECTED, Stage.MERGED, Stage.WITHDRAWN}
# Stages in which the requesting organisation still edits its request.
EDITABLE_STAGES = {Stage.DRAFT, Stage.NEEDS_INFORMATION}
# Stages whose clocks are stopped: the desk waits for the locality.
PAUSED_STAGES = {Stage.NEEDS_INFORMATION}


class Mover(models.TextChoices):
    """Who may make a move (a `Transition` row lists one or more)."""

    REQUESTER = "requester", _("The requesting organisation")
    HUB = "hub", _("The hub's experts")
    COORDINATOR = "coordinator", _("National coordinators")


class ReasonKind(models.TextChoices):
    """The lists of reasons administrators keep: one per kind of move that needs one, and for a rejected match."""

    DECLINE = "decline", _("Declining a request")
    REDIRECT = "redirect", _("Redirecting a request")
    MERGE = "merge", _("Merging a duplicate")
    WITHDRAW = "withdraw", _("Withdrawing a request")
    CLOSE = "close", _("Closing a request")
    REJECT_MATCH = "reject_match", _("Rejecting a match")
    REFERRAL_DECLINE = "referral_decline", _("Declining a referral")


class Clock(models.TextChoices):
    """The three service-level clocks, each from submission (working days, pauses left out)."""

    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement")
    TRIAGE = "triage", _("Triage decision")
    DELIVERY = "delivery", _("Start of delivery")


class CandidateKind(models.TextChoices):
    PRACTICE = "practice", _("Practice")
    EXPERT = "expert", _("Expert")
    PEER = "peer", _("Peer locality")
    PARTNER = "partner", _("Partner organisation")


class CandidateStatus(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested")
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class Availability(models.TextChoices):
    AVAILABLE = "available", _("Available")
    LIMITED = "limited", _("Limited availability")
    UNAVAILABLE = "unavailable", _("Unavailable")


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    NO_ANSWER = "no_answer", _("No answer by the deadline")


class EngagementType(models.TextChoices):
    WORKSHOP = "workshop", _("Workshop")
    TRAINING = "training", _("Training session")
    COACHING = "coaching", _("Coaching or advice")
    VISIT = "visit", _("Visit")
    PEER_EXCHANGE = "peer_exchange", _("Peer exchange")
    MEETING = "meeting", _("Meeting")
    DOCUMENT_REVIEW = "document_review", _("Document review")


class NextStepParty(models.TextChoices):
    HUB = "hub", _("Hub")
    LOCALITY = "locality", _("Locality")
    PARTNER = "partner", _("Partner")


class NeedMet(models.TextChoices):
    FULLY = "fully", _("Fully")
    PARTLY = "partly", _("Partly")
    NOT = "not", _("Not")


class SupportLanguage(models.TextChoices):
    AR = "ar", _("Arabic")
    EN = "en", _("English")
    CKB = "ckb", _("Kurdish (Sorani)")
    KMR = "kmr", _("Kurdish (Kurmanji)")
    FR = "fr", _("French")
    TR = "tr", _("Turkmen / Turkish")
    SYR = "syr", _("Syriac")


# The installation's default service-level targets, in working days from submission: (type, priority) → clock →
# days. Administrators change them (`ServiceTarget` rows); migration 0002 loads these.
DEFAULT_TARGETS = {
    Priority.NORMAL: {Clock.ACKNOWLEDGEMENT: 2, Clock.TRIAGE: 10, Clock.DELIVERY: 40},
    Priority.HIGH: {Clock.ACKNOWLEDGEMENT: 1, Clock.TRIAGE: 5, Clock.DELIVERY: 20},
    Priority.URGENT: {Clock.ACKNOWLEDGEMENT: 1, Clock.TRIAGE: 2, Clock.DELIVERY: 10},
}
