"""Fictional people and vehicles, and every way a police form writes a name.

A Person's *truth name* (what the truth file lists) depends on the detail level
chosen for the document (full middle name, middle initial, no middle, first
initial only); the printed writings vary (LAST, FIRST M / First M. Last / LAST
FIRST M / upper case / with or without periods) but always show that detail.
"""
from __future__ import annotations

import datetime as _dt
import random
from dataclasses import dataclass, field

from .util import PLATE_LETTERS, digits, letters

MALE = """James John Robert Michael William David Richard Joseph Thomas Charles Christopher Daniel
Matthew Anthony Mark Donald Steven Paul Andrew Joshua Kenneth Kevin Brian George Timothy Ronald
Edward Jason Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon
Benjamin Samuel Gregory Alexander Frank Patrick Raymond Jack Dennis Jerry Tyler Aaron Jose Adam
Nathan Henry Douglas Zachary Peter Kyle Ethan Walter Noah Jeremy Christian Keith Roger Terry Gerald
Harold Sean Austin Carl Arthur Lawrence Dylan Jesse Jordan Bryan Billy Joe Bruce Gabriel Logan
Albert Willie Alan Juan Wayne Elijah Randy Roy Vincent Ralph Eugene Russell Bobby Mason Philip
Louis Luis Carlos Miguel Jesus Alejandro Ricardo Javier Mateo Diego Hector Rafael Marcus Darnell
DeShawn Jamal Tyrone Malik Andre Terrell Dwayne Reginald Cedric Lamar Hiroshi Kenji Minh Duc
Tuan Vikram Rajesh Arjun Sanjay Omar Ahmed Yusuf Tariq Dmitri Sergei Piotr Tomasz Lars Anders
Declan Liam Connor Cormac Rory Colton Wyatt Travis Dustin Cody Brett Shane Trent Garrett Wade""".split()

FEMALE = """Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy Betty
Margaret Sandra Ashley Kimberly Emily Donna Michelle Carol Amanda Dorothy Melissa Deborah Stephanie
Rebecca Sharon Laura Cynthia Kathleen Amy Angela Shirley Anna Brenda Pamela Emma Nicole Helen
Samantha Katherine Christine Debra Rachel Carolyn Janet Catherine Maria Heather Diane Ruth Julie
Olivia Joyce Virginia Victoria Kelly Lauren Christina Joan Evelyn Judith Megan Andrea Cheryl Hannah
Jacqueline Martha Gloria Teresa Ann Sara Madison Frances Kathryn Janice Jean Abigail Alice Judy
Sophia Grace Denise Amber Doris Marilyn Danielle Beverly Isabella Theresa Diana Natalie Brittany
Charlotte Marie Kayla Alexis Lori Guadalupe Rosa Carmen Yesenia Alejandra Lucia Xiomara Marisol
Latoya Tamika Keisha Shanice Aaliyah Imani Ebony Precious Mei Yuki Thi Linh Hoa Priya Anjali
Deepa Fatima Aisha Leila Svetlana Katarzyna Ingrid Siobhan Maeve Bridget Kaitlyn Brianna Destiny
Savannah Harper Paisley Raelynn Tatum Whitney Courtney Misty Crystal Tonya""".split()



def _parse_surnames(block: str) -> list[str]:
    out: list[str] = []
    for line in block.split("\n"):
        toks = line.split()
        i = 0
        while i < len(toks):
            t = toks[i]
            # particle surnames: De La Cruz, Del Rio, Van Dyke, Da Silva, Dos Santos, Von Ahn
            if t in ("De", "Del", "Van", "Da", "Dos", "Von") and i + 1 < len(toks):
                if t == "De" and toks[i + 1] == "La" and i + 2 < len(toks):
                    out.append(" ".join(toks[i:i + 3]))
                    i += 3
                    continue
                out.append(" ".join(toks[i:i + 2]))
                i += 2
                continue
            out.append(t)
            i += 1
    return out


