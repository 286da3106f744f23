"""The built-in vocabulary of form labels: what a printed label says its value is.

Keys are field kinds; values are label phrases as forms print them (matched case-insensitively, a
"/" or "." inside a phrase matching with or without spaces, and "No.", "#", "Number" after any of
them). The kinds of the numbers (`case_number`, `citation_number`, `court_case_number`, `vin`) and of
plates (`plate`, `plate_state`) decide what a value is; the other kinds (dates, phones, badges,
driver licences, statutes, addresses, descriptions) say what a value is NOT, and end the value of the
label before them. Person labels (`person:<role>`) come from `extractors.names.role_labels`.

Gathered from the forms of several states: uniform traffic tickets and citations (Oregon, New York,
California, Texas, Florida, Washington, New Jersey, Pennsylvania), arrest, crash (police accident),
DWI, tow and impound, property and evidence forms, court captions and dockets. A department adds its
own through `ExtractionSettings.labels` (kind -> phrases) and the `case_labels`, `citation_labels` and
`court_case_labels` lists.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from base.settings import ExtractionSettings

BUILT_IN: dict[str, list[str]] = {
    "case_number": [
        "case", "case no", "case number", "agency case", "agency case no", "agency report",
        "incident", "incident no", "incident number", "report no", "report number", "police report no",
        "dr", "dr no", "file no", "event no", "event number", "occurrence no", "occurrence number",
        "oca", "oca no", "oca number", "originating agency case", "related case", "ref", "reference no",
        "ir no", "accident report no", "accident report number", "crash report no", "crash report number",
        "crash no", "report #", "complaint no", "complaint number", "arrest no", "arrest number",
        "booking no", "booking number", "inventory no", "property invoice", "invoice no", "impound no",
        "tow no", "tow number", "investigation no", "offense no", "cr no", "ucr no", "record no",
    ],
    "citation_number": [
        "citation", "citation no", "citation number", "cite", "cite no", "cit", "ticket", "ticket no",
        "ticket number", "uniform traffic ticket", "uniform traffic ticket no", "traffic ticket no",
        "summons", "summons no", "summons number", "notice to appear no", "violation notice",
        "violation no", "violation number", "notice of infraction", "notice of infraction no",
        "infraction no", "infraction number", "notice no", "uniform citation", "uniform citation no",
        "citation and complaint", "complaint/summons no", "ticket/citation no", "e-citation no",
        "ecitation no", "non-traffic citation", "parking citation no",
    ],
    "court_case_number": [
        "court case", "court case no", "court case number", "court no", "court file", "court file no",
        "docket", "docket no", "docket number", "index no", "index number", "cause no", "cause number",
        "civil action no", "civil action", "criminal action no", "criminal no", "criminal case no",
        "indictment no", "information no", "appeal no", "appellate case no", "court docket",
        "circuit court case", "district court case", "superior court case", "municipal court case",
        "case no. (court)", "trial court no", "lower court no",
    ],
    "vin": ["vin", "vin no", "vehicle identification number", "vehicle id no", "serial/vin"],
    "plate": [
        "plate", "plate no", "plate number", "license plate", "license plate no", "lic plate",
        "lic plate no", "vehicle plate", "veh plate", "tag", "tag no", "tag number", "plate/tag",
        "registration", "registration no", "registration number", "reg", "reg no", "veh lic",
        "veh lic no", "vehicle license", "vehicle license no", "lp", "l/p",
    ],
    "bar_number": ["bar no", "bar number", "bar reg no", "bar registration no", "state bar no", "osb no",
                   "attorney registration no", "attorney no", "atty reg no", "bar id"],
    "insurance": ["insurance", "insurance company", "insurance co", "insurer", "policy", "policy number",
                  "policy no", "claim number", "claim no", "naic", "naic code"],
    "property": ["property tag", "evidence tag", "property no", "property number", "evidence no", "item no",
                 "item number", "barcode", "property barcode", "evidence barcode", "locker", "bag no",
                 "seal no", "serial no", "serial number", "serial/id", "model no"],
    "plate_state": [
        "reg state", "registration state", "plate state", "lic state", "license state",
        "tag state", "state of registration", "reg st", "lis",
    ],
    "licence": [
        "driver license", "driver license no", "driver's license", "driver's license no", "drivers license",
        "driver licence", "dl", "d/l", "dl no", "oln", "odl", "operator license", "operator's license",
        "operator license no", "license no", "licence no", "dl state", "license class", "class",
        "id no", "state id", "sid", "fbi", "fbi no", "ssn", "social security", "soc sec no",
    ],
    "dob": ["dob", "d.o.b", "date of birth", "birth date", "birthdate", "born", "age"],
    "date": [
        "date", "date issued", "issue date", "issued", "violation date", "date of violation",
        "date of offense", "offense date", "date of incident", "incident date", "date occurred",
        "occurred", "date reported", "report date", "date of arrest", "arrest date", "date of crash",
        "crash date", "accident date", "date/time", "date of tow", "tow date", "expires", "exp",
        "expiration", "exp date", "filed", "date filed", "entered", "signed", "dated",
    ],
    "appearance_date": [
        "court date", "appearance date", "date of appearance", "return date", "hearing date",
        "trial date", "arraignment date", "date to appear", "appear date", "court appearance date",
        "court appearance", "you must appear on", "appear on", "appear in court on", "on or before",
        "return on", "date and time of appearance", "court date/time",
    ],
    "appearance_time": [
        "court time", "appearance time", "time of appearance", "return time", "hearing time",
        "time to appear",
    ],
    "time": ["time", "time issued", "time of violation", "time occurred", "time reported", "hrs"],
    "state": ["state", "st"],
    "court": [
        "court", "court name", "court location", "court address", "name of court", "appear at",
        "return to", "court of", "place of appearance", "location of court", "court/location",
    ],
    "courtroom": ["courtroom", "court room", "room", "rm", "dept", "department", "part", "division",
                  "courtroom no"],
    "phone": ["phone", "telephone", "tel", "cell", "home phone", "work phone", "fax", "contact no",
              "phone no"],
    "badge": ["badge", "badge no", "dpsst", "officer id", "emp no", "employee no",
              "shield", "shield no", "tax id", "tax no", "unit", "unit no", "id#", "pers no", "car no"],
    "statute": ["statute", "section", "ors", "rcw", "vtl", "vtl section", "vehicle code", "penal code",
                "code", "ordinance", "charge code", "violation code", "sec", "statute/ordinance",
                "cvc", "ncic code", "ucr code", "ors/mc"],
    "address": ["address", "street", "city", "zip", "zip code", "postal code", "location", "residence",
                "home address", "apt", "suite", "city/state/zip", "county", "place of occurrence"],
    "offense": ["offense", "charge", "charges", "violation", "description", "nature of offense",
                "offense description", "charge description", "violation description", "speed", "posted",
                "fine", "bail", "base fine", "amount"],
    "vehicle": ["make", "model", "year", "color", "colour", "style", "body style", "veh year", "veh make",
                "vehicle make", "vehicle model", "vehicle year", "vehicle color", "type", "vehicle"],
    "person_detail": ["sex", "race", "height", "weight", "hgt", "wgt", "ht", "wt", "hair", "eyes",
                      "occupation", "employer", "relationship", "email"],
    "name": ["name", "last name", "first name", "middle name", "last", "first", "middle", "mi", "m.i",
             "full name", "name (last, first, middle)", "last, first, middle", "name (first, middle, last)",
             "name (last, first, mi)", "name (first, mi, last)", "name (last, first)", "name (first, last)",
             "full name (last, first, middle)", "full name (first, middle, last)", "last, first, mi",
             "first, middle, last"],
    "signature": ["signature", "signed", "officer signature", "signature of officer",
                  "signature of defendant", "x"],
}

# Kinds whose value is one of the numbers extraction reports.
NUMBER_KINDS = ("case_number", "citation_number", "court_case_number", "vin")
# Kinds whose value is never a plate.
NOT_PLATE_KINDS = ("bar_number", "insurance", "property", "licence", "dob", "date", "time", "phone", "badge",
                   "statute", "case_number", "citation_number", "court_case_number", "vin")
# Kinds whose value is never a case, citation or court case number.
NOT_NUMBER_KINDS = ("bar_number", "insurance", "property", "licence", "dob", "date", "time", "appearance_date",
                    "appearance_time", "phone", "badge", "statute", "address", "person_detail", "vehicle",
                    "plate", "plate_state", "state")


def merged_labels(settings: ExtractionSettings, role_labels: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """The label vocabulary for a department: the built-ins, its `case_labels`, `citation_labels`,
    `court_case_labels` and extra `labels`, and person labels by role (kind `person:<role>`)."""
    out = {kind: list(phrases) for kind, phrases in BUILT_IN.items()}

    def add(kind: str, phrases: Sequence[str]) -> None:
        have = out.setdefault(kind, [])
        have.extend(p for p in phrases if p not in have)

    add("case_number", settings.case_labels)
    add("citation_number", settings.citation_labels)
    add("court_case_number", settings.court_case_labels)
    for kind, extra in settings.labels.items():
        add(kind, extra)
    for role, labels in role_labels.items():
        add(f"person:{role}", labels)
    return out
