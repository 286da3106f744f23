"""Arrest reports, DWI/DUI reports (doc_type arrest_report)."""
from __future__ import annotations

from . import blocks as B
from . import narrative as N
from .common import Ctx, agency_header, footer, maybe_stamp, signature_block
from .layout import LETTER, REDACT
from .people import STATE_NAMES, height_str
from .util import digits, fmt_date, letters, wchoice


def booking_no(ctx: Ctx) -> str:
    r = ctx.rng
    yy = ctx.d.year % 100
    return r.choice([f"BK{digits(r, 7)}", f"{yy:02d}B{digits(r, 5)}", f"J{yy:02d}-{digits(r, 5)}", f"{digits(r, 9)}"])


def _charges(ctx: Ctx, n: int, warrant_court: str | None = None, dui=False):
    r = ctx.rng
    pool = list(ctx.ag.statutes["criminal"])
    out = []
    if dui:
        out.append(r.choice(ctx.ag.statutes["dui"]))
        pool = list(ctx.ag.statutes["traffic"])
    for c in r.sample(pool, min(n - len(out), len(pool))):
        out.append(c)
    return out


def arrest_boxed(ctx: Ctx):
    ag, r = ctx.ag, ctx.rng
    st = ctx.style("form")
    st.label_size = r.choice([5.0, 5.5, 6.0])
    a = ctx.person("suspect", age=(18, 64))
    ofc = ctx.officer()
    tr = ctx.officer() if r.random() < 0.6 else None
    vic = ctx.person("victim") if r.random() < 0.4 else None
    case = ag.new_case(r, ctx.d)
    warrant_arrest = r.random() < 0.35
    court = ag.new_court(r, ctx.d, "criminal") if warrant_arrest else None
    order = r.choice(["template_first", "template_shuffled", "fill_first"])
    title = {"FL": "COMPLAINT / ARREST AFFIDAVIT", "TX": "ARREST REPORT / PROBABLE CAUSE AFFIDAVIT"}.get(ag.home_state, "ARREST REPORT")
    pb = ctx.page("boxed_grid", st, LETTER, order)
    form_no = r.choice([f"{ag.short} Form AR-1 (Rev. 09/2021)", "Arrest Report Form 14", "AR-2 (2019)"])
    y = agency_header(ctx, pb, title, variant=r.choice([0, 1, 2]))
    x0, W, h = 36, pb.w - 72, 23
    bk = booking_no(ctx)
    ah, am = r.randint(0, 23), r.randint(0, 59)
    y = pb.grid_row(x0, y, h, [(0.22, ag.case_label, ag.print_case(r, case, "label"), ctx.case_ents(case)),
                               (0.17, "Booking No.", bk), (0.15, "Arrest Date", ctx.date()),
                               (0.11, "Time", ctx.time(ah, am)),
                               (0.35, "Location of Arrest", f"{a.addr.street}" if r.random() < 0.4 else
                                f"{r.randint(100, 9999)} {r.choice(['Main St', 'Hwy 20', 'Oak Ave', 'FM 1431', 'US 41'])}")], W)
    pb.rect(x0, y - 15, W, 15)
    pb.checks(x0 + 4, y - 10.5, [("On-View", not warrant_arrest), ("Warrant", warrant_arrest), ("Probable Cause", False),
                                 ("Juvenile", False), ("Felony", r.random() < 0.3), ("Misdemeanor", True)],
              mode=r.choice(["text", "box"]), gap=13)
    y -= 15
    pb.rect(x0, y - 11, W, 11, fill=0.85, stroke=0.0)
    pb.t(x0 + 3, y - 8.5, "ARRESTEE", st.head_font, 7)
    y -= 11
    nm, ents = ctx.nm(a, r.choice(["lfc", "lfn", "lfc_sfx"]), upper=st.caps or r.random() < 0.5)
    y = pb.grid_row(x0, y, h, [(0.40, "Name (Last, First, Middle, Suffix)", nm, ents), (0.06, "Race", a.race),
                               (0.06, "Sex", a.sex), (0.14, "Date of Birth", ctx.date(a.dob, "mdy")),
                               (0.06, "Age", str(a.age_on(ctx.d))), (0.07, "Height", height_str(a.height, 0)),
                               (0.07, "Weight", str(a.weight)), (0.07, "Hair", a.hair), (0.07, "Eyes", a.eyes)], W)
    y = pb.grid_row(x0, y, h, [(0.38, "Address", a.addr.street), (0.2, "City", a.addr.city), (0.07, "State", a.addr.state),
                               (0.1, "Zip", a.addr.zip), (0.25, "Phone", a.phone)], W)
    ssn = f"XXX-XX-{digits(r, 4)}"
    y = pb.grid_row(x0, y, h, [(0.3, "Driver License No.", a.dl), (0.08, "DL St", a.dl_state), (0.18, "SSN", ssn),
                               (0.22, "Place of Birth", r.choice(["Salem, OR", "El Paso, TX", "Tampa, FL", "Unknown", "Mexico", "St. Louis, MO", "Chicago, IL"])),
                               (0.22, "Occupation", r.choice(["Laborer", "Unemployed", "Cook", "Student", "Driver", "Roofer", "CNA"]))], W)
    y = pb.grid_row(x0, y, h, [(0.6, "Scars / Marks / Tattoos", r.choice(["None visible", "TAT L FOREARM (ROSE)", "SC R CHEEK", "TAT NECK (SCRIPT)", ""])),
                               (0.4, "Armed With", r.choice(["None", "Unarmed", "Knife", "None"]))], W)
    if r.random() < 0.5:
        v = ctx.vehicle()
        v.owner = a
        show_state = r.random() < 0.7 or v.plate_state != ag.home_state
        cells = [(0.16, "Vehicle Plate", v.plate_printed, ctx.plate_ents(v))]
        if show_state:
            cells.append((0.07, "State", v.plate_state))
        cells += [(0.08, "Year", str(v.year)), (0.12, "Make", v.make), (0.14, "Model", v.model),
                  (0.09, "Color", v.color_code),
                  (0.34 if show_state else 0.41, "Disposition", r.choice(["Towed - " + r.choice(["Ace Towing", "Big Mike's Towing", "Lone Star Wrecker", "AAA Tow"]),
                                                                          "Released to owner", "Left legally parked"]))]
        y = pb.grid_row(x0, y, h, cells, W)
    if vic:
        vn, ve = ctx.nm(vic, "lfc", upper=st.caps)
        y = pb.grid_row(x0, y, h, [(0.45, "Victim Name", vn, ve), (0.35, "Victim Address", vic.addr.street),
                                   (0.2, "Victim Phone", REDACT if r.random() < 0.4 else vic.phone)], W)
    y -= 6
    pb.t(x0, y - 8, "CHARGES", st.head_font, 8)
    y -= 11
    charges = _charges(ctx, r.randint(1, 3))
    rows = []
    for i, (code, desc) in enumerate(charges, 1):
        wc = ""
        if warrant_arrest and i == 1:
            cp = ctx.print_court_no(court)
            wc = (cp, ctx.court_ents(cp))
        rows.append([str(i), code, desc, r.choice(["M", "F", "MA", "MB", "C"]), wc or "",
                     r.choice(["$1,000", "$2,500", "NO BOND", "$500", "ROR", "$10,000"])])
    y = pb.table(x0, y, [("#", 20), ("Statute", 78), ("Description", 190), ("Class", 36),
                         ("Warrant / Court Case No.", 132), ("Bond", 84)], rows, row_h=14, min_rows=4)
    y -= 6
    pb.t(x0, y - 8, "PROBABLE CAUSE STATEMENT", st.head_font, 8)
    y -= 12
    upper = r.random() < 0.35
    m = B.nmap(ctx, {"S": a, "V": vic}, ofc, upper=upper)
    code, desc = charges[0]
    sents = [
        "On {DATE} at approximately {TIME} hours I contacted {S} at the above location.",
        ("{S.s} was found to have an outstanding warrant for " + desc.lower() + ". The warrant was confirmed through dispatch."
         if warrant_arrest else
         "Based on my investigation and the statements of the parties, I developed probable cause to arrest {S.s} for " + desc.lower() + "."),
        "{S.s} was placed under arrest, handcuffed (double locked, checked for fit), searched incident to arrest and transported to the jail.",
    ]
    if vic:
        sents.insert(1, "{V} reported that {S.s} had taken property belonging to {VOBJ} and refused to return it." if r.random() < 0.5
                     else "{V} told me that {S.s} had threatened {VOBJ} during an argument.")
    from . import narrative as N
    segs = []
    for s_ in sents:
        if segs:
            segs.append((" ", []))
        segs += N.fill(s_, m)
    if upper:
        segs = [(t.upper(), e) for t, e in segs]
    bf = r.choice(["Courier", "Helvetica", "Times-Roman"])
    paras = [segs] + N.filler_paras(r, m, r.choice([0, 1, 2, 4]), upper)

    def new_page():
        pb2, y2 = B.continuation_page(ctx, st, "PROBABLE CAUSE (CONTINUED)", ag.print_case(r, case, "label"),
                                      ctx.case_ents(case), form_no)
        return pb2, 40, y2, pb2.w - 80, 60

    B.flow(ctx, pb, x0 + 4, y, W - 8, 104, paras, bf, 9.5, new_page)
    onm, oents = ctx.ofc(ofc, with_rank=True, upper=st.caps)
    cells = [(0.34, "Arresting Officer", onm, oents), (0.12, ag.badge_label, ofc.badge)]
    if tr:
        tnm, tents = ctx.ofc(tr, with_rank=True, upper=st.caps)
        cells += [(0.34, "Transporting Officer", tnm, tents), (0.2, ag.badge_label, tr.badge)]
    else:
        cells += [(0.54, "Jail / Facility", f"{ag.county} County Jail")]
    pb.grid_row(x0, 96, 25, cells, W)
    footer(ctx, pb, form_no)
    maybe_stamp(ctx, pb, "police", 0.3)
    return "arrest_report", None, 0


