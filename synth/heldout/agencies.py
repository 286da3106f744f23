"""Six fictional agencies, each with its own number formats, courts and statutes.

Each agency knows how to *create* a canonical number and how its paperwork
*prints* it (glued prefixes, four-digit years, short forms behind a label,
spaced groups).  The canonical form is what agencies.json describes.
"""
from __future__ import annotations

import datetime as _dt
import random
from dataclasses import dataclass, field

from .util import digits, letters, wchoice

ALNUM = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"


@dataclass
class Court:
    name: str                 # as printed on tickets / notices
    caption: list[str]        # caption lines for filings
    street: str
    city_line: str
    kind: str                 # circuit | municipal | justice | county | appellate | federal | town
    rooms: list[str]
    phone: str = ""


@dataclass
class Agency:
    id: str
    name: str
    short: str
    kind: str                 # police | sheriff
    home_state: str
    state_name: str
    city: str
    county: str
    street: str
    zip: str
    phone: str
    fax: str
    prefixes: list[str]
    cities: list                      # (city, zip3)
    area_codes: list[str]
    neighbor_states: list[str]
    ranks: list[tuple[str, str]]      # (abbrev, full)
    badge_label: str                  # "Badge #", "Shield", "ID No.", "DSN"
    badge_digits: tuple[int, int]
    courts: dict                      # key -> Court
    prosecutor: str                   # office name
    state_party: str                  # "STATE OF OREGON", "THE PEOPLE OF THE STATE OF NEW YORK"
    statutes: dict                    # category -> list[(code, text)]
    case_desc: str
    case_patterns: list[str]
    cit_desc: str
    cit_patterns: list[str]
    court_desc: str
    court_patterns: list[str]
    case_label: str                   # what its forms call the case number
    dui_word: str = "DUI"
    ori: str = ""

    # ------------------------------------------------------------ numbers
    def new_case(self, rng: random.Random, d: _dt.date) -> str:
        return _CASE[self.id](rng, d)

    def print_case(self, rng: random.Random, canon: str, ctx: str = "label") -> str:
        return _PRINT_CASE[self.id](self, rng, canon, ctx)

    def new_citation(self, rng: random.Random, d: _dt.date, kind: str = "traffic") -> str:
        return _CIT[self.id](rng, d, kind)

    def print_citation(self, rng: random.Random, canon: str) -> str:
        if rng.random() < 0.8:
            return canon
        return _PRINT_CIT.get(self.id, lambda r, c: c)(rng, canon)

    def new_court(self, rng: random.Random, d: _dt.date, kind: str = "criminal") -> str:
        return _COURTNO[self.id](rng, d, kind)

    def badge(self, rng: random.Random) -> str:
        lo, hi = self.badge_digits
        return str(rng.randint(10 ** (lo - 1), 10 ** hi - 1))

    def address_line(self) -> str:
        return f"{self.street}, {self.city}, {self.home_state} {self.zip}"

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "home_state": self.home_state,
            "agency_prefixes": list(self.prefixes),
            "case_number": {"description": self.case_desc, "patterns": list(self.case_patterns),
                            "examples": _examples(self, "case")},
            "citation_number": {"description": self.cit_desc, "patterns": list(self.cit_patterns),
                                "examples": _examples(self, "cit")},
            "court_case_number": {"description": self.court_desc, "patterns": list(self.court_patterns),
                                  "examples": _examples(self, "court")},
        }


def _examples(a: Agency, what: str) -> list[str]:
    rng = random.Random(f"examples-{a.id}-{what}")
    d = _dt.date(2024, 3, 12)
    if what == "case":
        return [a.new_case(rng, d) for _ in range(3)]
    if what == "cit":
        return [a.new_citation(rng, d, k) for k in ("traffic", "criminal", "traffic")]
    return [a.new_court(rng, d, k) for k in ("criminal", "traffic", "appeal", "federal")]


def _fed(rng: random.Random, d: _dt.date, civil: bool = False) -> str:
    div = rng.choice("1236")
    typ = rng.choice(["cv", "cv", "cr"]) if civil else rng.choice(["cr", "cr", "cr", "mj"])
    s = f"{div}:{d.year % 100:02d}-{typ}-{rng.randint(1, 2999):05d}"
    if rng.random() < 0.35:
        s += "-" + letters(rng, rng.choice([2, 3]), "ABCDEFGHJKLMNPRSTW")
    return s


FED_PATTERN = r"\d:\d{2}-(cr|cv|mj)-\d{5}(-[A-Z]{2,3})?"

# ---------------------------------------------------------------- Oregon (home)
def _case_or(rng, d):
    return f"{d.year % 100:02d}-{wchoice(rng, [(6, rng.randint(100, 9999)), (3, rng.randint(10000, 39999))]):06d}"


def _print_case_or(a, rng, canon, ctx):
    yy, seq = canon.split("-")
    opts = [(40, canon), (20, f"{rng.choice(a.prefixes)}{canon}"), (14, f"20{yy}-{seq}")]
    if ctx == "label":
        opts += [(12, f"{yy}-{int(seq)}"), (7, f"{yy} {seq}"), (5, f"{yy} - {seq}")]
    return wchoice(rng, opts)


