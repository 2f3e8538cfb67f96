"""FHIR of the treatment context: blood pressure as the vital-signs Observation, the
self-rated tolerability items text-coded, events as text-only Observations. Parsed and
checked with fhir.resources (R4B models)."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation
from helpers_exchange import invoke, rating_row, seed, session_row

from anxlog.storage import Store

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
# the R4 vital-signs blood pressure profile, written out again (not taken from the code)
BP_PROFILE = "http://hl7.org/fhir/StructureDefinition/bp"
BP_PANEL, SYSTOLIC, DIASTOLIC = "85354-9", "8480-6", "8462-4"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "anxlog.db"
    felt = {
        "dissociation": 2,
        "nausea": 0,
        "bp_before_systolic": 128,
        "bp_before_diastolic": 82,
        "bp_after_systolic": 141,
        "bp_after_diastolic": 90,
    }
    seed(
        path,
        [rating_row("r1", "2026-03-03")],
        [
            {**session_row("s1", "2026-03-05", time="10:30", dose=0.5, unit="mg/kg"), **felt},
            session_row("s2", "2026-03-08"),  # nothing recorded: no Observation
            {
                **session_row("s3", "2026-03-12"),
                "bp_after_systolic": 135,
                "bp_after_diastolic": 85,
            },
        ],
    )
    store = Store.open(path)
    try:
        store.insert_rows(
            "events",
            [
                {"uid": "e1", "day": "2026-03-01", "text": "began weekly therapy"},
                {"uid": "e2", "day": "2026-03-10", "text": "started sertraline 50 mg\x07"},
            ],
        )
    finally:
        store.close()
    return path


def export(db: Path, *args: str) -> tuple[Bundle, list[dict[str, Any]]]:
    result = invoke(db, "export", "fhir", *args)
    assert result.exit_code == 0, result.output
    raw = json.loads(result.stdout_bytes)
    return Bundle.model_validate(raw), raw["entry"]


def _observations(entries: list[dict[str, Any]]) -> list[tuple[str, Any]]:
    """(fullUrl, the parsed Observation) of each Observation entry; Any, as the models'
    optional fields are read directly here (a None fails the test just the same)."""
    return [
        (entry["fullUrl"], Observation.model_validate(entry["resource"]))
        for entry in entries
        if entry["resource"]["resourceType"] == "Observation"
    ]


def test_entries_follow_their_session_and_events_come_last(db: Path) -> None:
    _, entries = export(db)
    kinds = [
        (entry["resource"]["resourceType"], entry["resource"].get("code", {}).get("text", ""))
        for entry in entries
    ]
    assert [kind for kind, _ in kinds] == [
        "Patient",
        "QuestionnaireResponse",
        "Observation",  # the rating's total
        "MedicationAdministration",  # s1, then how it was tolerated
        *["Observation"] * 4,
        "MedicationAdministration",  # s2: nothing recorded
        "MedicationAdministration",  # s3: one reading
        "Observation",
        *["Observation"] * 2,  # the events
    ]
    texts = [text for _, text in kinds[4:8]]
    assert texts[0].startswith("Dissociation") and texts[1].startswith("Nausea")
    assert texts[2:] == ["Blood pressure", "Blood pressure"]


def test_blood_pressure_is_the_vital_signs_observation(db: Path) -> None:
    _, entries = export(db)
    patient_url = entries[0]["fullUrl"]
    session_url = entries[3]["fullUrl"]
    pressures = [
        (url, obs) for url, obs in _observations(entries) if obs.code.text == "Blood pressure"
    ]
    assert len(pressures) == 3
    (_, before), (_, after), (_, later) = pressures
    for observation in (before, after, later):
        assert observation.meta.profile == [BP_PROFILE]
        assert observation.status == "final"
        [category] = observation.category
        assert [(c.system, c.code) for c in category.coding] == [(CATEGORY, "vital-signs")]
        assert [(c.system, c.code) for c in observation.code.coding] == [(LOINC, BP_PANEL)]
        assert observation.code.coding[0].display == (
            "Blood pressure panel with all children optional"
        )
        assert observation.subject.reference == patient_url
        assert observation.valueQuantity is None  # the panel's values are its components
        codes = [[(c.system, c.code) for c in part.code.coding] for part in observation.component]
        assert codes == [[(LOINC, SYSTOLIC)], [(LOINC, DIASTOLIC)]]
        for part in observation.component:
            quantity = part.valueQuantity
            assert (quantity.unit, quantity.system, quantity.code) == ("mm[Hg]", UCUM, "mm[Hg]")
    values = [[part.valueQuantity.value for part in o.component] for o in (before, after, later)]
    assert values == [
        [Decimal(128), Decimal(82)],
        [Decimal(141), Decimal(90)],
        [Decimal(135), Decimal(85)],
    ]
    assert [note.text for note in before.note] == ["Measured before the session."]
    assert [note.text for note in after.note] == ["Measured after the session."]
    assert [note.text for note in later.note] == ["Measured after the session."]
    moment = before.effectiveDateTime  # the session's day and time, with the local offset
    assert isinstance(moment, datetime) and moment.tzinfo is not None
    assert (moment.date(), moment.hour, moment.minute) == (date(2026, 3, 5), 10, 30)
    assert later.effectiveDateTime == date(2026, 3, 12)  # no time: the day alone
    assert [ref.reference for ref in before.partOf] == [session_url]
    assert before.id != after.id


def test_tolerability_items_are_text_coded(db: Path) -> None:
    _, entries = export(db)
    items = {
        obs.code.text.split(" ")[0]: obs
        for _, obs in _observations(entries)
        if obs.code.text.startswith(("Dissociation", "Nausea"))
    }
    assert set(items) == {"Dissociation", "Nausea"}
    assert items["Dissociation"].valueInteger == 2
    assert items["Nausea"].valueInteger == 0  # 0 none is a value, not a missing one
    for observation in items.values():
        assert observation.code.coding is None  # anxlog's own items: no standard code
        assert "0 none, 1 mild, 2 moderate, 3 severe" in observation.code.text
        assert observation.category[0].coding[0].code == "survey"
        assert observation.partOf[0].reference == entries[3]["fullUrl"]
    assert "not a validated scale" in items["Dissociation"].code.text
    text = json.dumps([e for e in entries if e["resource"].get("valueInteger") is not None])
    assert "loinc" not in text.lower() and "CADSS" not in text


def test_events_are_text_only_observations(db: Path) -> None:
    _, entries = export(db)
    events = [obs for _, obs in _observations(entries) if obs.valueString is not None]
    assert [(obs.effectiveDateTime, obs.valueString) for obs in events] == [
        (date(2026, 3, 1), "began weekly therapy"),
        (date(2026, 3, 10), "started sertraline 50 mg\ufffd"),  # a control character replaced
    ]
    for observation in events:
        assert observation.code.coding is None and observation.code.text
        assert observation.status == "final"
        assert observation.subject.reference == entries[0]["fullUrl"]
        assert observation.identifier[0].system == "https://anxlog.invalid/fhir/sid/event-uid"
    assert [obs.identifier[0].value for obs in events] == ["e1", "e2"]


def test_ids_are_stable_and_the_period_applies(db: Path) -> None:
    _, first = export(db)
    _, second = export(db)
    assert [e["fullUrl"] for e in first[1:]] == [e["fullUrl"] for e in second[1:]]
    _, since = export(db, "--since", "2026-03-09")
    kinds = [entry["resource"]["resourceType"] for entry in since]
    assert kinds == ["Patient", "MedicationAdministration", "Observation", "Observation"]
    assert since[-1]["resource"]["valueString"].startswith("started sertraline")


def test_a_transaction_creates_each_context_resource_once(db: Path) -> None:
    result = invoke(db, "export", "fhir", "--bundle", "transaction")
    assert result.exit_code == 0, result.output
    raw = json.loads(result.stdout_bytes)
    Bundle.model_validate(raw)
    requests = [(e["request"]["url"], e["request"]["ifNoneExist"]) for e in raw["entry"]]
    assert len(set(requests)) == len(requests)  # no two resources of a type share a condition
    observations = [query for url, query in requests if url == "Observation"]
    system = "https://anxlog.invalid/fhir/sid/session-observation"
    assert f"identifier={system}|s1/bp-before" in observations
    assert f"identifier={system}|s1/dissociation" in observations
    assert f"identifier={system}|s3/bp-after" in observations
    assert "identifier=https://anxlog.invalid/fhir/sid/event-uid|e1" in observations