def arrest_lv(ctx: Ctx):
    """Arrest report with a label column left of the value column, two label/value columns per row."""
    ag, r = ctx.ag, ctx.rng
    st = ctx.style("form")
    a = ctx.person("suspect", age=(18, 64))
    ofc = ctx.officer()
    assist = ctx.officer() if r.random() < 0.5 else None
    case = ag.new_case(r, ctx.d)
    order = r.choice(["template_first", "template_shuffled", "reading"])
    pb = ctx.page("label_column", st, LETTER, order)
    form_no = r.choice([None, "Arrest Report (Rev. 2/2020)", f"{ag.short}-ARR-7"])
    y = agency_header(ctx, pb, "ARREST REPORT", variant=r.choice([0, 2]))
    y -= 4
    lf, ls = st.label_font, 8
    vf, vs = st.value_font, st.value_size
    xl1, xv1, xl2, xv2 = 40, 128, 320, 400

    def row(l1, v1, e1=(), l2=None, v2=None, e2=()):
        nonlocal y
        ln = pb.newline()
        pb.t(xl1, y, l1, lf, ls, line=ln)
        if v1:
            pb.t(xv1, y, pb.val(v1), vf, vs, "fill", ents=e1, line=ln, maxw=xl2 - xv1 - 6)
        if l2:
            pb.t(xl2, y, l2, lf, ls, line=ln)
            if v2:
                pb.t(xv2, y, pb.val(v2), vf, vs, "fill", ents=e2, line=ln, maxw=pb.w - 40 - xv2)
        y -= 14

    def section(title):
        nonlocal y
        y -= 3
        pb.t(40, y, title, st.head_font, 9)
        pb.line(40, y - 3, pb.w - 40, y - 3, lw=0.7)
        y -= 16

    row(ag.case_label, ag.print_case(r, case, "label"), ctx.case_ents(case), "Booking #", booking_no(ctx))
    row("Arrest Date", ctx.date(), (), "Arrest Time", ctx.time(r.randint(0, 23), r.randint(0, 59)))
    row("Location", f"{r.randint(100, 9999)} {r.choice(['Main St', 'Route 9', 'Broadway', 'Lake Ave', 'County Rd 12'])}, {ag.city}")
    section("ARRESTEE INFORMATION")
    nm, ents = ctx.nm(a, r.choice(["lfc", "lfn", "nat"]), upper=st.caps or r.random() < 0.5)
    row("Name", nm, ents, "DOB", ctx.date(a.dob, "mdy"))
    row("Sex / Race", f"{a.sex} / {a.race}", (), "Height / Wt", f"{height_str(a.height, 0)} / {a.weight}")
    row("Address", a.addr.street, (), "City/St/Zip", a.addr.city_line())
    ident = {"NY": ("NYSID", f"{digits(r, 8)}{letters(r, 1)}"), "WI": ("SID", f"WI{digits(r, 8)}"),
             "OR": ("SID", f"OR{digits(r, 8)}")}.get(ag.home_state, ("SID", digits(r, 8)))
    row("Oper. Lic.", f"{a.dl} ({a.dl_state})", (), ident[0], ident[1])
    row("Phone", a.phone, (), "Employer", r.choice(["None", "Self", "Town DPW", "Stewart's Shops", "Kwik Trip", "unknown"]))
    section("CHARGES")
    charges = _charges(ctx, r.randint(1, 3))
    rows = [[code, desc, r.choice(["Misd A", "Misd B", "Viol", "Felony E", "Class U"])] for code, desc in charges]
    y = pb.table(40, y + 8, [("Law / Section", 110), ("Charge Description", 300), ("Class", 122)], rows,
                 row_h=14, ruled=r.random() < 0.5) - 10
    section("ARRESTING OFFICER(S)")
    onm, oents = ctx.ofc(ofc, with_rank=True, upper=st.caps)
    row("Arresting", onm, oents, ag.badge_label, ofc.badge)
    if assist:
        anm, aents = ctx.ofc(assist, with_rank=True, upper=st.caps)
        row("Assisting", anm, aents, ag.badge_label, assist.badge)
    section("DETAILS OF ARREST")
    upper = r.random() < 0.3
    m = B.nmap(ctx, {"S": a}, ofc, upper=upper)
    code, desc = charges[0]
    from . import narrative as N
    txt = r.choice([
        "At the above time and place the defendant, {S}, was observed by the undersigned officer committing the offense of "
        + desc.lower() + ". The defendant was taken into custody without incident and transported to headquarters for processing.",
        "Officers responded to a complaint at the above location. Investigation revealed that {S} committed the offense of "
        + desc.lower() + ". {S.s} was arrested, processed and held for arraignment.",
    ])
    segs = N.fill(txt, m)
    if upper:
        segs = [(t.upper(), e) for t, e in segs]

    def new_page():
        pb2, y2 = B.continuation_page(ctx, st, "ARREST REPORT (CONTINUED)", ag.print_case(r, case, "label"), ctx.case_ents(case), form_no)
        return pb2, 40, y2, pb2.w - 80, 60

    paras = [segs] + N.filler_paras(r, m, r.choice([0, 1, 2, 3, 5]), upper)
    lastpb, yend = B.flow(ctx, pb, 40, y, pb.w - 80, 120, paras, r.choice(["Courier", "Helvetica"]), 9.5, new_page)
    signature_block(ctx, pb, 40, 92, 240, ofc, "Arresting Officer")
    footer(ctx, pb, form_no)
    maybe_stamp(ctx, pb, "police", 0.3)
    return "arrest_report", None, 0