_SURNAME_BLOCK = """Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez
Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez
Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green
Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz
Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan
Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood
Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster
Jimenez Powell Jenkins Perry Russell Sullivan Bell Coleman Butler Henderson Barnes Gonzales Fisher
Vasquez Simmons Romero Patterson Hamilton Graham Reynolds Griffin Wallace Moreno
Cole Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar Stevens Murray Ford Castro Marshall
Owens Harrison Fernandez McDonald Woods Washington Kennedy Wells Vargas Chen Freeman Webb
Tucker Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez Silva Shaw Snyder Mason Dixon
Munoz Hunt Hicks Holmes Palmer Wagner Robertson Boyd Salazar Warren Mills
Meyer Rice Schmidt Garza Ferguson Nichols Stephens Soto Weaver Ryan Gardner Payne
Dunn Kelley Spencer Hawkins Arnold Pierce Vazquez Hansen Santos Hart Bradley Knight Elliott
Cunningham Duncan Armstrong Hudson Carroll Riley Andrews Alvarado Delgado Berry Perkins
Hoffman Johnston Matthews Pena Richards Contreras Willis Carpenter Sandoval Harrington
Abernathy Kowalski Nowak Wisniewski Lindqvist Johansson Okafor Adeyemi Mensah Haddad Khoury
Nakamura Tanaka Yamamoto Pham Hoang Vu Truong Singh Sharma Gupta Chaudhry Rahman Hussain Volkov
Petrov Novak Schultz Becker Hartmann Fitzgerald Gallagher Kavanagh Donnelly Whitfield Pemberton
Thibodeaux Broussard Landry Fontenot Yazzie Begay Tsosie Blackwater
McKinney McCarthy McAllister McGowan McLaughlin MacArthur MacKenzie O'Brien O'Neil O'Connor
O'Malley O'Hara D'Angelo D'Amico DeLuca DeMarco LeBlanc LaFleur DuBois
De La Cruz De La Rosa Del Rio Van Dyke Van Horn Da Silva Dos Santos Von Ahn
Garcia-Lopez Smith-Jones Martinez-Rivera Lewis-Grant Ortega-Baca Hale-Whitmore"""
SURNAMES = _parse_surnames(_SURNAME_BLOCK)
# Surnames that are also common words or first names make good hazards but are
# kept rarer; particle / hyphenated / Mc-O' names are drawn more often than
# their real frequency so every corpus has some.
SPECIAL_SURNAMES = [s for s in SURNAMES if (" " in s or "-" in s or "'" in s or s[:2] == "Mc"
                                            or s[:3] == "Mac" or (s[:2] in ("De", "Le", "La", "Du") and s[2:3].isupper()))]

SUFFIXES = ["Jr", "Sr", "II", "III", "IV"]

RACE = ["W", "B", "H", "A", "I", "U"]
HAIR = ["BLK", "BRO", "BLN", "RED", "GRY", "BLD", "SDY"]
EYES = ["BRO", "BLU", "GRN", "HAZ", "GRY", "BLK"]

STREET_NAMES = """Main Oak Pine Maple Cedar Elm Washington Lake Hill Walnut Spring North Park Ridge
Church Willow Mill River Sunset Highland Jackson Cherry Forest Meadow Lincoln Madison Franklin
Jefferson Chestnut Birch Laurel Orchard Valley Railroad Bridge Commerce Industrial Airport
Hawthorne Alder Juniper Sequoia Magnolia Palmetto Cypress Mesquite Bluebonnet Prairie Harbor
Mill Creek Fox Run Deer Trail Stone Fence Quail Hollow Pleasant Vernon""".split()
STREET_TYPES = ["St", "Ave", "Rd", "Dr", "Ln", "Blvd", "Ct", "Way", "Pl", "Ter", "Pkwy", "Hwy"]
APT = ["Apt 2B", "Apt 14", "Unit 7", "#112", "Apt C", "Unit 203", "Lot 41", "Spc 18"]


@dataclass
class Address:
    street: str
    city: str
    state: str
    zip: str

    def one_line(self) -> str:
        return f"{self.street}, {self.city}, {self.state} {self.zip}"

    def city_line(self) -> str:
        return f"{self.city}, {self.state} {self.zip}"