def _cit_or(rng, d, kind):
    L = {"traffic": rng.choice("TTTV"), "criminal": "C", "parking": "P"}.get(kind, "T")
    return L + digits(rng, rng.choice([6, 7, 7]))


def _court_or(rng, d, kind):
    yy = d.year % 100
    if kind == "federal":
        return _fed(rng, d)
    if kind == "appeal":
        return "A" + str(rng.randint(170000, 184999))
    typ = {"traffic": rng.choice(["VI", "TR"]), "criminal": rng.choice(["CR", "CR", "MI", "FE"]),
           "civil": "CV"}.get(kind, "CR")
    return f"{yy:02d}{typ}{rng.randint(1, 39999):05d}"


# ---------------------------------------------------------------- New York
def _case_ny(rng, d):
    return f"{d.year}-{d.timetuple().tm_yday:03d}-{rng.randint(1, 9999):06d}"


def _print_case_ny(a, rng, canon, ctx):
    opts = [(60, canon), (15, f"{rng.choice(a.prefixes)}{canon}"), (10, f"{rng.choice(a.prefixes)} {canon}")]
    if ctx == "label":
        y, doy, seq = canon.split("-")
        opts += [(15, f"{y}-{doy}-{int(seq)}")]
    return wchoice(rng, opts)


def _cit_ny(rng, d, kind):
    six = [rng.choice(ALNUM) for _ in range(6)]
    six[rng.randrange(6)] = rng.choice("0123456789")
    six[rng.randrange(6)] = rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ")
    return letters(rng, 2, "ABCDEFGHJKLMNPRSTUVWXYZ") + digits(rng, 2) + "".join(six)


def _print_cit_ny(rng, c):
    return rng.choice([f"{c[:4]} {c[4:]}", f"{c[:2]} {c[2:4]} {c[4:]}"])


def _court_ny(rng, d, kind):
    yy = d.year % 100
    if kind == "federal":
        return _fed(rng, d)
    if kind == "appeal":
        return f"{d.year}-{rng.randint(1, 9999):05d}"
    if kind == "traffic":
        return f"TR-{rng.randint(1, 99999):06d}-{yy:02d}"
    if kind == "indictment":
        return f"IND-{rng.randint(70000, 79999)}-{yy:02d}"
    return f"CR-{rng.randint(1, 99999):06d}-{yy:02d}"


# ---------------------------------------------------------------- Texas
def _case_tx(rng, d):
    return f"SO-{d.year}-{rng.randint(1, 99999):06d}"


def _print_case_tx(a, rng, canon, ctx):
    _, y, seq = canon.split("-")
    opts = [(55, canon), (15, f"SO{y}-{seq}"), (12, f"SO {y}-{seq}"), (8, f"{a.prefixes[0]}-{canon}")]
    if ctx == "label":
        opts += [(10, f"{y}-{seq}")]
    return wchoice(rng, opts)


def _cit_tx(rng, d, kind):
    return "TX" + digits(rng, 8) if rng.random() < 0.6 else str(rng.randint(1000000, 9999999))


def _print_cit_tx(rng, c):
    return f"TX {c[2:]}" if c.startswith("TX") else c


def _court_tx(rng, d, kind):
    yy = d.year % 100
    if kind == "federal":
        return _fed(rng, d)
    if kind == "appeal":
        return f"{rng.choice(['04', '13', '14'])}-{yy:02d}-{rng.randint(1, 999):05d}-CR"
    if kind == "traffic":
        return f"JP1-TR-{yy:02d}-{rng.randint(1, 19999):06d}"
    if kind == "jp_criminal":
        return f"JP1-CR-{yy:02d}-{rng.randint(1, 9999):06d}"
    return f"{d.year}-CCL2-{rng.randint(1, 9999):05d}"


# ---------------------------------------------------------------- Florida
def _case_fl(rng, d):
    return f"{d.year % 100:02d}-{rng.randint(100, 999999):09d}"


def _print_case_fl(a, rng, canon, ctx):
    yy, seq = canon.split("-")
    opts = [(55, canon), (25, f"{a.prefixes[0]}{canon}")]
    if ctx == "label":
        opts += [(12, f"{yy} {seq}"), (8, f"{yy}-{seq[:3]} {seq[3:]}")]
    return wchoice(rng, opts)


def _cit_fl(rng, d, kind):
    while True:
        rest = [rng.choice(ALNUM) for _ in range(5)]
        s = rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") + rng.choice("0123456789") + "".join(rest)
        if sum(c.isdigit() for c in s) >= 2 and sum(c.isalpha() for c in s) >= 2:
            return s


def _court_fl(rng, d, kind):
    if kind == "federal":
        return _fed(rng, d)
    if kind == "appeal":
        return f"{rng.choice(['2D', '3D', '5D', '6D'])}{d.year % 100:02d}-{rng.randint(1, 3999):04d}"
    typ = {"traffic": rng.choice(["TR", "TR", "CT"]), "criminal": rng.choice(["MM", "CF", "MM"])}.get(kind, "MM")
    return f"{d.year}-{typ}-{rng.randint(1, 99999):06d}"