SFST = [("Horizontal Gaze Nystagmus", "clues", 6), ("Walk and Turn", "clues", 8), ("One Leg Stand", "clues", 4)]
NY_EXTRA = [("Finger Count", "result"), ("Alphabet", "result"), ("Romberg Balance", "result")]


def dwi_report(ctx: Ctx):
    """DWI / DUI / DUII / OWI arrest report with standardized field sobriety tests."""
    ag, r = ctx.ag, ctx.rng
    st = ctx.style("form")
    a = ctx.person("suspect", age=(19, 70))
    ofc = ctx.officer()
    op = ctx.officer() if r.random() < 0.5 else None        # breath test operator
    case = ag.new_case(r, ctx.d)
    v = ctx.vehicle(state=ag.home_state if r.random() < 0.85 else None)
    owner = None
    if r.random() < 0.35:
        owner = ctx.person("owner")
        v.owner = owner
    else:
        v.owner = a
    word = ag.dui_word
    ny = ag.home_state == "NY"
    order = r.choice(["template_first", "template_shuffled", "reading", "fill_first"])
    pb = ctx.page("dwi_form", st, LETTER, order)
    form_no = r.choice([f"{word} Report Form D-{r.randint(2, 9)} (Rev. 10/2018)", f"{ag.short} {word}-1"])
    y = agency_header(ctx, pb, f"{word} ARREST REPORT" if r.random() < 0.6 else f"{word} / IMPAIRED DRIVING REPORT",
                      subtitle="NEW YORK STATE DEPARTMENT OF MOTOR VEHICLES - CHEMICAL TEST DATA" if ny else None)
    x0, W, h = 36, pb.w - 72, 23
    th, tm = r.randint(0, 23), r.randint(0, 59)
    y = pb.grid_row(x0, y, h, [(0.24, ag.case_label, ag.print_case(r, case, "label"), ctx.case_ents(case)),
                               (0.16, "Date of Arrest", ctx.date()), (0.12, "Time", ctx.time(th, tm)),
                               (0.48, "Location of Stop", f"{r.choice(['Route 117', 'Hwy 34', 'I-5 MP 228', 'Main St', 'Hwy 51', 'SR 45'])} at {r.choice(['Oak St', 'Lake Rd', 'Mill Ave', 'Exit 9', 'County Rd K'])}")], W)
    nm, ents = ctx.nm(a, r.choice(["lfc", "lfn"]), upper=True)
    y = pb.grid_row(x0, y, h, [(0.42, "Arrestee (Last, First, Middle)", nm, ents), (0.16, "DOB", ctx.date(a.dob, "mdy")),
                               (0.07, "Sex", a.sex), (0.35, "Address", a.addr.one_line())], W)
    y = pb.grid_row(x0, y, h, [(0.3, "Operator License No.", a.dl), (0.1, "State", a.dl_state),
                               (0.6, "License Status", f"{r.choice(['VALID', 'SUSPENDED', 'VALID'])} AS OF {ctx.date(ctx.d, 'mdy')}")], W)
    # vehicle: NY style "NY REG" line or Plate/State boxes
    if ny and r.random() < 0.6:
        ln = pb.newline()
        pb.rect(x0, y - h, W, h)
        pb.t(x0 + 2, y - st.label_size - 0.8, pb.lab("Vehicle"), st.label_font, st.label_size, line=ln)
        ln2 = pb.newline()
        sp = pb.t(x0 + 4, y - h + 5, f"{v.year} {v.make_code} {v.model.upper()} {v.color_code}", st.value_font,
                  st.value_size, "fill", line=ln2)
        sp = pb.t(pb.end(sp) + 8, y - h + 5, f"{v.plate_state} REG", st.label_font, st.value_size - 1, line=ln2)
        sp = pb.t(pb.end(sp) + 4, y - h + 5, v.plate_printed, st.value_font, st.value_size, "fill",
                  ents=ctx.plate_ents(v), line=ln2)
        pb.t(pb.end(sp) + 10, y - h + 5, f"REG EXP {v.plate_year % 100:02d}/{r.randint(1, 12):02d}  VIN {v.vin}",
             st.value_font, st.value_size - 1, "fill", line=ln2, maxw=x0 + W - pb.end(sp) - 14)
        y -= h
    else:
        y = pb.grid_row(x0, y, h, [(0.16, "Plate No.", v.plate_printed, ctx.plate_ents(v)), (0.07, "State", v.plate_state),
                                   (0.08, "Year", str(v.year)), (0.12, "Make", v.make), (0.14, "Model", v.model),
                                   (0.08, "Color", v.color_code), (0.35, "VIN", v.vin)], W)
    if owner:
        on, oe = ctx.nm(owner, "lfc", upper=True)
        y = pb.grid_row(x0, y, h, [(0.45, "Registered Owner", on, oe), (0.55, "Owner Address", owner.addr.one_line())], W)
    # observations
    y -= 6
    pb.t(x0, y - 8, "REASON FOR STOP / OBSERVATIONS", st.head_font, 8)
    y -= 20
    pb.checks(x0 + 4, y, [("Speeding", r.random() < 0.4), ("Weaving", r.random() < 0.5), ("Crash", r.random() < 0.2),
                          ("Equipment", r.random() < 0.2), ("Check Point", False)], mode="box", gap=14)
    y -= 14
    pb.checks(x0 + 4, y, [("Odor of Alcoholic Beverage", True), ("Bloodshot/Watery Eyes", r.random() < 0.8),
                          ("Slurred Speech", r.random() < 0.6), ("Unsteady on Feet", r.random() < 0.5),
                          ("Flushed Face", r.random() < 0.4)], mode=r.choice(["box", "text"]), gap=12)
    y -= 10
    pb.t(x0, y - 8, "STANDARDIZED FIELD SOBRIETY TESTS", st.head_font, 8)
    y -= 11
    rows = []
    for name, kind, mx in SFST:
        clues = r.randint(max(2, mx // 2), mx)
        rows.append([name, r.choice(["Yes", "Yes", "Yes", "Refused"]), f"{clues} of {mx} clues",
                     r.choice(["Level surface, dry", "Roadside shoulder", "Parking lot, lighted", "Sidewalk"])])
    if ny or r.random() < 0.4:
        for name, kind in NY_EXTRA[: r.randint(1, 3)]:
            rows.append([name, "Yes", r.choice(["Unsatisfactory", "Failed", "Poor", "Satisfactory"]),
                         r.choice(["Missed count", "Started too soon", "Swayed", ""])])
    y = pb.table(x0, y, [("Test", 150), ("Administered", 80), ("Result", 110), ("Conditions / Remarks", 200)], rows,
                 row_h=14)
    y -= 6
    bac = f".{r.randint(8, 24):02d}" if r.random() < 0.85 else None
    instr = r.choice(["DataMaster DMT", "Intoxilyzer 9000", "Intoxilyzer 8000", "Intoximeter EC/IR II"])
    y = pb.grid_row(x0, y, h, [(0.28, "Chemical Test", "Breath" if bac else "REFUSED"), (0.28, "Instrument", instr if bac else ""),
                               (0.16, "Serial No.", digits(r, 6) if bac else ""), (0.12, "BAC", f"{bac}%" if bac else ""),
                               (0.16, "Time of Test", ctx.time((th + 1) % 24, r.randint(0, 59)) if bac else "")], W)
    cells = []
    onm, oents = ctx.ofc(ofc, with_rank=True, upper=True)
    cells += [(0.32, "Arresting Officer", onm, oents), (0.14, ag.badge_label, ofc.badge)]
    if op:
        pn, pe = ctx.ofc(op, with_rank=True, upper=True)
        cells += [(0.34, "Breath Test Operator", pn, pe), (0.2, "Permit No.", digits(r, 5))]
    else:
        cells += [(0.54, "Operator Permit / Remarks", f"Permit No. {digits(r, 5)}")]
    y = pb.grid_row(x0, y, h, cells, W)
    # narrative on the remaining space, continued on a second sheet
    y -= 6
    pb.t(x0, y - 8, "NARRATIVE", st.head_font, 8)
    y -= 12
    m = B.nmap(ctx, {"S": a}, ofc, v, upper=True)
    from . import narrative as N
    sents = [
        "ON {DATE} AT APPROXIMATELY {TIME} HOURS I OBSERVED A {VEH}, {PLATE}, TRAVELING " +
        r.choice(["AT A HIGH RATE OF SPEED", "WEAVING WITHIN ITS LANE", "WITHOUT HEADLIGHTS", "OVER THE FOG LINE SEVERAL TIMES"]) + ".",
        "I ACTIVATED MY EMERGENCY LIGHTS AND STOPPED THE VEHICLE. I CONTACTED THE DRIVER, IDENTIFIED AS {S} BY {SPOS} " +
        "DRIVER LICENSE.",
        "I DETECTED A STRONG ODOR OF AN ALCOHOLIC BEVERAGE COMING FROM {SPOS} BREATH. {S.s} ADMITTED TO HAVING " +
        r.choice(["TWO BEERS", "A FEW DRINKS", "THREE GLASSES OF WINE", "NOTHING TO DRINK"]) + ".",
        "I ASKED {S.s} TO PERFORM STANDARDIZED FIELD SOBRIETY TESTS. SEE THE TEST RESULTS ABOVE.",
        "{S.s} WAS PLACED UNDER ARREST FOR " + word + " AND TRANSPORTED TO THE STATION FOR AN EVIDENTIARY BREATH TEST.",
        ("THE RESULT WAS " + bac + " BAC." if bac else "{S.s} REFUSED TO SUBMIT TO A CHEMICAL TEST AFTER BEING READ THE REFUSAL WARNINGS."),
        "I OBSERVED {S.s} FOR A 15 MINUTE DEPRIVATION PERIOD PRIOR TO THE TEST. {S.s} DID NOT BURP, VOMIT OR PLACE ANYTHING IN {SPOS} MOUTH.",
        "THE VEHICLE WAS " + r.choice(["TOWED AND INVENTORIED", "RELEASED TO A SOBER LICENSED DRIVER", "LEFT LEGALLY PARKED AND LOCKED"]) + ".",
        "{S.s} WAS LODGED AT THE COUNTY JAIL. ALL PAPERWORK WAS SUBMITTED TO RECORDS AND THE LICENSE ACTION FORM WAS SERVED.",
    ]
    segs = []
    for s_ in sents:
        if segs:
            segs.append((" ", []))
        segs += N.fill(s_, m)

    def new_page():
        pb2, y2 = B.continuation_page(ctx, st, f"{word} REPORT - NARRATIVE", ag.print_case(r, case, "label"), ctx.case_ents(case), form_no)
        return pb2, 40, y2, pb2.w - 80, 60

    bf = r.choice(["Courier", "Helvetica", "DejaVuSansMono"])
    paras = [segs] + N.filler_paras(r, m, r.choice([0, 1, 2, 3]), True)
    B.flow(ctx, pb, x0 + 4, y, W - 8, 70, paras, bf, 9, new_page)
    footer(ctx, pb, form_no)
    maybe_stamp(ctx, pb, "police", 0.2)
    return "arrest_report", None, 0