@dataclass
class Person:
    pid: int
    first: str
    middle: str
    last: str
    suffix: str
    sex: str
    dob: _dt.date
    race: str
    height: int
    weight: int
    hair: str
    eyes: str
    addr: Address
    phone: str
    dl: str
    dl_state: str
    rank: str = ""          # officers: "Ofc.", "Sgt." ...
    badge: str = ""         # officers: digits as printed after "#"
    # per-document detail level: full | initial | none | finitial
    detail: str = "initial"
    periods: bool = True    # print initials with periods
    sfx_comma: bool = False  # "Smith, Jr."
    employer: str = ""

    # ---- truth
    def truth_name(self) -> str:
        parts = []
        parts.append(self.first[0] if self.detail == "finitial" else self.first)
        if self.middle and self.detail == "full":
            parts.append(self.middle)
        elif self.middle and self.detail == "initial":
            parts.append(self.middle[0])
        parts.append(self.last)
        if self.suffix:
            parts.append(self.suffix)
        return " ".join(parts)

    # ---- printed writings
    def _first(self) -> str:
        if self.detail == "finitial":
            return self.first[0] + ("." if self.periods else "")
        return self.first

    def _middle(self) -> str:
        if not self.middle or self.detail in ("none", "finitial"):
            return ""
        if self.detail == "full":
            return self.middle
        return self.middle[0] + ("." if self.periods else "")

    def _suffix(self) -> str:
        if not self.suffix:
            return ""
        if self.suffix in ("Jr", "Sr") and self.periods:
            return self.suffix + "."
        return self.suffix

    def name(self, style: str = "nat", upper: bool = False) -> str:
        """style: nat (First M. Last Jr.), lfc (Last, First M. Jr.), lfc_sfx (Last Jr., First M.),
        lfn (LAST FIRST M JR)."""
        f, m, l, s = self._first(), self._middle(), self.last, self._suffix()
        given = " ".join(x for x in (f, m) if x)
        if style == "nat":
            out = f"{given} {l}"
            if s:
                out += (", " if self.sfx_comma else " ") + s
        elif style == "lfc":
            out = f"{l}, {given}"
            if s:
                out += (", " if self.sfx_comma else " ") + s
        elif style == "lfc_sfx":
            out = f"{l} {s}, {given}" if s else f"{l}, {given}"
        elif style == "lfn":
            out = f"{l} {given}" + (f" {s}" if s else "")
        else:
            raise ValueError(style)
        return out.upper() if upper else out

    def officer(self, style: str = "rank_nat", upper: bool = False) -> str:
        n = self.name("nat" if "nat" in style else "lfc", upper=upper)
        return f"{self.rank} {n}" if self.rank and style.startswith("rank") else n

    def age_on(self, d: _dt.date) -> int:
        return d.year - self.dob.year - ((d.month, d.day) < (self.dob.month, self.dob.day))


# --------------------------------------------------------------------------- factories
def _street(rng: random.Random) -> str:
    num = rng.choice([rng.randint(10, 99), rng.randint(100, 999), rng.randint(1000, 9999),
                      rng.randint(10000, 39999)])
    name = rng.choice(STREET_NAMES)
    pre = rng.choice(["", "", "", "N ", "S ", "E ", "W ", "NE ", "SW "])
    s = f"{num} {pre}{name} {rng.choice(STREET_TYPES)}"
    if rng.random() < 0.18:
        s += " " + rng.choice(APT)
    return s


def make_address(rng: random.Random, cities: list, state: str) -> Address:
    city, zip3 = rng.choice(cities)
    return Address(_street(rng), city, state, f"{zip3}{rng.randint(0, 99):02d}")


def make_phone(rng: random.Random, area_codes: list[str]) -> str:
    return f"({rng.choice(area_codes)}) {rng.randint(201, 989)}-{rng.randint(0, 9999):04d}"


def dl_number(rng: random.Random, state: str) -> str:
    if state == "OR":
        return digits(rng, rng.choice([7, 8, 9])).lstrip("0") or "1234567"
    if state == "NY":
        d = digits(rng, 9)
        return f"{d[:3]} {d[3:6]} {d[6:]}" if rng.random() < 0.5 else d
    if state == "TX":
        return digits(rng, 8)
    if state == "FL":
        return f"{letters(rng, 1)}{digits(rng, 3)}-{digits(rng, 3)}-{digits(rng, 2)}-{digits(rng, 3)}-{digits(rng, 1)}"
    if state == "MO":
        return letters(rng, 1) + digits(rng, 9)
    if state == "WI":
        return f"{letters(rng, 1)}{digits(rng, 3)}-{digits(rng, 4)}-{digits(rng, 4)}-{digits(rng, 2)}"
    if state in ("WA",):
        return "WDL" + letters(rng, 2, "ABCDEFGHJKLMNPRSTUVWXYZ0123456789") + digits(rng, 4) + letters(rng, 2)
    if state == "CA":
        return letters(rng, 1) + digits(rng, 7)
    return letters(rng, 1) + digits(rng, 8)


