"""anxlog export fhir --bundle transaction: a Bundle a FHIR server loads, read back with
fhir.resources (R4B models), and loaded twice by the conditional-create rule."""

from __future__ import annotations

import json
import re
import uuid
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.medicationadministration import MedicationAdministration
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from helpers_exchange import error_line, invoke, rating_row, seed, session_row, snapshot

RATING_UID = "https://anxlog.invalid/fhir/sid/rating-uid"
SESSION_UID = "https://anxlog.invalid/fhir/sid/session-uid"
PATIENT_ID = "https://anxlog.invalid/fhir/sid/patient-id"
GAD7_QUESTIONNAIRE = "http://loinc.org/q/69737-5"
# LOINC answer lists, written out again so a swapped code in the package cannot hide:
# LL358-3 (GAD-7 items) and the answers of 69722-7 (difficulty).
ANSWERS = ["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"]
DIFFICULTY_ANSWERS = [
    ("LA6572-7", "Not difficult at all"),
    ("LA6573-5", "Somewhat difficult"),
    ("LA6575-0", "Very difficult"),
    ("LA6574-3", "Extremely difficult"),
]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "anxlog.db"
    seed(
        path,
        [
            rating_row("daily-1", "2026-03-03", (0, 1, 2, 3, 0, 1, 2), note='a, "b"\nline 2 é'),
            rating_row(
                "gad7-1",
                "2026-03-04",
                (3, 2, 1, 0, 3, 2, 1),
                instrument="gad7",
                difficulty=3,
                taken_at="2026-03-04T20:15:00+01:00",
                recorded_at="2026-03-06T08:00:00+01:00",
            ),
            rating_row("daily-2", "2026-03-06", (1, 1, 1, 1, 1, 1, 0)),
        ],
        [
            session_row(
                "s1", "2026-03-05", time="10:30", dose=0.5, unit="mg/kg", course="induction"
            ),
            session_row("s2", "2026-03-06", kind="esketamine-nasal", dose=56.0, unit="mg"),
            session_row("s3", "2026-03-07", kind="other", note="=x"),
        ],
    )
    return path


def transaction(db: Path, *args: str) -> tuple[Bundle, dict[str, Any]]:
    result = invoke(db, "export", "fhir", "--bundle", "transaction", *args)
    assert result.exit_code == 0, result.output
    raw = json.loads(result.stdout_bytes)
    return Bundle.model_validate(raw), raw


def of_type(bundle: Bundle, kind: type[Any]) -> list[Any]:
    assert bundle.entry is not None
    return [entry.resource for entry in bundle.entry if isinstance(entry.resource, kind)]


def identifier_of(resource: dict[str, Any]) -> tuple[str, str]:
    identifier = resource["identifier"]
    identifier = identifier[0] if isinstance(identifier, list) else identifier
    return identifier["system"], identifier["value"]


