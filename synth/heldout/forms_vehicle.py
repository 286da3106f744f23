"""Crash reports (long form with Unit blocks, short exchange form) and tow / impound inventories."""
from __future__ import annotations

from . import blocks as B
from .common import Ctx, agency_header, footer, maybe_stamp, signature_block
from .layout import LETTER
from .people import STATE_NAMES
from .util import digits, letters

CRASH_TITLES = {
    "OR": ("OREGON POLICE TRAFFIC CRASH REPORT", "Form 735-46P (Rev. 01/2020)"),
    "NY": ("POLICE ACCIDENT REPORT", "MV-104A (7/11)"),
    "TX": ("TEXAS PEACE OFFICER'S CRASH REPORT", "Form CR-3 (Rev. 1/23)"),
    "FL": ("FLORIDA TRAFFIC CRASH REPORT - LONG FORM", "HSMV 90010S (Rev. 01/19)"),
    "MO": ("MISSOURI UNIFORM CRASH REPORT", "STARS Form (Rev. 1-2012)"),
    "WI": ("WISCONSIN MOTOR VEHICLE CRASH REPORT", "MV4000 (Rev. 1/2017)"),
}


def _unit(ctx: Ctx, pb, x0, y, W, n, drv, v, owner, h=22):
    r = ctx.rng
    st = pb.st
    pb.rect(x0, y - 12, W, 12, fill=0.0, stroke=0.0)
    pb.t(x0 + 4, y - 9, f"UNIT {n}", st.head_font, 8, color=(1, 1, 1))
    pb.t(x0 + 60, y - 9, r.choice(["MOTOR VEHICLE", "DRIVER / VEHICLE / OWNER"]), st.label_font, 6.5, color=(1, 1, 1))
    y -= 12
    dn, de = ctx.nm(drv, r.choice(["lfc", "lfn"]), upper=st.caps or r.random() < 0.5)
    y = pb.grid_row(x0, y, h, [(0.40, "Driver Name (Last, First, Middle)", dn, de), (0.14, "Date of Birth", ctx.date(drv.dob, "mdy")),
                               (0.06, "Sex", drv.sex), (0.28, "Driver License No.", drv.dl), (0.12, "DL State", drv.dl_state)], W)
    y = pb.grid_row(x0, y, h, [(0.55, "Address", drv.addr.one_line()), (0.2, "Phone", drv.phone),
                               (0.25, "Injury / Safety Equip", r.choice(["None / Belt", "C / Belt", "B / Belt", "None / None"]))], W)
    y = pb.grid_row(x0, y, h, [(0.16, "Plate No.", v.plate_printed, ctx.plate_ents(v)), (0.07, "State", v.plate_state),
                               (0.07, "Year", str(v.year)), (0.11, "Make", v.make_code), (0.14, "Model", v.model),
                               (0.08, "Color", v.color_code), (0.37, "VIN", v.vin)], W)
    if owner is None:
        own = "SAME AS DRIVER"
        oe = ()
        oaddr = ""
    else:
        own, oe = ctx.nm(owner, "lfc", upper=st.caps)
        oaddr = owner.addr.one_line()
    y = pb.grid_row(x0, y, h, [(0.4, "Owner Name", own, oe), (0.6, "Owner Address", oaddr)], W)
    y = pb.grid_row(x0, y, h, [(0.3, "Insurance Company", v.insurer), (0.3, "Policy Number", v.policy),
                               (0.2, "Damage Area", r.choice(["Front", "Rear", "Left Side", "Right Front", "Left Rear"])),
                               (0.2, "Towed By", r.choice(["Not towed", "Driven", "Ace Towing", "Owner's choice"]))], W)
    return y