# ---------------------------------------------------------------- Missouri
def _case_mo(rng, d):
    return f"I{d.year % 100:02d}-{rng.randint(1, 59999):06d}"


def _print_case_mo(a, rng, canon, ctx):
    opts = [(65, canon), (12, f"{canon[0]} {canon[1:]}"), (10, f"{a.prefixes[0]}-{canon}")]
    if ctx == "label":
        opts += [(13, canon[1:])]
    return wchoice(rng, opts)


def _cit_mo(rng, d, kind):
    return f"{rng.randint(100000, 9999999):07d}{rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}"


def _print_cit_mo(rng, c):
    return f"{c[:-1]}-{c[-1]}"


def _court_mo(rng, d, kind):
    yy = d.year % 100
    if kind == "federal":
        return _fed(rng, d)
    if kind == "appeal":
        return f"ED{rng.randint(100000, 113999)}"
    typ = {"traffic": rng.choice(["TR", "MU"]), "criminal": rng.choice(["CR", "CR", "CR"])}.get(kind, "CR")
    s = f"{yy:02d}SL-{typ}{rng.randint(1, 9999):05d}"
    if rng.random() < 0.25:
        s += f"-{rng.randint(1, 3):02d}"
    return s


# ---------------------------------------------------------------- Wisconsin
def _case_wi(rng, d):
    return f"{d.year}-{rng.randint(1, 29999):08d}"


def _print_case_wi(a, rng, canon, ctx):
    y, seq = canon.split("-")
    opts = [(60, canon), (15, f"{a.prefixes[0]} {canon}")]
    if ctx == "label":
        opts += [(25, f"{y}-{int(seq)}")]
    return wchoice(rng, opts)


def _cit_wi(rng, d, kind):
    return f"{rng.choice('ABEFGHKMQRT')}{digits(rng, 7)}-{rng.randint(0, 9)}"


def _print_cit_wi(rng, c):
    return c.replace("-", " ")


def _court_wi(rng, d, kind):
    if kind == "federal":
        return _fed(rng, d)
    if kind == "appeal":
        return f"{d.year}AP{rng.randint(1, 2499):6d}".replace(" ", "0")
    typ = {"traffic": rng.choice(["TR", "TR", "FO"]), "criminal": rng.choice(["CF", "CM", "CT"])}.get(kind, "CM")
    return f"{d.year}{typ}{rng.randint(1, 2999):06d}"


_CASE = {"cascade_falls_pd": _case_or, "haverford_pd": _case_ny, "bexley_county_so": _case_tx,
         "coral_shores_pd": _case_fl, "riverbend_pd": _case_mo, "tamarack_county_so": _case_wi}
_PRINT_CASE = {"cascade_falls_pd": _print_case_or, "haverford_pd": _print_case_ny,
               "bexley_county_so": _print_case_tx, "coral_shores_pd": _print_case_fl,
               "riverbend_pd": _print_case_mo, "tamarack_county_so": _print_case_wi}
_CIT = {"cascade_falls_pd": _cit_or, "haverford_pd": _cit_ny, "bexley_county_so": _cit_tx,
        "coral_shores_pd": _cit_fl, "riverbend_pd": _cit_mo, "tamarack_county_so": _cit_wi}
_PRINT_CIT = {"cascade_falls_pd": lambda r, c: f"{c[0]} {c[1:]}", "haverford_pd": _print_cit_ny,
              "bexley_county_so": _print_cit_tx, "riverbend_pd": _print_cit_mo,
              "tamarack_county_so": _print_cit_wi}
_COURTNO = {"cascade_falls_pd": _court_or, "haverford_pd": _court_ny, "bexley_county_so": _court_tx,
            "coral_shores_pd": _court_fl, "riverbend_pd": _court_mo, "tamarack_county_so": _court_wi}


def _c(name, caption, street, city_line, kind, rooms, phone=""):
    return Court(name, caption, street, city_line, kind, rooms, phone)


AGENCIES: dict[str, Agency] = {}

