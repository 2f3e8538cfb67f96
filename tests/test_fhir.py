"""anxlog export fhir: an R4 Bundle, parsed and checked with fhir.resources (R4B models)."""

from __future__ import annotations

import json
import os
import stat
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.medicationadministration import MedicationAdministration
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from helpers_exchange import error_line, invoke, rating_row, seed, session_row, snapshot

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
DAILY_QUESTIONNAIRE = "https://anxlog.invalid/fhir/Questionnaire/daily-check-in"
# the LOINC GAD-7 panel 69737-5 (loinc.org), written out again so that a typo in the
# code cannot hide in a shared constant
GAD7_ITEMS = ["69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7"]
ANSWERS = ["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"]
DIFFICULTY = ["LA6572-7", "LA6573-5", "LA6575-0", "LA6574-3"]
ALL_GAD7_CODES = {"69737-5", "70274-6", "69722-7", *GAD7_ITEMS, *ANSWERS, *DIFFICULTY}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "anxlog.db"
    seed(
        path,
        [
            rating_row("daily-1", "2026-03-03", (0, 1, 2, 3, 0, 1, 2), note="slept badly"),
            rating_row(
                "gad7-1",
                "2026-03-04",
                (3, 2, 1, 0, 3, 2, 1),
                instrument="gad7",
                difficulty=2,
                taken_at="2026-03-04T20:15:00+01:00",
            ),
            rating_row("gad7-2", "2026-03-18", (0, 0, 0, 1, 0, 0, 0), instrument="gad7"),
        ],
        [
            session_row("s1", "2026-03-05", time="10:30", dose=0.5, unit="mg/kg"),
            session_row("s2", "2026-03-08", kind="esketamine-nasal", dose=56.0, unit="mg"),
            session_row("s3", "2026-03-12", kind="other", course="maintenance", note="=x"),
        ],
    )
    return path


def export_fhir(db: Path, *args: str) -> tuple[Bundle, dict[str, Any]]:
    result = invoke(db, "export", "fhir", *args)
    assert result.exit_code == 0, result.output
    raw = json.loads(result.stdout_bytes)
    return Bundle.model_validate(raw), raw


def resources(bundle: Bundle, kind: type[Any]) -> list[Any]:
    assert bundle.entry is not None
    return [entry.resource for entry in bundle.entry if isinstance(entry.resource, kind)]


def test_bundle_is_a_collection_with_one_patient(db: Path) -> None:
    bundle, raw = export_fhir(db)
    assert bundle.type == "collection"
    assert bundle.timestamp is not None
    assert [entry["resource"]["resourceType"] for entry in raw["entry"]] == [
        "Patient",
        *["QuestionnaireResponse", "Observation"] * 3,
        *["MedicationAdministration"] * 3,
    ]
    patients = resources(bundle, Patient)
    assert len(patients) == 1 and patients[0].name is None  # no name unless given
    patient_url = raw["entry"][0]["fullUrl"]
    assert patient_url == f"urn:uuid:{patients[0].id}"
    full_urls = {entry["fullUrl"] for entry in raw["entry"]}
    assert len(full_urls) == len(raw["entry"])
    for kind in (QuestionnaireResponse, Observation, MedicationAdministration):
        for resource in resources(bundle, kind):
            assert resource.subject.reference == patient_url


def test_patient_id_is_stable_and_name_only_when_given(db: Path) -> None:
    first, _ = export_fhir(db)
    second, _ = export_fhir(db, "--patient-name", "Sam Doe")
    one, two = resources(first, Patient)[0], resources(second, Patient)[0]
    assert one.id == two.id
    assert [name.text for name in two.name] == ["Sam Doe"]
    assert first.id != second.id  # each bundle is a new document


def test_gad7_rating_is_coded_with_loinc(db: Path) -> None:
    bundle, raw = export_fhir(db)
    response = resources(bundle, QuestionnaireResponse)[1]
    assert response.status == "completed"
    assert response.questionnaire == "http://loinc.org/q/69737-5"
    assert response.identifier.value == "gad7-1"
    items = response.item
    assert [item.linkId for item in items] == [*GAD7_ITEMS, "69722-7"]
    answers = (3, 2, 1, 0, 3, 2, 1)
    for item, answer in zip(items[:7], answers, strict=True):
        coding = item.answer[0].valueCoding
        assert (coding.system, coding.code) == (LOINC, ANSWERS[answer])
    assert items[0].answer[0].valueCoding.display == "Nearly every day"
    assert items[3].answer[0].valueCoding.display == "Not at all"
    difficulty = items[7].answer[0].valueCoding
    assert (difficulty.code, difficulty.display) == (DIFFICULTY[2], "Very difficult")
    observation = resources(bundle, Observation)[1]
    assert observation.status == "final"
    assert observation.category[0].coding[0].code == "survey"
    assert [(c.system, c.code) for c in observation.code.coding] == [(LOINC, "70274-6")]
    quantity = observation.valueQuantity
    assert quantity.value == Decimal(12)  # 3 + 2 + 1 + 0 + 3 + 2 + 1
    assert (quantity.unit, quantity.system, quantity.code) == ("{score}", UCUM, "{score}")
    assert observation.effectiveDateTime == datetime.fromisoformat("2026-03-04T20:15:00+01:00")
    response_url = raw["entry"][3]["fullUrl"]
    assert raw["entry"][3]["resource"]["id"] == response.id
    assert [ref.reference for ref in observation.derivedFrom] == [response_url]