def crash_long(ctx: Ctx):
    ag, r = ctx.ag, ctx.rng
    st = ctx.style("form")
    st.label_size = r.choice([5.0, 5.5])
    d1 = ctx.person("driver")
    d2 = ctx.person("driver", state=ag.home_state if r.random() < 0.8 else r.choice(ag.neighbor_states))
    v1 = ctx.vehicle(state=ag.home_state)
    v2 = ctx.vehicle(state=d2.addr.state if d2.addr.state in STATE_NAMES else ag.home_state)
    o1 = ctx.person("owner") if r.random() < 0.3 else None
    o2 = ctx.person("owner") if r.random() < 0.3 else None
    wit = ctx.person("witness") if r.random() < 0.5 else None
    ofc = ctx.officer()
    case = ag.new_case(r, ctx.d)
    title, form_no = CRASH_TITLES[ag.home_state]
    order = r.choice(["template_first", "template_shuffled", "fill_first"])
    pb = ctx.page("boxed_grid", st, LETTER, order)
    y = pb.h - 36
    # state-form style header (title left, agency box right)
    ln = pb.newline()
    pb.t(36, y - 4, title, st.head_font, 13, line=ln)
    pb.t(pb.w - 36, y - 4, "Page {PAGE} of {PAGES}", st.label_font, 7, align="right", line=ln)
    if ag.home_state == "NY":
        pb.t(36, y - 15, "NEW YORK STATE DEPARTMENT OF MOTOR VEHICLES", st.label_font, 7)
    else:
        pb.t(36, y - 15, "Investigating Agency: " + ag.name, st.label_font, 7)
    y -= 24
    x0, W, h = 36, pb.w - 72, 22
    ch, cm = r.randint(0, 23), r.randint(0, 59)
    y = pb.grid_row(x0, y, h, [(0.2, "Agency Case Number", ag.print_case(r, case, "label"), ctx.case_ents(case)),
                               (0.14, "Crash Date", ctx.date()), (0.1, "Time", ctx.time(ch, cm)),
                               (0.14, "County", ag.county), (0.17, "City / Town", ag.city),
                               (0.1, "No. Units", "2"), (0.15, "Injured / Killed", f"{r.randint(0, 2)} / 0")], W)
    road = r.choice(["Main St", "Hwy 20", "Route 9A", "FM 1431", "US 41", "Lindbergh Blvd", "County Rd B", "Division St"])
    cross = r.choice(["Oak St", "Elm Ave", "Lake Rd", "2nd St", "Pine Tree Ln", "Airport Rd"])
    y = pb.grid_row(x0, y, h, [(0.35, "Road on which Crash Occurred", road), (0.35, "At Intersection With", cross),
                               (0.3, "Weather / Light / Surface", r.choice(["Clear / Daylight / Dry", "Rain / Dark-Lighted / Wet", "Cloudy / Dusk / Dry"]))], W)
    pb.rect(x0, y - 15, W, 15)
    pb.checks(x0 + 4, y - 10.5, [("Rear End", r.random() < 0.4), ("Angle", r.random() < 0.3), ("Sideswipe", False),
                                 ("Head On", False), ("Backing", False), ("Parked Vehicle", False), ("Hit and Run", False)],
              mode="box", gap=12)
    y -= 19
    y = _unit(ctx, pb, x0, y, W, 1, d1, v1, o1) - 6
    y = _unit(ctx, pb, x0, y, W, 2, d2, v2, o2) - 6
    if wit:
        wn, we = ctx.nm(wit, "lfc", upper=st.caps)
        y = pb.grid_row(x0, y, h, [(0.4, "Witness Name", wn, we), (0.4, "Witness Address", wit.addr.one_line()),
                                   (0.2, "Phone", wit.phone)], W)
    onm, oents = ctx.ofc(ofc, with_rank=True, upper=st.caps)
    y = pb.grid_row(x0, max(y, 90), h, [(0.4, "Investigating Officer", onm, oents), (0.15, ag.badge_label, ofc.badge),
                                        (0.2, "Date of Report", ctx.date()), (0.25, "Citation Issued", r.choice(["Yes - Unit 1", "No", "Yes - Unit 2", "Pending"]))], W)
    pb.t(36, 24, form_no, st.label_font, 6.5)
    # page 2: narrative + diagram
    pb2 = ctx.page("narrative_diagram", st, LETTER, r.choice(["reading", "template_first"]))
    y = pb2.h - 40
    ln = pb2.newline()
    pb2.t(36, y, title, st.head_font, 10, line=ln)
    pb2.t(pb2.w - 36, y, "Page {PAGE} of {PAGES}", st.label_font, 7, align="right", line=ln)
    y -= 12
    ln = pb2.newline()
    pb2.t(36, y, "Agency Case Number", st.label_font, 7, line=ln)
    cp = ag.print_case(r, case, "label")
    pb2.t(120, y, cp, st.value_font, 9, "fill", ents=ctx.case_ents(case), line=ln)
    y -= 12
    # diagram box
    pb2.t(36, y - 8, "DIAGRAM", st.head_font, 8)
    dy = y - 12
    pb2.rect(36, dy - 190, pb2.w - 72, 190)
    cx, cy = pb2.w / 2, dy - 95
    pb2.line(36, cy + 25, pb2.w - 36, cy + 25, lw=1.0)
    pb2.line(36, cy - 25, pb2.w - 36, cy - 25, lw=1.0)
    pb2.line(cx - 25, dy, cx - 25, dy - 190, lw=1.0)
    pb2.line(cx + 25, dy, cx + 25, dy - 190, lw=1.0)
    pb2.line(36, cy, cx - 25, cy, lw=0.5, dash=(6, 4))
    pb2.rect(cx - 90, cy - 20, 34, 15, lw=1.0)
    pb2.rect(cx - 18, cy - 15, 15, 30, lw=1.0)
    pb2.polyline([(cx - 50, cy - 12), (cx - 30, cy - 12), (cx - 34, cy - 9)], lw=0.7)
    pb2.t(pb2.w - 44, dy - 184, "NOT TO SCALE", st.label_font, 6, align="right")
    y = dy - 200
    pb2.t(36, y - 8, "NARRATIVE", st.head_font, 8)
    y -= 12
    upper = r.random() < 0.35
    m = B.nmap(ctx, {"D1": d1, "D2": d2, "W": wit}, ofc, v1, upper=upper)
    m["PLATE2"] = B.plate_mention(ctx, v2)
    m["VEH2"] = B.veh_desc(v2, upper)
    m["ROAD"], m["CROSS"] = road, cross
    from . import narrative as N
    sents = [
        "Unit 1, a {VEH} ({PLATE}) driven by {D1}, was traveling " + r.choice(["northbound", "eastbound", "southbound", "westbound"]) + " on {ROAD} approaching {CROSS}.",
        "Unit 2, a {VEH2} ({PLATE2}) driven by {D2}, was " + r.choice(["stopped for the red signal", "slowing to turn left", "stopped in traffic", "entering the intersection on a green light"]) + ".",
        "Unit 1 " + r.choice(["failed to stop and struck the rear of Unit 2", "entered the intersection against the red light and struck the left side of Unit 2", "drifted into the lane of Unit 2 and the two vehicles sideswiped"]) + ".",
        "{D1.s} stated " + r.choice(["the sun was in {D1POS} eyes", "{D1PRON} looked down at {D1POS} phone for a second", "{D1PRON} thought the light was still yellow", "the brakes felt soft"]) + ".",
        "{D2.s} complained of neck pain and was evaluated by medics on scene." if r.random() < 0.5 else "Neither driver reported injuries.",
        "Witness {W} stated {WPRON} saw Unit 1 " + r.choice(["run the red light", "following too closely", "swerve just before the collision"]) + ".",
        "Both drivers provided proof of insurance. " + r.choice(["{D1.s} was cited for the violation.", "No citations were issued.", "{D1.s} was issued a warning."]),
    ]
    segs = []
    for s_ in sents:
        toks = set(N._TOK.findall(s_))
        if any(k not in m for k in toks):
            continue
        if segs:
            segs.append((" ", []))
        segs += N.fill(s_, m)
    if upper:
        segs = [(t.upper(), e) for t, e in segs]
    bf = r.choice(["Courier", "Helvetica", "Times-Roman"])
    B.flow(ctx, pb2, 40, y, pb2.w - 80, 110, [segs], bf, 9.5, lambda: (_ for _ in ()).throw(RuntimeError("overflow")))
    signature_block(ctx, pb2, 40, 80, 240, ofc, "Investigating Officer")
    pb2.t(36, 24, form_no, st.label_font, 6.5)
    maybe_stamp(ctx, pb, "police", 0.25)
    return "crash_report", None, 0