AGENCIES["cascade_falls_pd"] = Agency(
    id="cascade_falls_pd", name="Cascade Falls Police Department", short="CFPD", kind="police",
    home_state="OR", state_name="Oregon", city="Cascade Falls", county="Linnton",
    street="1450 NE Division Street", zip="97389", phone="(541) 555-0142", fax="(541) 555-0199",
    prefixes=["CFPD", "CF"],
    cities=[("Cascade Falls", "973"), ("Lebanon", "973"), ("Sweet Home", "973"), ("Albany", "973"),
            ("Corvallis", "973"), ("Salem", "973"), ("Eugene", "974"), ("Springfield", "974"),
            ("Philomath", "973"), ("Brownsville", "973")],
    area_codes=["541", "503", "458"], neighbor_states=["WA", "CA", "ID", "NV"],
    ranks=[("Ofc.", "Officer"), ("Ofc.", "Officer"), ("Cpl.", "Corporal"), ("Sgt.", "Sergeant"),
           ("Det.", "Detective"), ("Lt.", "Lieutenant")],
    badge_label="Badge #", badge_digits=(3, 4),
    courts={
        "circuit": _c("Linnton County Circuit Court",
                      ["IN THE CIRCUIT COURT OF THE STATE OF OREGON", "FOR THE COUNTY OF LINNTON"],
                      "300 SW 4th Avenue", "Cascade Falls, OR 97389", "circuit",
                      ["Courtroom 1", "Courtroom 2", "Courtroom 3B", "Courtroom 204", "Dept. 5"], "(541) 555-0300"),
        "municipal": _c("Cascade Falls Municipal Court",
                        ["MUNICIPAL COURT OF THE CITY OF CASCADE FALLS", "LINNTON COUNTY, OREGON"],
                        "1450 NE Division Street, Suite 110", "Cascade Falls, OR 97389", "municipal",
                        ["Courtroom A", "Courtroom B"], "(541) 555-0178"),
        "appeal": _c("Court of Appeals of the State of Oregon",
                     ["IN THE COURT OF APPEALS OF THE", "STATE OF OREGON"], "1163 State Street",
                     "Salem, OR 97301", "appellate", []),
        "federal": _c("United States District Court for the District of Oregon",
                      ["IN THE UNITED STATES DISTRICT COURT", "FOR THE DISTRICT OF OREGON"],
                      "405 E 8th Avenue", "Eugene, OR 97401", "federal", ["Courtroom 1", "Courtroom 3"]),
    },
    prosecutor="Linnton County District Attorney's Office", state_party="STATE OF OREGON",
    statutes={
        "traffic": [("ORS 811.111", "Violating a Speed Limit"), ("ORS 811.135", "Careless Driving"),
                    ("ORS 811.265", "Failure to Obey Traffic Control Device"),
                    ("ORS 811.507", "Operating Motor Vehicle While Using Mobile Electronic Device"),
                    ("ORS 806.010", "Driving Uninsured"), ("ORS 811.225", "Failure to Properly Use Safety Belts"),
                    ("ORS 811.260", "Failure to Obey Traffic Signal"), ("ORS 803.560", "Failure to Display Plates")],
        "criminal": [("ORS 164.043", "Theft in the Third Degree"), ("ORS 164.045", "Theft in the Second Degree"),
                     ("ORS 164.225", "Burglary in the First Degree"), ("ORS 163.160", "Assault in the Fourth Degree"),
                     ("ORS 166.025", "Disorderly Conduct in the Second Degree"),
                     ("ORS 164.354", "Criminal Mischief in the Second Degree"),
                     ("ORS 164.245", "Criminal Trespass in the Second Degree"),
                     ("ORS 811.182", "Criminal Driving While Suspended"),
                     ("ORS 162.247", "Interfering with a Peace Officer"),
                     ("ORS 475.854", "Unlawful Possession of Heroin")],
        "dui": [("ORS 813.010", "Driving Under the Influence of Intoxicants")],
    },
    case_desc="Incident/report number: two-digit year, hyphen, six-digit sequence (24-003817). Forms may print "
              "it with the agency prefix glued on (CFPD24-003817), with a four-digit year (2024-003817), or "
              "short behind a case label (24-3817).",
    case_patterns=[r"\d{2}-\d{6}"],
    cit_desc="Oregon uniform citation number: one letter (T traffic, V violation, C criminal, P parking) and "
             "six or seven digits.",
    cit_patterns=[r"[A-Z]\d{6,7}"],
    court_desc="Oregon circuit court case number: two-digit year, two-letter case type, five digits "
               "(24CR12345, 23VI01234); Court of Appeals A-numbers; federal district court numbers.",
    court_patterns=[r"\d{2}[A-Z]{2}\d{5}", r"A\d{6}", FED_PATTERN],
    case_label="Case No.", dui_word="DUII", ori="OR0220400",
)