def test_gad7_without_difficulty_has_no_difficulty_item(db: Path) -> None:
    bundle, _ = export_fhir(db)
    response = resources(bundle, QuestionnaireResponse)[2]
    assert [item.linkId for item in response.item] == GAD7_ITEMS


def test_daily_rating_never_carries_gad7_loinc_codes(db: Path) -> None:
    bundle, raw = export_fhir(db)
    response = resources(bundle, QuestionnaireResponse)[0]
    assert response.questionnaire == DAILY_QUESTIONNAIRE
    assert [item.linkId for item in response.item] == [f"q{i}" for i in range(1, 8)]
    assert [item.answer[0].valueInteger for item in response.item] == [0, 1, 2, 3, 0, 1, 2]
    observation = resources(bundle, Observation)[0]
    assert observation.code.coding is None and "not a GAD-7 score" in observation.code.text
    assert observation.valueQuantity.value == Decimal(9)
    assert [note.text for note in observation.note] == ["slept badly"]
    daily_text = json.dumps([raw["entry"][1], raw["entry"][2]])
    assert "loinc" not in daily_text.lower()
    assert not any(code in daily_text for code in ALL_GAD7_CODES)


def test_sessions_are_medication_administrations(db: Path) -> None:
    bundle, _ = export_fhir(db)
    timed, dosed, plain = resources(bundle, MedicationAdministration)
    assert timed.status == "completed"
    assert timed.medicationCodeableConcept.text == "ketamine-iv"
    moment = timed.effectiveDateTime
    assert isinstance(moment, datetime) and moment.tzinfo is not None
    assert (moment.date(), moment.hour, moment.minute) == (date(2026, 3, 5), 10, 30)
    dose = timed.dosage.dose
    assert (dose.value, dose.unit, dose.system, dose.code) == (
        Decimal("0.5"),
        "mg/kg",
        UCUM,
        "mg/kg",
    )
    assert dosed.effectiveDateTime == date(2026, 3, 8)  # no time: the date alone
    assert (dosed.dosage.dose.value, dosed.dosage.dose.code) == (Decimal(56), "mg")
    assert plain.dosage is None
    assert [note.text for note in plain.note] == ["Course: maintenance", "=x"]


def test_out_file_is_private_and_since_filters(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "bundle.json"
    result = invoke(db, "export", "fhir", "--since", "2026-03-10", "--out", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr == f"Wrote 4 FHIR resources to {target}.\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    bundle = Bundle.model_validate_json(target.read_text())
    assert len(resources(bundle, QuestionnaireResponse)) == 1
    assert len(resources(bundle, MedicationAdministration)) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "csv"], "export fhir writes FHIR JSON: leave out --format csv."),
        (["--excel"], "--excel adds a byte order mark to CSV: leave it out for JSON and FHIR."),
        (["--patient-name", " "], "--patient-name is empty: give a name, or leave the option out."),
    ],
)
def test_bad_fhir_options(db: Path, args: list[str], message: str) -> None:
    before = snapshot(db)
    result = invoke(db, "export", "fhir", *args)
    assert result.exit_code == 2
    assert error_line(result) == message
    assert snapshot(db) == before


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_read_only_database_without_patient_id(db: Path) -> None:
    db.chmod(0o444)
    try:
        before = snapshot(db)
        result = invoke(db, "export", "fhir")
        assert result.exit_code == 1
        assert error_line(result) == (
            f"{db} is read-only, but the first FHIR export must save the Patient id in it: "
            "make the file writable once."
        )
        # bytes and rows unchanged; the read-only open itself leaves an empty -wal (storage.py)
        after = snapshot(db)
        assert (after[0], after[2]) == (before[0], before[2])
    finally:
        db.chmod(0o600)
    export_fhir(db)  # stores the id
    db.chmod(0o444)
    try:
        bundle, _ = export_fhir(db)  # now works read-only
        assert len(resources(bundle, Patient)) == 1
    finally:
        db.chmod(0o600)