def crash_exchange(ctx: Ctx):
    """Short-form crash report / driver exchange: label column then Driver 1 and Driver 2 columns."""
    ag, r = ctx.ag, ctx.rng
    st = ctx.style("form")
    d1, d2 = ctx.person("driver"), ctx.person("driver")
    v1, v2 = ctx.vehicle(), ctx.vehicle()
    ofc = ctx.officer()
    case = ag.new_case(r, ctx.d)
    order = r.choice(["template_first", "reading", "template_shuffled"])
    pb = ctx.page("label_column_table", st, LETTER, order)
    title = r.choice(["DRIVER EXCHANGE OF INFORMATION", "SHORT FORM CRASH REPORT", "TRAFFIC CRASH - INFORMATION EXCHANGE"])
    form_no = r.choice(["Form TR-1 (Rev. 06/2019)", f"{ag.short} Form 55 (Rev. 2/21)", "Form EX-2"])
    y = agency_header(ctx, pb, title)
    y -= 8
    ln = pb.newline()
    cp = ag.print_case(r, case, "label")
    pb.t(40, y, ag.case_label, st.label_font, 8.5, line=ln)
    pb.t(40 + pb.width(ag.case_label + "  ", st.label_font, 8.5), y, cp, st.value_font, 10, "fill", ents=ctx.case_ents(case), line=ln)
    pb.t(300, y, "Date/Time", st.label_font, 8.5, line=ln)
    pb.t(350, y, f"{ctx.date()} {ctx.time(r.randint(6, 22), r.randint(0, 59))}", st.value_font, 10, "fill", line=ln)
    y -= 15
    loc = f"{r.choice(['Main St', 'Hwy 20', 'Walmart parking lot', 'Division St', 'Route 9'])} {r.choice(['at', 'near', '&'])} {r.choice(['Oak St', '5th Ave', 'Elm St', 'Lake Rd'])}"
    pb.lv(y, [(40, "Location", None, loc)], size=10, lsize=8.5)
    y -= 18
    n1, e1 = ctx.nm(d1, r.choice(["lfc", "nat"]), upper=st.caps)
    n2, e2 = ctx.nm(d2, r.choice(["lfc", "nat"]), upper=st.caps)
    rows = [
        ["Name", (n1, e1), (n2, e2)],
        ["Address", d1.addr.street, d2.addr.street],
        ["City / State / Zip", d1.addr.city_line(), d2.addr.city_line()],
        ["Phone", d1.phone, d2.phone],
        ["Date of Birth", ctx.date(d1.dob, "mdy"), ctx.date(d2.dob, "mdy")],
        ["License No. / State", f"{d1.dl} / {d1.dl_state}", f"{d2.dl} / {d2.dl_state}"],
        ["Plate No.", (v1.plate_printed, ctx.plate_ents(v1)), (v2.plate_printed, ctx.plate_ents(v2))],
        ["Plate State", v1.plate_state, v2.plate_state],
        ["Year / Make / Model", f"{v1.year} {v1.make} {v1.model}", f"{v2.year} {v2.make} {v2.model}"],
        ["Color", v1.color, v2.color],
        ["Insurance Company", v1.insurer, v2.insurer],
        ["Policy No.", v1.policy, v2.policy],
        ["Damage", r.choice(["Front bumper", "Rear bumper", "Left door", "Minor"]), r.choice(["Rear bumper", "Right quarter panel", "Tail light", "None visible"])],
    ]
    y = pb.table(40, y, [("", 130), ("Driver / Vehicle 1", 200), ("Driver / Vehicle 2", 202)], rows, row_h=17,
                 ruled=r.random() < 0.6, head_fill=0.9)
    y -= 12
    pb.t(40, y, "Description of Crash:", st.label_font, 8.5)
    y -= 4
    from . import narrative as N
    m = B.nmap(ctx, {"D1": d1, "D2": d2}, ofc, v1)
    txt = r.choice(["Vehicle 1 was backing out of a parking stall and struck Vehicle 2, which was parked. No injuries.",
                    "Vehicle 2 was stopped at the light when Vehicle 1 struck it from behind at low speed. Both drivers exchanged information at the scene.",
                    "Minor collision. {D1.s} and {D2.s} both stated the other driver changed lanes. No injuries, no tows."])
    segs = N.fill(txt, m)
    y = pb.para(40, y, pb.w - 80, segs, font=st.value_font, size=9.5)
    y -= 10
    pb.checks(40, y, [("Report taken at scene", True), ("Counter report", False), ("Citation issued", r.random() < 0.3)],
              mode=r.choice(["text", "box"]), gap=14)
    y -= 24
    pb.para(40, y, pb.w - 80, [("This form is provided for the exchange of information only. It is the responsibility of each "
                                "driver to file any report required by state law with the Department of Motor Vehicles within 72 hours.", [])],
            font=st.label_font, size=6.5, layer="form")
    signature_block(ctx, pb, 40, 100, 240, ofc, "Officer")
    footer(ctx, pb, form_no)
    maybe_stamp(ctx, pb, "police", 0.25)
    return "crash_report", None, 0