AGENCIES["haverford_pd"] = Agency(
    id="haverford_pd", name="Town of Haverford Police Department", short="HTPD", kind="police",
    home_state="NY", state_name="New York", city="Haverford", county="Westmark",
    street="88 Mt. Kisco Road", zip="10576", phone="(914) 555-0163", fax="(914) 555-0170",
    prefixes=["HTPD", "HPD"],
    cities=[("Haverford", "105"), ("Mt. Kisco", "105"), ("Bedford Hills", "105"), ("Ossining", "105"),
            ("Mt. Vernon", "105"), ("Yonkers", "107"), ("Peekskill", "105"), ("Brewster", "105"),
            ("Carmel", "105"), ("White Plains", "106")],
    area_codes=["914", "845"], neighbor_states=["NJ", "CT", "PA"],
    ranks=[("P.O.", "Police Officer"), ("P.O.", "Police Officer"), ("Sgt.", "Sergeant"),
           ("Det.", "Detective"), ("Lt.", "Lieutenant"), ("Tpr.", "Trooper")],
    badge_label="Shield", badge_digits=(3, 4),
    courts={
        "town": _c("Haverford Town Court", ["TOWN COURT OF THE TOWN OF HAVERFORD", "COUNTY OF WESTMARK"],
                   "15 Town Hall Plaza", "Haverford, NY 10576", "town", ["Courtroom 1", "Courtroom 2"],
                   "(914) 555-0181"),
        "county": _c("Westmark County Court", ["COUNTY COURT OF THE STATE OF NEW YORK", "COUNTY OF WESTMARK"],
                     "111 Dr. Martin Luther King Jr. Blvd.", "White Plains, NY 10601", "county",
                     ["Courtroom 200", "Courtroom 301", "Part 3"], "(914) 555-0410"),
        "appeal": _c("Appellate Division, Second Department",
                     ["SUPREME COURT OF THE STATE OF NEW YORK", "APPELLATE DIVISION: SECOND JUDICIAL DEPARTMENT"],
                     "45 Monroe Place", "Brooklyn, NY 11201", "appellate", []),
        "federal": _c("United States District Court, Southern District of New York",
                      ["UNITED STATES DISTRICT COURT", "SOUTHERN DISTRICT OF NEW YORK"],
                      "300 Quarropas Street", "White Plains, NY 10601", "federal", ["Courtroom 520"]),
    },
    prosecutor="Westmark County District Attorney", state_party="THE PEOPLE OF THE STATE OF NEW YORK",
    statutes={
        "traffic": [("VTL 1180(b)", "Speed in Excess of 55 MPH Zone"), ("VTL 1180(d)", "Speed in Zone"),
                    ("VTL 1110(a)", "Disobeyed Traffic Control Device"), ("VTL 1225-c(2)(a)", "Use of Mobile Phone"),
                    ("VTL 1229-c(3)", "No Seat Belt"), ("VTL 511(1)(a)", "Agg Unlic Operation 3rd"),
                    ("VTL 319(1)", "Uninsured Motor Vehicle"), ("VTL 375(2)(a)", "Inadequate Headlamps")],
        "criminal": [("PL 155.25", "Petit Larceny"), ("PL 120.00(1)", "Assault in the Third Degree"),
                     ("PL 140.10", "Criminal Trespass in the Third Degree"),
                     ("PL 145.00(1)", "Criminal Mischief in the Fourth Degree"),
                     ("PL 240.26(1)", "Harassment in the Second Degree"),
                     ("PL 220.03", "Criminal Possession of a Controlled Substance 7th"),
                     ("PL 165.40", "Criminal Possession of Stolen Property 5th")],
        "dui": [("VTL 1192(2)", "DWI - .08 of 1% or More"), ("VTL 1192(3)", "Driving While Intoxicated"),
                ("VTL 1192(1)", "Driving While Ability Impaired")],
    },
    case_desc="Complaint number: four-digit year, three-digit day of year, six-digit sequence (2024-073-001234); "
              "sometimes printed with the HTPD prefix.",
    case_patterns=[r"\d{4}-\d{3}-\d{6}"],
    cit_desc="New York Uniform Traffic Ticket number: two letters, two digits and six letters or digits "
             "(AB12C3D4E5).",
    cit_patterns=[r"[A-Z]{2}\d{2}[A-Z0-9]{6}"],
    court_desc="Local criminal court docket numbers CR-012345-24 / TR-012345-24, county court indictments "
               "IND-70123-24, Appellate Division docket numbers 2024-01234, federal district court numbers.",
    court_patterns=[r"(CR|TR)-\d{6}-\d{2}", r"IND-\d{5}-\d{2}", r"\d{4}-\d{5}", FED_PATTERN],
    case_label="Complaint No.", dui_word="DWI", ori="NY0596700",
)