def test_every_entry_is_a_conditional_create(db: Path) -> None:
    bundle, raw = transaction(db)
    assert bundle.type == "transaction"
    assert bundle.entry is not None and len(bundle.entry) == 1 + 2 * 3 + 3
    full_urls = [entry.fullUrl for entry in bundle.entry]
    assert all(re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", url or "") for url in full_urls)
    assert len(set(full_urls)) == len(full_urls)
    for entry, plain in zip(bundle.entry, raw["entry"], strict=True):
        kind = plain["resource"]["resourceType"]
        assert entry.request is not None
        assert (entry.request.method, entry.request.url) == ("POST", kind)
        system, value = identifier_of(plain["resource"])
        assert entry.request.ifNoneExist == f"identifier={system}|{value}"
        assert "id" not in plain["resource"]  # the server names what it creates
    systems = [identifier_of(plain["resource"])[0] for plain in raw["entry"]]
    assert systems == [PATIENT_ID, *[RATING_UID] * 6, *[SESSION_UID] * 3]


def test_references_point_at_entries_of_the_bundle(db: Path) -> None:
    bundle, raw = transaction(db)
    assert bundle.entry is not None
    patient_url = bundle.entry[0].fullUrl
    assert patient_url is not None
    # the Patient's identifier is the random id anxlog keeps, also its urn:uuid
    assert identifier_of(raw["entry"][0]["resource"])[1] == patient_url.removeprefix("urn:uuid:")
    for kind in (QuestionnaireResponse, Observation, MedicationAdministration):
        for resource in of_type(bundle, kind):
            assert resource.subject.reference == patient_url
    urls = {entry.fullUrl: entry.resource for entry in bundle.entry}
    for observation in of_type(bundle, Observation):
        (source,) = observation.derivedFrom
        response = urls[source.reference]
        assert isinstance(response, QuestionnaireResponse) and response.identifier is not None
        assert response.identifier.value == observation.identifier[0].value


def test_same_data_gives_the_same_entries(db: Path) -> None:
    _, first = transaction(db)
    _, second = transaction(db)
    assert first["id"] != second["id"]  # a new bundle each time ...
    assert first["entry"] == second["entry"]  # ... of the same conditional creates


def test_clinic_patient_identifier(db: Path) -> None:
    bundle, raw = transaction(db, "--patient-identifier", " urn:oid:1.2.36.1|MRN 12,5$|x ")
    (patient,) = of_type(bundle, Patient)
    assert [(i.system, i.value) for i in patient.identifier] == [
        ("urn:oid:1.2.36.1", "MRN 12,5$|x")
    ]
    # FHIR search escapes , $ | with a backslash; the URL query encodes the backslash and space
    assert raw["entry"][0]["request"]["ifNoneExist"] == (
        "identifier=urn:oid:1.2.36.1|MRN%2012%5C%2C5%5C%24%5C%7Cx"
    )
    collection = json.loads(
        invoke(db, "export", "fhir", "--patient-identifier", "https://c.example/mrn|7").stdout
    )
    assert collection["type"] == "collection"
    assert collection["entry"][0]["resource"]["identifier"] == [
        {"system": "https://c.example/mrn", "value": "7"}
    ]


# -- a FHIR server's conditional create, written out as the test's oracle ---------


def parse_if_none_exist(query: str) -> tuple[str, str]:
    """identifier=SYSTEM|VALUE as a server reads it: URL-decoded, split at the first
    unescaped |, then FHIR's backslash escapes removed."""
    name, _, token = query.partition("=")
    assert name == "identifier"
    system, value = re.split(r"(?<!\\)\|", unquote(token), maxsplit=1)
    return tuple(re.sub(r"\\(.)", r"\1", part) for part in (system, value))  # type: ignore[return-value]


def load(server: dict[str, dict[str, Any]], bundle: dict[str, Any]) -> int:
    """Process a transaction as FHIR R4's conditional create does; return how many
    resources were created. References to an entry's fullUrl become the id it got."""
    assigned: dict[str, str] = {}
    created = 0
    for entry in bundle["entry"]:
        kind = entry["request"]["url"]
        wanted = parse_if_none_exist(entry["request"]["ifNoneExist"])
        matches = [
            resource_id
            for resource_id, resource in server.items()
            if resource["resourceType"] == kind and identifier_of(resource) == wanted
        ]
        assert len(matches) <= 1
        if matches:
            assigned[entry["fullUrl"]] = matches[0]
        else:
            new_id = str(uuid.uuid4())
            server[new_id] = entry["resource"]
            assigned[entry["fullUrl"]] = new_id
            created += 1
    for resource in server.values():
        text = json.dumps(resource)
        for url, resource_id in assigned.items():
            text = text.replace(f'"reference": "{url}"', f'"reference": "{resource_id}"')
        resource.clear()
        resource.update(json.loads(text))
    return created


def test_loading_the_same_bundle_twice_creates_nothing_twice(db: Path) -> None:
    _, first = transaction(db, "--patient-identifier", "urn:oid:1.2.36.1|a,b|c")
    _, again = transaction(db, "--patient-identifier", "urn:oid:1.2.36.1|a,b|c")
    server: dict[str, dict[str, Any]] = {}
    assert load(server, first) == len(first["entry"]) == 10
    assert load(server, again) == 0
    assert len(server) == 10
    (patient_id,) = [key for key, value in server.items() if value["resourceType"] == "Patient"]
    subjects = {value["subject"]["reference"] for value in server.values() if "subject" in value}
    assert subjects == {patient_id}
    # a new rating later: only it is created, and it joins the same Patient
    seed(db, [rating_row("daily-3", "2026-03-08")])
    _, later = transaction(db, "--patient-identifier", "urn:oid:1.2.36.1|a,b|c")
    assert load(server, later) == 2  # its QuestionnaireResponse and Observation
    assert {value["subject"]["reference"] for value in server.values() if "subject" in value} == {
        patient_id
    }


# -- round trip: the bundle's resources give back the ratings and sessions -------


def ratings_from(bundle: Bundle) -> list[dict[str, Any]]:
    assert bundle.entry is not None
    responses = {e.fullUrl: e.resource for e in bundle.entry}
    ratings = []
    for observation in of_type(bundle, Observation):
        # the FHIR models make every element optional: the comparison below checks them
        response: Any = responses[observation.derivedFrom[0].reference]
        gad7 = response.questionnaire == GAD7_QUESTIONNAIRE
        answers = []
        difficulty = None
        for item in response.item:
            answer = item.answer[0]
            if item.linkId == "69722-7":
                codes = [code for code, _ in DIFFICULTY_ANSWERS]
                difficulty = codes.index(answer.valueCoding.code)
            elif gad7:
                answers.append(ANSWERS.index(answer.valueCoding.code))
            else:
                answers.append(answer.valueInteger)
        ratings.append(
            {
                "uid": response.identifier.value,
                "instrument": "gad7" if gad7 else "daily",
                "taken_at": response.authored,
                "recorded_at": observation.issued,
                "answers": answers,
                "difficulty": difficulty,
                "total": observation.valueQuantity.value,
                "note": observation.note[0].text if observation.note else None,
            }
        )
    return ratings


def sessions_from(bundle: Bundle) -> list[dict[str, Any]]:
    sessions = []
    for given in of_type(bundle, MedicationAdministration):
        moment = given.effectiveDateTime
        timed = isinstance(moment, datetime)
        notes = [note.text for note in given.note or []]
        course = (
            notes.pop(0).removeprefix("Course: ")
            if notes[:1] and notes[0].startswith("Course: ")
            else None
        )
        dose = given.dosage.dose if given.dosage else None
        sessions.append(
            {
                "uid": given.identifier[0].value,
                "day": (moment.date() if timed else moment).isoformat(),
                "time": moment.strftime("%H:%M") if timed else None,
                "kind": given.medicationCodeableConcept.text,
                "dose": dose.value if dose else None,
                "unit": dose.code if dose else None,
                "course": course,
                "note": notes[0] if notes else None,
            }
        )
    return sessions


def test_round_trip_gives_the_same_ratings_and_sessions(db: Path) -> None:
    bundle, _ = transaction(db)
    exported = json.loads(invoke(db, "export", "ratings", "--format", "json").stdout)
    assert ratings_from(bundle) == [
        {
            "uid": row["uid"],
            "instrument": row["instrument"],
            "taken_at": datetime.fromisoformat(row["taken_at"]),
            "recorded_at": datetime.fromisoformat(row["recorded_at"]),
            "answers": [row[f"q{i}"] for i in range(1, 8)],
            "difficulty": row["difficulty"],
            "total": Decimal(row["total"]),
            "note": row["note"],
        }
        for row in exported
    ]
    sessions = json.loads(invoke(db, "export", "sessions", "--format", "json").stdout)
    assert sessions_from(bundle) == [
        {
            **{key: row[key] for key in ("uid", "day", "time", "kind", "unit", "course", "note")},
            "dose": None if row["dose"] is None else Decimal(str(row["dose"])),
        }
        for row in sessions
    ]


def test_difficulty_codes_match_loincs_answer_list_for_69722_7(tmp_path: Path) -> None:
    path = tmp_path / "anxlog.db"
    seed(
        path,
        [
            rating_row(f"g{level}", f"2026-03-0{level + 1}", instrument="gad7", difficulty=level)
            for level in range(4)
        ],
    )
    bundle, _ = transaction(path)
    found = []
    for response in of_type(bundle, QuestionnaireResponse):
        (difficulty,) = [item for item in response.item if item.linkId == "69722-7"]
        coding = difficulty.answer[0].valueCoding
        assert coding.system == "http://loinc.org"
        found.append((coding.code, coding.display))
    assert found == DIFFICULTY_ANSWERS


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--bundle", "batch"], "--bundle 'batch' is not known: use collection or transaction."),
        (["--patient-identifier", "12345"], "(it has no '|')"),
        (["--patient-identifier", "clinic|12345"], "('clinic' before the '|' is not a URI)"),
        (["--patient-identifier", "urn:oid:1.2|  "], "(nothing follows the '|')"),
        (["--patient-identifier", "|12345"], "('' before the '|' is not a URI)"),
        (["--patient-identifier", "urn:oid:1.2|a\x1bb"], "(it holds a control character)"),
    ],
)
def test_bad_bundle_options(db: Path, args: list[str], message: str) -> None:
    before = snapshot(db)
    result = invoke(db, "export", "fhir", *args)
    assert result.exit_code == 2
    line = error_line(result)
    assert message in line
    if args[0] == "--patient-identifier":
        assert line.startswith(f"--patient-identifier {args[1]!r} is not SYSTEM|VALUE")
        assert line.endswith(
            "e.g. urn:oid:1.2.36.146.595.217.0.1|12345 or https://clinic.example/mrn|12345."
        )
    assert snapshot(db) == before


@pytest.mark.parametrize("option", [["--bundle", "transaction"], ["--patient-identifier", "a:b|c"]])
def test_bundle_options_belong_to_fhir(db: Path, option: list[str]) -> None:
    before = snapshot(db)
    result = invoke(db, "export", "ratings", *option)
    assert result.exit_code == 2
    assert error_line(result) == f"{option[0]} belongs to 'export fhir': leave it out here."
    assert snapshot(db) == before