TOW_COS = {"OR": [("Ace Towing & Recovery", "(541) 555-0188"), ("Santiam Towing", "(541) 555-0121")],
           "TX": [("Big Mike's Towing", "(830) 555-0177"), ("Lone Star Wrecker Service", "(512) 555-0131")],
           "FL": [("Gulf Coast Towing", "(239) 555-0190"), ("Naples Wrecker Co.", "(239) 555-0144")],
           "MO": [("Gateway Towing Inc.", "(314) 555-0151"), ("North County Tow", "(314) 555-0136")],
           "WI": [("Northwoods Tow & Salvage", "(715) 555-0160"), ("Birch Lake Auto & Tow", "(715) 555-0133")],
           "NY": [("Hudson Valley Towing", "(914) 555-0185"), ("Kisco Auto Body & Towing", "(914) 555-0129")]}


def tow_inventory(ctx: Ctx):
    ag, r = ctx.ag, ctx.rng
    st = ctx.style("form")
    st.label_size = r.choice([5.5, 6.0])
    owner = ctx.person("owner")
    driver = ctx.person("driver") if r.random() < 0.5 else None
    ofc = ctx.officer()
    oper = ctx.person("other")
    v = ctx.vehicle(state=owner.addr.state)
    case = ag.new_case(r, ctx.d)
    order = r.choice(["template_first", "template_shuffled", "fill_first"])
    pb = ctx.page("boxed_grid", st, LETTER, order)
    title = r.choice(["VEHICLE TOW / IMPOUND REPORT", "VEHICLE INVENTORY AND TOW REPORT", "IMPOUNDED VEHICLE REPORT"])
    form_no = r.choice(["Form TOW-1 (Rev. 03/2017)", f"{ag.short} 44 (Rev. 5/22)", "VIR-2"])
    y = agency_header(ctx, pb, title, variant=r.choice([0, 1, 2]))
    x0, W, h = 36, pb.w - 72, 23
    y = pb.grid_row(x0, y, h, [(0.24, ag.case_label, ag.print_case(r, case, "label"), ctx.case_ents(case)),
                               (0.16, "Date", ctx.date()), (0.12, "Time", ctx.time(r.randint(0, 23), r.randint(0, 59))),
                               (0.48, "Towed From (Location)", f"{r.randint(100, 9999)} {r.choice(['Main St', 'Hwy 20', 'Oak Ave', 'Route 9', 'US 41'])}")], W)
    pb.rect(x0, y - 28, W, 28)
    pb.t(x0 + 2, y - st.label_size - 0.8, pb.lab("Reason for Tow"), st.label_font, st.label_size)
    pb.checks(x0 + 6, y - 19, [("Arrest", driver is not None), ("Abandoned", driver is None and r.random() < 0.5),
                               ("Crash", False), ("Stolen / Recovered", False), ("Evidence Hold", r.random() < 0.2),
                               ("Suspended / No License", driver is not None and r.random() < 0.5), ("Parking Violation", False)],
              mode=r.choice(["text", "box"]), gap=10, size=7)
    y -= 28
    show_state = not (v.plate_state == ag.home_state and r.random() < 0.35)
    cells = [(0.15, "License No." if r.random() < 0.5 else "Plate", v.plate_printed, ctx.plate_ents(v))]
    if show_state:
        cells.append((0.07, "State", v.plate_state))
    cells += [(0.07, "Exp", f"{r.randint(1, 12):02d}/{v.plate_year % 100:02d}"), (0.07, "Year", str(v.year)),
              (0.1, "Make", v.make_code), (0.13, "Model", v.model), (0.08, "Color", v.color_code),
              (0.33 if show_state else 0.40, "VIN", v.vin)]
    y = pb.grid_row(x0, y, h, cells, W)
    y = pb.grid_row(x0, y, h, [(0.2, "Odometer", f"{r.randint(12000, 240000):,}"), (0.2, "Keys", r.choice(["In ignition", "With vehicle", "None", "Driver kept"])),
                               (0.6, "Condition / Damage", r.choice(["Scratches L side, cracked windshield", "No visible damage", "Front end damage", "Flat tire RR"]))], W)
    on, oe = ctx.nm(owner, r.choice(["lfc", "lfn"]), upper=st.caps)
    y = pb.grid_row(x0, y, h, [(0.4, "Registered Owner", on, oe), (0.45, "Address", owner.addr.one_line()),
                               (0.15, "Notified", r.choice(["Yes", "No", "Letter"]))], W)
    if driver:
        dn, de = ctx.nm(driver, r.choice(["lfc", "lfn"]), upper=st.caps)
        y = pb.grid_row(x0, y, h, [(0.4, "Driver / Operator", dn, de), (0.3, "Driver License No.", driver.dl),
                                   (0.3, "Disposition of Driver", r.choice(["Arrested", "Cited and released", "Released at scene"]))], W)
    tow, tphone = r.choice(TOW_COS[ag.home_state])
    opn, ope = ctx.nm(oper, "nat", upper=st.caps)
    y = pb.grid_row(x0, y, h, [(0.35, "Tow Company", tow), (0.18, "Phone", tphone), (0.32, "Operator Name", opn, ope),
                               (0.15, "Truck #", str(r.randint(2, 40)))], W)
    pb.rect(x0, y - 16, W, 16)
    pb.checks(x0 + 4, y - 11, [("HOLD for Investigation", r.random() < 0.3), ("No Hold - Release to R/O", True),
                               ("Hold for Forfeiture", False)], mode="box", gap=16)
    y -= 22
    pb.t(x0, y - 8, "INVENTORY", st.head_font, 8)
    y -= 12
    items = ["Radio", "Spare Tire", "Jack", "Battery", "Keys", "Title", "Cell Phone", "Tools", "Firearm", "Cash", "Purse/Wallet", "Child Seat"]
    pb.rect(x0, y - 34, W, 34)
    half = len(items) // 2
    pb.checks(x0 + 4, y - 12, [(it, r.random() < 0.4) for it in items[:half]], mode=r.choice(["text", "box"]), gap=14, size=7.5)
    pb.checks(x0 + 4, y - 27, [(it, r.random() < 0.2) for it in items[half:]], mode=r.choice(["text", "box"]), gap=14, size=7.5)
    y -= 40
    prop = r.sample(["black duffel bag", "toolbox", "child car seat", "jumper cables", "2 phones", "backpack w/ clothing",
                     "laptop bag", "fishing poles", "case of water", "tire iron"], 3)
    pb.table(x0, y, [("Item", 40), ("Other Property / Description", 360), ("Location in Vehicle", 140)],
             [[str(i + 1), p, r.choice(["Trunk", "Back seat", "Front seat", "Bed", "Floorboard"])] for i, p in enumerate(prop)],
             row_h=14, min_rows=5)
    onm, oents = ctx.ofc(ofc, with_rank=True, upper=st.caps)
    pb.grid_row(x0, 118, 24, [(0.38, "Officer Requesting Tow", onm, oents), (0.12, ag.badge_label, ofc.badge),
                             (0.25, "Tow Requested", ctx.time(r.randint(0, 23), r.randint(0, 59))),
                             (0.25, "Tow Arrived", ctx.time(r.randint(0, 23), r.randint(0, 59)))], W)
    pb.scribble(x0 + 10, 72, 90, 10)
    pb.line(x0, 70, x0 + 250, 70, lw=0.5)
    pb.t(x0, 62, "Received by (Tow Operator Signature)", st.label_font, 6)
    pb.scribble(x0 + 300, 72, 70, 9)
    pb.line(x0 + 290, 70, x0 + W, 70, lw=0.5)
    pb.t(x0 + 290, 62, "Officer Signature", st.label_font, 6)
    footer(ctx, pb, form_no, extra="White - Records   Yellow - Tow Company   Pink - Officer")
    maybe_stamp(ctx, pb, "police", 0.25)
    return "tow_record", None, 0