AGENCIES["bexley_county_so"] = Agency(
    id="bexley_county_so", name="Bexley County Sheriff's Office", short="BCSO", kind="sheriff",
    home_state="TX", state_name="Texas", city="Marlin Springs", county="Bexley",
    street="2100 W. Farm to Market Road 1431", zip="78654", phone="(830) 555-0119", fax="(830) 555-0128",
    prefixes=["BCSO"],
    cities=[("Marlin Springs", "786"), ("Kingsland", "786"), ("Burnet", "786"), ("Llano", "786"),
            ("Bertram", "786"), ("Austin", "787"), ("San Marcos", "786"), ("Johnson City", "786"),
            ("Blanco", "786"), ("Dripping Springs", "786")],
    area_codes=["830", "512", "325"], neighbor_states=["OK", "LA", "NM"],
    ranks=[("Dep.", "Deputy"), ("Dep.", "Deputy"), ("Sgt.", "Sergeant"), ("Cpl.", "Corporal"),
           ("Inv.", "Investigator"), ("Lt.", "Lieutenant")],
    badge_label="ID No.", badge_digits=(3, 4),
    courts={
        "justice": _c("Justice Court, Precinct 1, Bexley County, Texas",
                      ["IN THE JUSTICE COURT, PRECINCT ONE", "BEXLEY COUNTY, TEXAS"],
                      "1701 E. Polk Street", "Marlin Springs, TX 78654", "justice",
                      ["Courtroom 1", None], "(830) 555-0155"),
        "county": _c("County Court at Law No. 2, Bexley County",
                     ["IN THE COUNTY COURT AT LAW NO. 2", "OF BEXLEY COUNTY, TEXAS"],
                     "220 S. Pierce Street", "Marlin Springs, TX 78654", "county",
                     ["Courtroom 2A", "Courtroom 2B"], "(830) 555-0166"),
        "appeal": _c("Court of Appeals for the Third District of Texas",
                     ["IN THE COURT OF APPEALS", "THIRD DISTRICT OF TEXAS AT AUSTIN"],
                     "P.O. Box 12547", "Austin, TX 78711", "appellate", []),
        "federal": _c("United States District Court for the Western District of Texas",
                      ["IN THE UNITED STATES DISTRICT COURT", "FOR THE WESTERN DISTRICT OF TEXAS", "AUSTIN DIVISION"],
                      "501 West Fifth Street", "Austin, TX 78701", "federal", ["Courtroom 7"]),
    },
    prosecutor="Bexley County Attorney's Office", state_party="THE STATE OF TEXAS",
    statutes={
        "traffic": [("TC 545.351", "Speeding"), ("TC 544.007", "Disregard Traffic Control Device"),
                    ("TC 601.191", "Failure to Maintain Financial Responsibility"),
                    ("TC 521.457", "Driving While License Invalid"), ("TC 545.413", "No Seat Belt - Driver"),
                    ("TC 502.473", "Expired Registration"), ("TC 545.060", "Failed to Maintain Single Lane")],
        "criminal": [("PC 31.03", "Theft"), ("PC 22.01(a)(1)", "Assault Causes Bodily Injury"),
                     ("PC 30.02", "Burglary of Habitation"), ("PC 28.03", "Criminal Mischief"),
                     ("PC 42.01", "Disorderly Conduct"), ("HSC 481.115", "Possession of Controlled Substance PG 1"),
                     ("PC 38.04", "Evading Arrest or Detention")],
        "dui": [("PC 49.04", "Driving While Intoxicated"), ("PC 49.04(d)", "DWI with BAC >= 0.15")],
    },
    case_desc="Sheriff's incident number: SO-, four-digit year, hyphen, six digits (SO-2024-001234); "
              "forms may print SO2024-001234, SO 2024-001234, BCSO-SO-2024-001234, or only 2024-001234 behind an "
              "'S.O. Case #' label.",
    case_patterns=[r"SO-\d{4}-\d{6}"],
    cit_desc="Citation number: TX followed by eight digits (electronic citations) or seven digits only "
             "(paper citation books).",
    cit_patterns=[r"TX\d{8}", r"\d{7}"],
    court_desc="Justice court case numbers JP1-TR-24-001234, county court at law numbers 2024-CCL2-01234, "
               "court of appeals 03-24-00123-CR, federal district court numbers.",
    court_patterns=[r"JP\d-(TR|CR)-\d{2}-\d{6}", r"\d{4}-CCL\d-\d{5}", r"\d{2}-\d{2}-\d{5}-CR", FED_PATTERN],
    case_label="Incident No.", dui_word="DWI", ori="TX0270000",
)

AGENCIES["coral_shores_pd"] = Agency(
    id="coral_shores_pd", name="Coral Shores Police Department", short="CSPD", kind="police",
    home_state="FL", state_name="Florida", city="Coral Shores", county="Seagrape",
    street="4900 Tamiami Trail North", zip="34102", phone="(239) 555-0137", fax="(239) 555-0138",
    prefixes=["CSPD"],
    cities=[("Coral Shores", "341"), ("Naples", "341"), ("Bonita Springs", "341"), ("Fort Myers", "339"),
            ("Cape Coral", "339"), ("Estero", "339"), ("Immokalee", "341"), ("Marco Island", "341"),
            ("Lehigh Acres", "339"), ("Golden Gate", "341")],
    area_codes=["239", "941"], neighbor_states=["GA", "AL"],
    ranks=[("Ofc.", "Officer"), ("Ofc.", "Officer"), ("Cpl.", "Corporal"), ("Sgt.", "Sergeant"),
           ("Det.", "Detective"), ("Lt.", "Lieutenant")],
    badge_label="ID#", badge_digits=(3, 4),
    courts={
        "county": _c("County Court in and for Seagrape County, Florida",
                     ["IN THE COUNTY COURT OF THE TWENTY-THIRD JUDICIAL CIRCUIT", "IN AND FOR SEAGRAPE COUNTY, FLORIDA"],
                     "3315 Tamiami Trail East", "Coral Shores, FL 34112", "county",
                     ["Courtroom 2-A", "Courtroom 3-C", "Courtroom 1-B", "Hearing Room 4"], "(239) 555-0222"),
        "circuit": _c("Circuit Court of the Twenty-Third Judicial Circuit",
                      ["IN THE CIRCUIT COURT OF THE TWENTY-THIRD JUDICIAL CIRCUIT", "IN AND FOR SEAGRAPE COUNTY, FLORIDA"],
                      "3315 Tamiami Trail East", "Coral Shores, FL 34112", "circuit",
                      ["Courtroom 5-A", "Courtroom 6-B"], "(239) 555-0222"),
        "appeal": _c("District Court of Appeal of Florida, Sixth District",
                     ["DISTRICT COURT OF APPEAL OF FLORIDA", "SIXTH DISTRICT"], "811 E. Main Street",
                     "Lakeland, FL 33801", "appellate", []),
        "federal": _c("United States District Court, Middle District of Florida",
                      ["UNITED STATES DISTRICT COURT", "MIDDLE DISTRICT OF FLORIDA", "FORT MYERS DIVISION"],
                      "2110 First Street", "Fort Myers, FL 33901", "federal", ["Courtroom 6A"]),
    },
    prosecutor="Office of the State Attorney, Twenty-Third Judicial Circuit", state_party="STATE OF FLORIDA",
    statutes={
        "traffic": [("316.183", "Unlawful Speed"), ("316.075", "Red Light Violation"),
                    ("316.646", "No Proof of Insurance"), ("316.614", "Seat Belt Violation"),
                    ("322.03", "No Valid Driver License"), ("316.1925", "Careless Driving"),
                    ("320.07", "Expired Registration")],
        "criminal": [("812.014", "Petit Theft"), ("784.03", "Battery"), ("810.02", "Burglary"),
                     ("806.13", "Criminal Mischief"), ("893.13", "Possession of Controlled Substance"),
                     ("843.02", "Resisting Officer Without Violence"), ("322.34", "DWLSR")],
        "dui": [("316.193", "Driving Under the Influence"), ("316.1939", "Refusal to Submit to Testing")],
    },
    case_desc="Case number: two-digit year, hyphen, nine-digit sequence (24-000123456); sometimes printed with "
              "the CSPD prefix glued on.",
    case_patterns=[r"\d{2}-\d{9}"],
    cit_desc="Florida Uniform Traffic Citation number: seven letters/digits, a letter then a digit first "
             "(A1B2C3D).",
    cit_patterns=[r"[A-Z]\d[A-Z0-9]{5}"],
    court_desc="County/circuit court case numbers: four-digit year, case type (TR, CT, MM, CF), six digits "
               "(2024-TR-012345); District Court of Appeal 6D24-0123; federal district court numbers.",
    court_patterns=[r"\d{4}-(TR|CT|MM|CF)-\d{6}", r"\dD\d{2}-\d{4}", FED_PATTERN],
    case_label="Case #", dui_word="DUI", ori="FL0110300",
)

