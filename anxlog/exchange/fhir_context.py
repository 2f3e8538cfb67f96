"""FHIR resources of the treatment context: how a session was tolerated, and events.

- Blood pressure: the standard vital-signs Observation (FHIR R4 "Observation Blood
  Pressure" profile, http://hl7.org/fhir/StructureDefinition/bp): LOINC 85354-9 with the
  components 8480-6 (systolic) and 8462-4 (diastolic) in UCUM mm[Hg]. A note says
  whether it was measured before or after the session; no extension is needed.
- Dissociation and nausea: anxlog's own self-rated items, so their Observations have a
  text-only code and an integer value 0–3, never a validated scale's codes.
- Events: Observations with a text-only code and the person's words as the value.

Every Observation of a session points at the session's MedicationAdministration
(``partOf``) and has the session's day and time; ids derive from the record's uid.
"""

from __future__ import annotations

from typing import Any

from ..records import LEVELS, BloodPressure, Event, Session
from .fhir import (
    ANXLOG_FHIR,
    LOINC,
    OBSERVATION_CATEGORY,
    UCUM,
    Resource,
    _fhir_text,
    _reference,
    _resource_id,
    _session_moment,
)

BP_PROFILE = "http://hl7.org/fhir/StructureDefinition/bp"
BP_PANEL = ("85354-9", "Blood pressure panel with all children optional")
SYSTOLIC = ("8480-6", "Systolic blood pressure")
DIASTOLIC = ("8462-4", "Diastolic blood pressure")
MM_HG = "mm[Hg]"
EVENT_UID_SYSTEM = f"{ANXLOG_FHIR}/sid/event-uid"
# a session's Observations: "<session uid>/<part>", e.g. ".../bp-before" (one per part)
SESSION_PART_SYSTEM = f"{ANXLOG_FHIR}/sid/session-observation"
SCALE = ", ".join(f"{value} {label}" for value, label in enumerate(LEVELS))
DISSOCIATION_TEXT = (
    f"Dissociation during the session, self-rated ({SCALE}; anxlog's own item, "
    "not a validated scale)"
)
NAUSEA_TEXT = f"Nausea with the session, self-rated ({SCALE}; anxlog's own item)"
EVENT_TEXT = "Other change noted by the person (medication, therapy, life events)"


def _category(code: str, display: str) -> list[dict[str, Any]]:
    return [{"coding": [{"system": OBSERVATION_CATEGORY, "code": code, "display": display}]}]


def _loinc(code_and_display: tuple[str, str]) -> dict[str, Any]:
    code, display = code_and_display
    return {"coding": [{"system": LOINC, "code": code, "display": display}]}


def _session_observation(
    session: Session, patient_id: str, part: str, fields: dict[str, Any]
) -> Resource:
    """An Observation of ``session``: ``part`` names it in the id, ``fields`` add the rest."""
    return {
        "resourceType": "Observation",
        "id": _resource_id(f"Observation/{part}", session.uid),
        "identifier": [{"system": SESSION_PART_SYSTEM, "value": f"{session.uid}/{part}"}],
        **fields,
        "partOf": [_reference(_resource_id("MedicationAdministration", session.uid))],
        "status": "final",
        "subject": _reference(patient_id),
        "effectiveDateTime": _session_moment(session.day, session.time),
    }


def blood_pressure(
    session: Session, patient_id: str, reading: BloodPressure, when: str
) -> Resource:
    """A reading ``when`` = 'before' or 'after' the session, as the vital-signs profile asks."""
    return _session_observation(
        session,
        patient_id,
        f"bp-{when}",
        {
            "meta": {"profile": [BP_PROFILE]},
            "category": _category("vital-signs", "Vital Signs"),
            "code": {**_loinc(BP_PANEL), "text": "Blood pressure"},
            "note": [{"text": f"Measured {when} the session."}],
            "component": [
                {
                    "code": _loinc(code),
                    "valueQuantity": {
                        "value": value,
                        "unit": MM_HG,
                        "system": UCUM,
                        "code": MM_HG,
                    },
                }
                for code, value in ((SYSTOLIC, reading.systolic), (DIASTOLIC, reading.diastolic))
            ],
        },
    )


def _level(session: Session, patient_id: str, part: str, text: str, level: int) -> Resource:
    return _session_observation(
        session,
        patient_id,
        part,
        {
            "category": _category("survey", "Survey"),
            "code": {"text": text},  # text only: anxlog's own item has no standard code
            "valueInteger": level,
        },
    )


def session_context(session: Session, patient_id: str) -> list[Resource]:
    """The Observations of how ``session`` was tolerated (none when nothing was recorded)."""
    felt = session.tolerability
    resources = []
    if felt.dissociation is not None:
        resources.append(
            _level(session, patient_id, "dissociation", DISSOCIATION_TEXT, felt.dissociation)
        )
    if felt.nausea is not None:
        resources.append(_level(session, patient_id, "nausea", NAUSEA_TEXT, felt.nausea))
    for when, reading in (("before", felt.bp_before), ("after", felt.bp_after)):
        if reading is not None:
            resources.append(blood_pressure(session, patient_id, reading, when))
    return resources


def event_observation(event: Event, patient_id: str) -> Resource:
    return {
        "resourceType": "Observation",
        "id": _resource_id("Observation/event", event.uid),
        "identifier": [{"system": EVENT_UID_SYSTEM, "value": event.uid}],
        "status": "final",
        "code": {"text": EVENT_TEXT},
        "subject": _reference(patient_id),
        "effectiveDateTime": event.day.isoformat(),
        "valueString": _fhir_text(event.text),
    }
