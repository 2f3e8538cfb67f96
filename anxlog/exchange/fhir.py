"""The FHIR R4 Bundle a person hands to their provider.

Entries, in this order: one Patient; per rating a QuestionnaireResponse and an
Observation of its total (ratings in time order); per session a
MedicationAdministration (treatment order) and the Observations of how it was tolerated
(fhir_context.py); per event an Observation. References use ``urn:uuid:`` full URLs.

A ``collection`` is for reading. A ``transaction`` is for loading into a server: each
entry is a conditional create (``POST`` with ``ifNoneExist`` on the resource's own
identifier), so loading the same bundle twice creates nothing twice.

The standard two-week GAD-7 is coded with LOINC (panel 69737-5, loinc.org). The daily check-in is
anxlog's own 24-hour adaptation, not the validated instrument, so it is never coded
with those codes: its responses point at anxlog's own questionnaire canonical
``DAILY_QUESTIONNAIRE`` and its total's Observation has a text-only code.

Resource ids are derived from each record's uid (UUID version 5), so exporting the
same data twice gives the same ids; the Patient id is random, kept in the database.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date
from typing import Any
from urllib.parse import quote

from .. import dates
from ..instrument import (
    DIFFICULTY_LABELS,
    DIFFICULTY_QUESTION,
    GAD7,
    ITEM_KEYS,
    ITEMS,
    QUESTIONNAIRES,
)
from ..records import Event, Rating, Session

Resource = dict[str, Any]

# anxlog's own canonical URLs: stable names, deliberately under the reserved .invalid domain
# (RFC 2606) because nothing is served there.
ANXLOG_FHIR = "https://anxlog.invalid/fhir"
DAILY_QUESTIONNAIRE = f"{ANXLOG_FHIR}/Questionnaire/daily-check-in"
RATING_UID_SYSTEM = f"{ANXLOG_FHIR}/sid/rating-uid"
SESSION_UID_SYSTEM = f"{ANXLOG_FHIR}/sid/session-uid"
PATIENT_ID_SYSTEM = f"{ANXLOG_FHIR}/sid/patient-id"
RESOURCE_IDS = uuid.uuid5(uuid.NAMESPACE_URL, ANXLOG_FHIR)

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"

# LOINC codes of the standard GAD-7 (panel 69737-5 at loinc.org; docs/exchange.md, "Export")
GAD7_QUESTIONNAIRE = "http://loinc.org/q/69737-5"
GAD7_ITEM_CODES = ("69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7")
GAD7_TOTAL_CODE = "70274-6"
GAD7_TOTAL_DISPLAY = "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]"
DIFFICULTY_CODE = "69722-7"
ANSWER_CODES = ("LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9")
DIFFICULTY_CODES = ("LA6572-7", "LA6573-5", "LA6575-0", "LA6574-3")
SCORE_UNIT = "{score}"

DAILY_TOTAL_TEXT = (
    "anxlog daily check-in total (24-hour adaptation of the GAD-7 items, 0-21; not a GAD-7 score)"
)


def _fhir_text(text: str) -> str:
    # FHIR strings should hold no control characters other than tab, CR and LF
    return "".join(
        "\ufffd" if (ord(char) < 0x20 and char not in "\t\r\n") or char == "\x7f" else char
        for char in text
    )


def _resource_id(kind: str, uid: str) -> str:
    return str(uuid.uuid5(RESOURCE_IDS, f"{kind}/{uid}"))


COLLECTION = "collection"
TRANSACTION = "transaction"
BUNDLE_TYPES = (COLLECTION, TRANSACTION)


def _search_value(text: str) -> str:
    # FHIR search escapes \ , $ | inside a token with a backslash; the query then
    # percent-encodes what a URL query cannot carry as is (RFC 3986)
    escaped = "".join("\\" + char if char in "\\,$|" else char for char in text)
    return quote(escaped, safe=":/")


def _identifier_of(resource: Resource) -> dict[str, str]:
    # QuestionnaireResponse has one identifier (R4), the other resources a list
    identifier: dict[str, str] | list[dict[str, str]] = resource["identifier"]
    return identifier[0] if isinstance(identifier, list) else identifier


def _entry(resource: Resource) -> dict[str, Any]:
    return {"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource}


def _transaction_entry(resource: Resource) -> dict[str, Any]:
    """A conditional create: the server makes the resource only if none of its type
    carries the same identifier yet (FHIR R4 RESTful API, "conditional create")."""
    identifier = _identifier_of(resource)
    search = f"{_search_value(identifier['system'])}|{_search_value(identifier['value'])}"
    body = {key: value for key, value in resource.items() if key != "id"}  # the server names it
    return {
        "fullUrl": f"urn:uuid:{resource['id']}",
        "resource": body,
        "request": {
            "method": "POST",
            "url": resource["resourceType"],
            "ifNoneExist": f"identifier={search}",
        },
    }


def _reference(resource_id: str) -> dict[str, str]:
    return {"reference": f"urn:uuid:{resource_id}"}


def _quantity(value: float, unit: str) -> dict[str, Any]:
    return {"value": value, "unit": unit, "system": UCUM, "code": unit}


def patient(patient_id: str, name: str | None, identifier: tuple[str, str] | None) -> Resource:
    """The Patient; its identifier is the clinic's (system, value) when given, else
    anxlog's own random id under ``PATIENT_ID_SYSTEM``."""
    system, value = identifier or (PATIENT_ID_SYSTEM, patient_id)
    resource: Resource = {
        "resourceType": "Patient",
        "id": patient_id,
        "identifier": [{"system": _fhir_text(system), "value": _fhir_text(value)}],
    }
    if name:
        resource["name"] = [{"text": _fhir_text(name)}]
    return resource