AGENCIES["riverbend_pd"] = Agency(
    id="riverbend_pd", name="Riverbend Police Department", short="RPD", kind="police",
    home_state="MO", state_name="Missouri", city="Riverbend", county="St. Louis",
    street="700 Chouteau Avenue", zip="63137", phone="(314) 555-0108", fax="(314) 555-0109",
    prefixes=["RPD"],
    cities=[("Riverbend", "631"), ("Florissant", "630"), ("Ferguson", "631"), ("Hazelwood", "630"),
            ("St. Charles", "633"), ("Bridgeton", "630"), ("Spanish Lake", "631"), ("Jennings", "631"),
            ("University City", "631"), ("St. Louis", "631")],
    area_codes=["314", "636"], neighbor_states=["IL", "KS"],
    ranks=[("P.O.", "Police Officer"), ("Ofc.", "Officer"), ("Sgt.", "Sergeant"), ("Det.", "Detective"),
           ("Lt.", "Lieutenant"), ("Cpl.", "Corporal")],
    badge_label="DSN", badge_digits=(4, 4),
    courts={
        "municipal": _c("Riverbend Municipal Court", ["IN THE MUNICIPAL COURT OF THE CITY OF RIVERBEND",
                                                      "ST. LOUIS COUNTY, MISSOURI"],
                        "700 Chouteau Avenue", "Riverbend, MO 63137", "municipal", ["Courtroom 1", None],
                        "(314) 555-0111"),
        "circuit": _c("Circuit Court of St. Louis County", ["IN THE CIRCUIT COURT OF ST. LOUIS COUNTY",
                                                            "STATE OF MISSOURI"],
                      "105 South Central Avenue", "Clayton, MO 63105", "circuit",
                      ["Division 14", "Division 33", "Courtroom 5B"], "(314) 555-0290"),
        "appeal": _c("Missouri Court of Appeals, Eastern District",
                     ["IN THE MISSOURI COURT OF APPEALS", "EASTERN DISTRICT"], "One Post Office Square",
                     "St. Louis, MO 63101", "appellate", []),
        "federal": _c("United States District Court, Eastern District of Missouri",
                      ["UNITED STATES DISTRICT COURT", "EASTERN DISTRICT OF MISSOURI", "EASTERN DIVISION"],
                      "111 South Tenth Street", "St. Louis, MO 63102", "federal", ["Courtroom 14 South"]),
    },
    prosecutor="St. Louis County Prosecuting Attorney", state_party="STATE OF MISSOURI",
    statutes={
        "traffic": [("RSMo 304.010", "Exceeded Posted Speed Limit"), ("RSMo 304.281", "Failed to Obey Signal"),
                    ("RSMo 303.025", "Failure to Maintain Financial Responsibility"),
                    ("RSMo 302.321", "Driving While Revoked/Suspended"), ("RSMo 307.178", "Seat Belt Violation"),
                    ("Ord. 340.120", "Careless and Imprudent Driving"), ("Ord. 375.040", "Expired Plates")],
        "criminal": [("RSMo 570.030", "Stealing"), ("RSMo 565.056", "Assault 4th Degree"),
                     ("RSMo 569.170", "Burglary 2nd Degree"), ("RSMo 574.010", "Peace Disturbance"),
                     ("RSMo 569.100", "Property Damage 1st Degree"), ("RSMo 579.015", "Possession of Controlled Substance"),
                     ("Ord. 210.620", "Trespassing")],
        "dui": [("RSMo 577.010", "Driving While Intoxicated")],
    },
    case_desc="Incident number: I, two-digit year, hyphen, six digits (I24-012345); forms may print I 24-012345, "
              "RPD-I24-012345, or drop the I behind an 'Incident No.' label (24-012345).",
    case_patterns=[r"I\d{2}-\d{6}"],
    cit_desc="Municipal uniform citation number: seven digits and a letter suffix (0412345A), sometimes "
             "printed with a hyphen before the letter.",
    cit_patterns=[r"\d{7}[A-Z]"],
    court_desc="Missouri circuit court numbers 21SL-CR01234 (optional -01 suffix), Court of Appeals ED108783 / "
               "WD / SD numbers, federal district court numbers.",
    court_patterns=[r"\d{2}[A-Z]{2}-(CR|TR|MU)\d{5}(-\d{2})?", r"(ED|WD|SD)\d{6}", FED_PATTERN],
    case_label="Incident No.", dui_word="DWI", ori="MO0950600",
)