def make_person(rng: random.Random, pid: int, ctx_state: str, cities: list, area_codes: list[str],
                year: int, sex: str | None = None, age_range=(18, 78), special_p: float = 0.22) -> Person:
    sex = sex or rng.choice("MF")
    first = rng.choice(MALE if sex == "M" else FEMALE)
    midpool = MALE if sex == "M" else FEMALE
    middle = rng.choice(midpool) if rng.random() < 0.85 else ""
    if middle == first:
        middle = rng.choice(["Lee", "Ann", "Marie", "Ray", "Lynn", "Jo", "Dean", "Jean"])
    last = rng.choice(SPECIAL_SURNAMES) if rng.random() < special_p else rng.choice(SURNAMES)
    suffix = rng.choice(SUFFIXES) if (sex == "M" and rng.random() < 0.07) else ""
    age = rng.randint(*age_range)
    dob = _dt.date(year - age, rng.randint(1, 12), rng.randint(1, 28))
    h = rng.randint(60, 76) if sex == "M" else rng.randint(58, 70)
    w = rng.randint(140, 260) if sex == "M" else rng.randint(105, 210)
    addr = make_address(rng, cities, ctx_state)
    return Person(pid=pid, first=first, middle=middle, last=last, suffix=suffix, sex=sex, dob=dob,
                  race=rng.choice(RACE), height=h, weight=w, hair=rng.choice(HAIR), eyes=rng.choice(EYES),
                  addr=addr, phone=make_phone(rng, area_codes), dl=dl_number(rng, ctx_state), dl_state=ctx_state)


def height_str(inches: int, style: int = 0) -> str:
    return [f"{inches // 12}'{inches % 12:02d}\"", f"{inches // 12}{inches % 12:02d}", f"{inches // 12}-{inches % 12:02d}"][style]


# --------------------------------------------------------------------------- vehicles
MAKES = {
    "Toyota": ["Camry", "Corolla", "RAV4", "Tacoma", "Tundra", "Highlander", "Prius", "Sienna"],
    "Honda": ["Civic", "Accord", "CR-V", "Odyssey", "Pilot", "Fit"],
    "Ford": ["F-150", "Escape", "Explorer", "Focus", "Fusion", "Ranger", "Mustang", "Transit"],
    "Chevrolet": ["Silverado", "Malibu", "Equinox", "Impala", "Tahoe", "Cruze", "Colorado"],
    "Nissan": ["Altima", "Sentra", "Rogue", "Frontier", "Pathfinder", "Versa"],
    "Dodge": ["Ram 1500", "Charger", "Durango", "Grand Caravan", "Challenger"],
    "Jeep": ["Wrangler", "Cherokee", "Grand Cherokee", "Liberty"],
    "Subaru": ["Outback", "Forester", "Impreza", "Legacy", "Crosstrek"],
    "Hyundai": ["Elantra", "Sonata", "Tucson", "Santa Fe"],
    "Kia": ["Soul", "Optima", "Sorento", "Forte"],
    "GMC": ["Sierra", "Yukon", "Acadia"],
    "Volkswagen": ["Jetta", "Passat", "Golf", "Tiguan"],
    "BMW": ["328i", "X3", "X5"],
    "Mazda": ["Mazda3", "CX-5", "Mazda6"],
    "Buick": ["LaCrosse", "Enclave", "Encore"],
    "Tesla": ["Model 3", "Model Y"],
}
MAKE_CODES = {"Toyota": "TOYT", "Honda": "HOND", "Ford": "FORD", "Chevrolet": "CHEV", "Nissan": "NISS",
              "Dodge": "DODG", "Jeep": "JEEP", "Subaru": "SUBA", "Hyundai": "HYUN", "Kia": "KIA",
              "GMC": "GMC", "Volkswagen": "VOLK", "BMW": "BMW", "Mazda": "MAZD", "Buick": "BUIC",
              "Tesla": "TESL"}
COLORS = [("Black", "BLK"), ("White", "WHI"), ("Silver", "SIL"), ("Gray", "GRY"), ("Red", "RED"),
          ("Blue", "BLU"), ("Green", "GRN"), ("Tan", "TAN"), ("Maroon", "MAR"), ("Gold", "GLD"),
          ("Brown", "BRO")]
BODY = {"F-150": "PK", "Silverado": "PK", "Tacoma": "PK", "Tundra": "PK", "Ranger": "PK", "Frontier": "PK",
        "Ram 1500": "PK", "Sierra": "PK", "Colorado": "PK", "Transit": "VN", "Sienna": "VN",
        "Odyssey": "VN", "Grand Caravan": "VN"}

VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
_TRANS = {**{str(i): i for i in range(10)},
          **dict(zip("ABCDEFGH", range(1, 9))), **dict(zip("JKLMN", range(1, 6))), "P": 7, "R": 9,
          **dict(zip("STUVWXYZ", range(2, 10)))}
_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]