def _gad7_items(rating: Rating) -> list[dict[str, Any]]:
    labels = QUESTIONNAIRES[GAD7].answer_labels
    items: list[dict[str, Any]] = [
        {
            "linkId": code,
            "text": text,
            "answer": [
                {
                    "valueCoding": {
                        "system": LOINC,
                        "code": ANSWER_CODES[answer],
                        "display": labels[answer],
                    }
                }
            ],
        }
        for code, text, answer in zip(GAD7_ITEM_CODES, ITEMS, rating.answers, strict=True)
    ]
    if rating.difficulty is not None:
        items.append(
            {
                "linkId": DIFFICULTY_CODE,
                "text": DIFFICULTY_QUESTION,
                "answer": [
                    {
                        "valueCoding": {
                            "system": LOINC,
                            "code": DIFFICULTY_CODES[rating.difficulty],
                            "display": DIFFICULTY_LABELS[rating.difficulty],
                        }
                    }
                ],
            }
        )
    return items


def _daily_items(rating: Rating) -> list[dict[str, Any]]:
    return [
        {"linkId": key, "text": text, "answer": [{"valueInteger": answer}]}
        for key, text, answer in zip(ITEM_KEYS, ITEMS, rating.answers, strict=True)
    ]


def questionnaire_response(rating: Rating, patient_id: str) -> Resource:
    gad7 = rating.instrument == GAD7
    return {
        "resourceType": "QuestionnaireResponse",
        "id": _resource_id("QuestionnaireResponse", rating.uid),
        "identifier": {"system": RATING_UID_SYSTEM, "value": rating.uid},
        "questionnaire": GAD7_QUESTIONNAIRE if gad7 else DAILY_QUESTIONNAIRE,
        "status": "completed",
        "subject": _reference(patient_id),
        "authored": rating.taken_at,
        "item": _gad7_items(rating) if gad7 else _daily_items(rating),
    }


def total_observation(rating: Rating, patient_id: str, response_id: str) -> Resource:
    if rating.instrument == GAD7:
        code: dict[str, Any] = {
            "coding": [{"system": LOINC, "code": GAD7_TOTAL_CODE, "display": GAD7_TOTAL_DISPLAY}],
            "text": "GAD-7 total score",
        }
    else:
        code = {"text": DAILY_TOTAL_TEXT}  # never LOINC: this is not the validated GAD-7
    resource: Resource = {
        "resourceType": "Observation",
        "id": _resource_id("Observation", rating.uid),
        "identifier": [{"system": RATING_UID_SYSTEM, "value": rating.uid}],
        "status": "final",
        "category": [
            {"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]}
        ],
        "code": code,
        "subject": _reference(patient_id),
        "effectiveDateTime": rating.taken_at,
        "issued": rating.recorded_at,
        "valueQuantity": _quantity(rating.total, SCORE_UNIT),
        "derivedFrom": [_reference(response_id)],
    }
    if rating.note:
        resource["note"] = [{"text": _fhir_text(rating.note)}]
    return resource


def _session_moment(day: date, clock: str | None) -> str:
    # a dateTime with a time needs a UTC offset: the machine's offset on that date
    return dates.local_instant(day, clock) if clock is not None else day.isoformat()


def medication_administration(session: Session, patient_id: str) -> Resource:
    resource: Resource = {
        "resourceType": "MedicationAdministration",
        "id": _resource_id("MedicationAdministration", session.uid),
        "identifier": [{"system": SESSION_UID_SYSTEM, "value": session.uid}],
        "status": "completed",
        "medicationCodeableConcept": {"text": _fhir_text(session.kind)},
        "subject": _reference(patient_id),
        "effectiveDateTime": _session_moment(session.day, session.time),
    }
    notes = []
    if session.course:
        notes.append({"text": _fhir_text(f"Course: {session.course}")})
    if session.note:
        notes.append({"text": _fhir_text(session.note)})
    if notes:
        resource["note"] = notes
    if session.dose is not None and session.unit is not None:
        resource["dosage"] = {"dose": _quantity(session.dose, session.unit)}
    return resource


def bundle(
    *,
    bundle_id: str,
    timestamp: str,
    patient_id: str,
    patient_name: str | None,
    ratings: Iterable[Rating],
    sessions: Iterable[Session],
    bundle_type: str = COLLECTION,
    patient_identifier: tuple[str, str] | None = None,
    events: Iterable[Event] = (),
) -> Resource:
    """The whole Bundle as plain JSON-ready values."""
    from .fhir_context import event_observation, session_context  # builds on this module

    entry = _transaction_entry if bundle_type == TRANSACTION else _entry
    entries = [entry(patient(patient_id, patient_name, patient_identifier))]
    for rating in ratings:
        response = questionnaire_response(rating, patient_id)
        entries.append(entry(response))
        entries.append(entry(total_observation(rating, patient_id, response["id"])))
    for session in sessions:
        entries.append(entry(medication_administration(session, patient_id)))
        entries.extend(entry(resource) for resource in session_context(session, patient_id))
    entries.extend(entry(event_observation(event, patient_id)) for event in events)
    return {
        "resourceType": "Bundle",
        "id": bundle_id,
        "type": bundle_type,
        "timestamp": timestamp,
        "entry": entries,
    }