AGENCIES["tamarack_county_so"] = Agency(
    id="tamarack_county_so", name="Tamarack County Sheriff's Office", short="TCSO", kind="sheriff",
    home_state="WI", state_name="Wisconsin", city="Birch Lake", county="Tamarack",
    street="515 Courthouse Square", zip="54501", phone="(715) 555-0122", fax="(715) 555-0125",
    prefixes=["TCSO"],
    cities=[("Birch Lake", "545"), ("Rhinelander", "545"), ("Tomahawk", "544"), ("Minocqua", "545"),
            ("Eagle River", "545"), ("Wausau", "544"), ("Merrill", "544"), ("Antigo", "544"),
            ("Three Lakes", "545"), ("Crandon", "545")],
    area_codes=["715", "920"], neighbor_states=["MN", "IL", "MI"],
    ranks=[("Dep.", "Deputy"), ("Dep.", "Deputy"), ("Sgt.", "Sergeant"), ("Inv.", "Investigator"),
           ("Lt.", "Lieutenant"), ("Cpl.", "Corporal")],
    badge_label="Badge", badge_digits=(3, 3),
    courts={
        "circuit": _c("Tamarack County Circuit Court", ["STATE OF WISCONSIN", "CIRCUIT COURT", "TAMARACK COUNTY"],
                      "515 Courthouse Square", "Birch Lake, WI 54501", "circuit",
                      ["Branch 1", "Branch 2", "Courtroom 2A"], "(715) 555-0140"),
        "appeal": _c("Wisconsin Court of Appeals, District III", ["COURT OF APPEALS OF WISCONSIN", "DISTRICT III"],
                     "110 East Main Street", "Madison, WI 53703", "appellate", []),
        "federal": _c("United States District Court, Western District of Wisconsin",
                      ["UNITED STATES DISTRICT COURT", "FOR THE WESTERN DISTRICT OF WISCONSIN"],
                      "120 North Henry Street", "Madison, WI 53703", "federal", ["Courtroom 250"]),
    },
    prosecutor="Tamarack County District Attorney", state_party="STATE OF WISCONSIN",
    statutes={
        "traffic": [("346.57(5)", "Speeding 11-15 MPH Over Limit"), ("346.37(1)(c)", "Failure to Stop for Red Light"),
                    ("344.62(1)", "Operating Without Insurance"), ("343.44(1)(a)", "Operating While Suspended"),
                    ("347.48(2m)", "Seat Belt Violation"), ("346.89(3)", "Inattentive Driving")],
        "criminal": [("943.20(1)(a)", "Theft-Movable Property"), ("940.19(1)", "Battery"),
                     ("943.10(1m)", "Burglary-Building or Dwelling"), ("947.01(1)", "Disorderly Conduct"),
                     ("943.01(1)", "Criminal Damage to Property"), ("961.41(3g)(e)", "Possession of THC"),
                     ("946.41(1)", "Resisting or Obstructing an Officer")],
        "dui": [("346.63(1)(a)", "OWI"), ("346.63(1)(b)", "Operating with PAC")],
    },
    case_desc="Sheriff's case number: four-digit year, hyphen, eight-digit sequence (2024-00012345); printed "
              "with the TCSO prefix or with leading zeros dropped behind a 'Case #' label (2024-12345).",
    case_patterns=[r"\d{4}-\d{8}"],
    cit_desc="Wisconsin uniform citation number: one letter, seven digits, hyphen, check digit (E4127385-6).",
    cit_patterns=[r"[A-Z]\d{7}-\d"],
    court_desc="Wisconsin circuit court case numbers: four-digit year, case type, six digits (2024CF000123, "
               "2024TR004512); court of appeals 2024AP001234; federal district court numbers.",
    court_patterns=[r"\d{4}(CF|CM|CT|TR|FO|CV)\d{6}", r"\d{4}AP\d{6}", FED_PATTERN],
    case_label="Case #", dui_word="OWI", ori="WI0640000",
)

HOME = "cascade_falls_pd"