def make_vin(rng: random.Random, year: int) -> str:
    v = [rng.choice("12345JKLSWYZ")] + [rng.choice(VIN_CHARS) for _ in range(16)]
    yr_codes = "ABCDEFGHJKLMNPRSTVWXY123456789"
    v[9] = yr_codes[(year - 2010) % 30]
    for i in range(12, 17):
        v[i] = rng.choice("0123456789")
    total = sum(_TRANS[c] * w for c, w in zip(v, _WEIGHTS))
    cd = total % 11
    v[8] = "X" if cd == 10 else str(cd)
    return "".join(v)


# plate shapes: 'A' letter, '9' digit, ' ' / '-' printed separators (dropped in the truth)
PLATE_SHAPES = {
    "OR": ["999 AAA", "AAA 999", "999AAA"],
    "WA": ["AAA9999", "AAA 9999"],
    "CA": ["9AAA999"],
    "ID": ["9A 99999", "1A 9999A"],
    "NV": ["999 A99", "99A 999"],
    "NY": ["AAA-9999", "AAA 9999", "AAA9999"],
    "NJ": ["A99-AAA", "A99 AAA"],
    "PA": ["AAA-9999", "AAA 9999"],
    "CT": ["AA 99999", "9AAA99"],
    "TX": ["AAA-9999", "AAA 9999", "AA9-A999"],
    "OK": ["AAA-999", "AAA 999"],
    "LA": ["999 AAA", "999AAA"],
    "NM": ["AAA-999", "999-AAA"],
    "FL": ["AAA A99", "AAAA99", "999 9AA", "A99 9AA"],
    "GA": ["AAA9999", "AAA 9999"],
    "AL": ["99A999A", "9A99999"],
    "MO": ["AA9 A9A", "AA9A9A"],
    "IL": ["AA 99999", "A99 9999"],
    "KS": ["999 AAA", "999AAA"],
    "WI": ["AAA-9999", "999-AAA", "AAA 9999"],
    "MN": ["AAA-999", "AAA 999"],
    "MI": ["AAA 9999", "AAA9999"],
}
STATE_NAMES = {"OR": "Oregon", "WA": "Washington", "CA": "California", "ID": "Idaho", "NV": "Nevada",
               "NY": "New York", "NJ": "New Jersey", "PA": "Pennsylvania", "CT": "Connecticut",
               "TX": "Texas", "OK": "Oklahoma", "LA": "Louisiana", "NM": "New Mexico", "FL": "Florida",
               "GA": "Georgia", "AL": "Alabama", "MO": "Missouri", "IL": "Illinois", "KS": "Kansas",
               "WI": "Wisconsin", "MN": "Minnesota", "MI": "Michigan"}


def make_plate(rng: random.Random, state: str) -> tuple[str, str]:
    """(printed, canonical) e.g. ("ABC-1234", "ABC1234")."""
    shape = rng.choice(PLATE_SHAPES.get(state, ["AAA9999"]))
    out = []
    for ch in shape:
        if ch == "A":
            out.append(rng.choice(PLATE_LETTERS))
        elif ch == "9":
            out.append(rng.choice("0123456789"))
        else:
            out.append(ch)
    printed = "".join(out)
    return printed, printed.replace(" ", "").replace("-", "")


@dataclass
class Vehicle:
    year: int
    make: str
    model: str
    color: str
    color_code: str
    body: str
    plate_state: str
    plate_printed: str
    plate: str
    vin: str
    plate_year: int
    owner: Person | None = None
    insurer: str = ""
    policy: str = ""

    @property
    def make_code(self) -> str:
        return MAKE_CODES.get(self.make, self.make[:4].upper())


INSURERS = ["State Farm", "GEICO", "Progressive", "Allstate", "Farmers Insurance", "USAA",
            "Liberty Mutual", "Nationwide", "American Family", "Safeco", "Country Financial",
            "Travelers", "Erie Insurance", "Kemper", "Bristol West", "The General"]


def make_vehicle(rng: random.Random, state: str, year_now: int) -> Vehicle:
    make = rng.choice(list(MAKES))
    model = rng.choice(MAKES[make])
    vy = rng.randint(year_now - 22, year_now)
    col, cc = rng.choice(COLORS)
    printed, canon = make_plate(rng, state)
    ins = rng.choice(INSURERS)
    pol = letters(rng, 2) + digits(rng, rng.choice([7, 8, 9]))
    return Vehicle(year=vy, make=make, model=model, color=col, color_code=cc,
                   body=BODY.get(model, rng.choice(["4D", "4D", "SUV", "2D"])) if model not in BODY else BODY[model],
                   plate_state=state, plate_printed=printed, plate=canon, vin=make_vin(rng, vy),
                   plate_year=year_now + rng.choice([0, 0, 1]), insurer=ins, policy=pol)
