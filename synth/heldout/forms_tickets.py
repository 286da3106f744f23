"""Traffic tickets, notices to appear and summonses issued by officers (doc_type citation)."""
from __future__ import annotations

import datetime as _dt

from .common import Ctx, maybe_stamp, seal
from .layout import HALF, LETTER, PB
from .people import height_str
from .util import add_days, digits, fmt_date, fmt_time, next_weekday


def _court_date(ctx: Ctx, evening=False):
    r = ctx.rng
    d = next_weekday(add_days(ctx.d, r.randint(14, 60)))
    if evening:
        h, m = r.choice([(18, 0), (18, 30), (17, 30), (13, 0)])
    else:
        h, m = r.choice([(8, 30), (9, 0), (9, 0), (9, 30), (10, 0), (13, 30), (14, 0), (8, 0)])
    return d, h, m


def _appearance(d, h, m, court_printed, room, badge):
    return {"date": d.isoformat(), "time": f"{h:02d}:{m:02d}" if h is not None else None, "court": court_printed,
            "courtroom": room, "officer_badge": badge}


def _speed(ctx):
    r = ctx.rng
    posted = r.choice([25, 30, 35, 40, 45, 55, 65])
    return posted + r.randint(9, 28), posted


def _violation(ctx):
    r = ctx.rng
    code, desc = r.choice(ctx.ag.statutes["traffic"][:1] * 3 + ctx.ag.statutes["traffic"])
    extra = ""
    if "peed" in desc or "Speed" in desc:
        a, p = _speed(ctx)
        if "55" in desc:
            a, p = 55 + r.randint(9, 30), 55
            return code, desc, f"{a} MPH"
        extra = f"{a} MPH in a {p} MPH zone"
    return code, desc, extra


def utt_ny(ctx: Ctx):
    """New York Uniform Traffic Ticket: dense boxed grid, NYS DMV boilerplate, plea-by-mail section."""
    ag, r = ctx.ag, ctx.rng
    st = ctx.style("form")
    st.label_size = r.choice([4.8, 5.0, 5.5])
    st.label_font = r.choice(["Helvetica", "DejaVuSansCondensed"])
    st.value_font = r.choice(["Courier-Bold", "DejaVuSansMono", "Helvetica"])
    st.caps = True
    dfd = ctx.person("defendant", state="NY" if r.random() < 0.85 else r.choice(ag.neighbor_states))
    ofc = ctx.officer()
    v = ctx.vehicle(state=dfd.addr.state if dfd.addr.state in ("NY", "NJ", "CT", "PA") else "NY")
    cit = ag.new_citation(r, ctx.d)
    court = ag.courts["town"]
    cd, ch, cm = _court_date(ctx, evening=r.random() < 0.3)
    room = r.choice([None, "Part 1", "Courtroom 2", None])
    order = r.choice(["template_first", "template_shuffled", "fill_first"])
    pb = ctx.page("ticket_grid", st, LETTER, order)
    x0, W, h = 36, pb.w - 72, 20
    y = pb.h - 34
    pb.t(x0, y - 10, "UNIFORM TRAFFIC TICKET", "Helvetica-Bold", 14)
    pb.t(x0, y - 21, "NEW YORK STATE DEPARTMENT OF MOTOR VEHICLES", "Helvetica-Bold", 7.5)
    pb.t(x0, y - 30, f"POLICE AGENCY: {ag.name.upper()}", st.label_font, 6.5)
    # ticket number box with barcode
    pb.box(pb.w - 36 - 170, y, 170, 22, "TICKET NUMBER", ag.print_citation(r, cit), ents=ctx.cit_ents(cit), vsize=11,
           vfont="Courier-Bold")
    pb.barcode(pb.w - 36 - 166, y - 40, 160, 15, cit)
    y -= 46
    pb.t(x0, y - 8, "THE PEOPLE OF THE STATE OF NEW YORK VS.", "Helvetica-Bold", 8)
    y -= 12
    last = dfd.last
    first = dfd.first if dfd.detail != "finitial" else dfd.first[0]
    mi = (dfd.middle[0] if dfd.detail in ("initial", "full") and dfd.middle else "")
    if dfd.detail == "full":
        dfd.detail = "initial"          # M.I. box only holds the initial
    y = pb.grid_row(x0, y, h, [(0.45, "LAST NAME", last + (" " + dfd.suffix if dfd.suffix else ""),
                                [("person", dfd.truth_name(), "defendant")]),
                               (0.4, "FIRST NAME", first), (0.15, "M.I.", mi)], W)
    y = pb.grid_row(x0, y, h, [(0.75, "NUMBER AND STREET", dfd.addr.street), (0.25, "APT. NO.", "")], W)
    y = pb.grid_row(x0, y, h, [(0.5, "CITY", dfd.addr.city), (0.2, "STATE", dfd.addr.state), (0.3, "ZIP CODE", dfd.addr.zip)], W)
    y = pb.grid_row(x0, y, h, [(0.32, "CLIENT ID NO.", dfd.dl), (0.2, "DATE OF BIRTH", fmt_date(dfd.dob, "mdy")),
                               (0.1, "SEX", dfd.sex), (0.12, "EYES", dfd.eyes), (0.12, "HT.", height_str(dfd.height, 2)),
                               (0.14, "LIC. CLASS", r.choice(["D", "D", "DJ", "C", "E"]))], W)
    y = pb.grid_row(x0, y, h, [(0.22, "PLATE NO.", v.plate_printed, ctx.plate_ents(v)), (0.1, "STATE", v.plate_state),
                               (0.14, "VEH. TYPE", r.choice(["PAS", "PAS", "COM", "SRN"])),
                               (0.18, "REG. EXPIRES", f"{r.randint(1, 12):02d}/{r.randint(1, 28):02d}/{v.plate_year}"),
                               (0.18, "VEH. MAKE", v.make_code), (0.08, "YEAR", str(v.year)), (0.1, "BODY", v.body)], W)
    th, tm = r.randint(0, 23), r.randint(0, 59)
    place = r.choice(["RT 117 AT N BEDFORD RD", "SAW MILL RIVER PKWY NB", "MT KISCO RD AT MAIN ST", "RT 35 EB NEAR CROSS RIVER", "I-684 SB MP 12.4"])
    y = pb.grid_row(x0, y, h, [(0.2, "DATE OF OFFENSE", fmt_date(ctx.d, "mdy")), (0.12, "TIME", fmt_time(th, tm, "mil")),
                               (0.18, "COUNTY", ag.county.upper()), (0.5, "PLACE OF OCCURRENCE", place)], W)
    pb.t(x0, y - 8, "THE OPERATOR OR REGISTERED OWNER OF THE ABOVE MOTOR VEHICLE DID COMMIT THE FOLLOWING OFFENSE:", st.label_font, 6)
    y -= 11
    code, desc, extra = _violation(ctx)
    sec = code.replace("VTL ", "")
    y = pb.grid_row(x0, y, h, [(0.18, "SECTION", sec.split("(")[0]), (0.14, "SUBSECTION", "(" + sec.split("(", 1)[1] if "(" in sec else ""),
                               (0.12, "OF THE", "VTL"), (0.56, "DESCRIPTION OF VIOLATION", (desc + (" " + extra if extra else "")).upper())], W)
    pb.rect(x0, y - 14, W, 14)
    pb.checks(x0 + 4, y - 10, [("RADAR", bool(extra) and r.random() < 0.5), ("PACE", False), ("LASER", bool(extra) and r.random() < 0.5),
                               ("CRASH", False), ("SCHOOL ZONE", False), ("WORK ZONE", False)], mode="box", size=6.5, gap=14)
    y -= 18
    pb.t(x0, y - 8, "THE PERSON DESCRIBED ABOVE IS SUMMONED TO APPEAR AT", "Helvetica-Bold", 7)
    y -= 11
    court_p = pb.val(court.name)
    y = pb.grid_row(x0, y, h, [(0.4, "COURT", court_p), (0.6, "COURT ADDRESS", f"{court.street}, {court.city_line}")], W)
    y = pb.grid_row(x0, y, h, [(0.25, "ON (DATE)", fmt_date(cd, "mdy")), (0.2, "AT (TIME)", fmt_time(ch, cm, "ampm")),
                               (0.2, "ROOM / PART", room or ""), (0.35, "COURT PHONE", court.phone)], W)
    onm = ofc.name("lfc", True)
    y = pb.grid_row(x0, y, h, [(0.4, "OFFICER'S LAST NAME, FIRST NAME", onm, [("person", ofc.truth_name(), "officer")]),
                               (0.15, "SHIELD NO.", ofc.badge), (0.2, "DEPT. / UNIT", f"{ag.short} / {r.choice(['PATROL', 'TRAFFIC', 'SECTOR 2'])}"),
                               (0.25, "AGENCY ORI", ag.ori)], W)
    y -= 4
    y = pb.para(x0, y, W * 0.62, [("FALSE STATEMENTS MADE HEREIN ARE PUNISHABLE AS A CLASS A MISDEMEANOR PURSUANT TO SECTION "
                                   "210.45 OF THE PENAL LAW. AFFIRMED UNDER PENALTY OF PERJURY.", [])], font=st.label_font,
                size=5.5, layer="form")
    pb.scribble(x0 + W * 0.68, y + 8, 110, 10)
    pb.line(x0 + W * 0.66, y + 6, x0 + W, y + 6, lw=0.5)
    pb.t(x0 + W * 0.66, y - 1, "COMPLAINANT (OFFICER) SIGNATURE", st.label_font, 5)
    y -= 16
    pb.line(x0, y, x0 + W, y, lw=1.0, dash=(3, 3))
    y -= 14
    # plea by mail section
    pb.t(x0, y, "PLEA BY MAIL - READ CAREFULLY", "Helvetica-Bold", 9)
    y -= 4
    text = ("You may plead GUILTY or NOT GUILTY by mail. To plead NOT GUILTY, complete the plea section below and mail this "
            "ticket to the court by RETURN RECEIPT REQUESTED, CERTIFIED / REGISTERED MAIL, within 48 hours. You will be "
            "notified of a trial date. To plead GUILTY, complete the reverse side. A plea of guilty to this charge is "
            "equivalent to a conviction after trial. If you are convicted, your license may be suspended or revoked and "
            "the NEW YORK STATE DEPARTMENT OF MOTOR VEHICLES will be notified.")
    y = pb.para(x0, y, W, [(text, [])], font=st.label_font, size=6.5, layer="form") - 6
    pb.t(x0, y, f"Scheduled fines and surcharges AS OF {fmt_date(ctx.d, 'mdy')} are set by the court.", st.label_font, 6.5)
    y -= 16
    pb.checks(x0, y, [("GUILTY", False), ("NOT GUILTY", False)], mode="box", size=7, gap=30)
    y -= 22
    pb.line(x0, y, x0 + 240, y, lw=0.5)
    pb.line(x0 + 280, y, x0 + W, y, lw=0.5)
    ln = pb.newline()
    pb.t(x0, y - 7, "DEFENDANT'S SIGNATURE", st.label_font, 5.5, line=ln)
    pb.t(x0 + 280, y - 7, "DATE", st.label_font, 5.5, line=ln)
    pb.t(x0, 24, "UTT (Rev. 10/2020)  TraCS", st.label_font, 6)
    pb.t(pb.w - 36, 24, "COURT COPY", st.label_font, 6, align="right")
    ctx._appearance = _appearance(cd, ch, cm, court_p, pb.val(room) if room else None, ofc.badge)
    if r.random() < 0.45:
        _ny_deposition(ctx, st, dfd, ofc, v, cit, code, desc, extra, place, th, tm)
    return "citation", ctx._appearance, 0


def _ny_deposition(ctx, st, dfd, ofc, v, cit, code, desc, extra, place, th, tm):
    """Second sheet: supporting deposition by the officer (printed form text + typed facts)."""
    ag, r = ctx.ag, ctx.rng
    pb = ctx.page("underline", st, LETTER, r.choice(["template_first", "reading"]))
    x0, W = 44, pb.w - 88
    y = pb.h - 50
    pb.t(pb.w / 2, y, "SUPPORTING DEPOSITION", "Helvetica-Bold", 13, align="center")
    pb.t(pb.w / 2, y - 13, "(CPL Section 100.25)", st.label_font, 8, align="center")
    pb.t(pb.w / 2, y - 25, ag.courts["town"].name.upper(), st.label_font, 8, align="center")
    y -= 60
    nm, ents = ctx.nm(dfd, "lfc", upper=True)
    pb.ufield(x0, y, W * 0.55, nm, "Defendant", ents=ents)
    pb.ufield(x0 + W * 0.6, y, W * 0.4, ag.print_citation(r, cit), "Ticket Number", ents=ctx.cit_ents(cit))
    y -= 36
    pb.ufield(x0, y, W * 0.3, fmt_date(ctx.d, "mdy"), "Date of Offense")
    pb.ufield(x0 + W * 0.35, y, W * 0.2, fmt_time(th, tm, "mil"), "Time")
    pb.ufield(x0 + W * 0.6, y, W * 0.4, f"{code} {desc}"[:48], "Violation")
    y -= 40
    speed = (extra or "").replace(" MPH in a ", " MPH in a ")
    facts = (f"On the above date and time at {place}, in the Town of Haverford, County of {ag.county}, I observed "
             f"the defendant operate a {v.year} {v.make} bearing {v.plate_state} registration {v.plate_printed} "
             + (f"at a speed of {speed} as measured by {r.choice(['moving radar', 'stationary radar', 'laser (LIDAR)'])}. "
                "The radar unit was tested for accuracy before and after my tour of duty. " if speed else
                f"and commit the violation of {desc.lower()}. ")
             + "I stopped the vehicle and identified the operator by the license produced.")
    segs = [(facts, [])]
    # the plate mention inside the facts
    segs = [(facts.split(v.plate_printed)[0] + v.plate_printed, [("plate", v.plate_state, v.plate)]),
            (facts.split(v.plate_printed, 1)[1], [])]
    y = pb.para(x0, y, W, segs, font=st.value_font, size=10, lead=15) - 16
    y = pb.para(x0, y, W, [("The above statements were made by me and are true to my own knowledge. False statements made "
                            "herein are punishable as a Class A misdemeanor pursuant to Section 210.45 of the Penal Law. "
                            "AFFIRMED UNDER PENALTY OF PERJURY.", [])], font=st.label_font, size=7.5, layer="form") - 30
    onm, oents = ctx.ofc(ofc, with_rank=True, upper=True)
    pb.scribble(x0 + 10, y + 4, 110, 10)
    pb.ufield(x0, y - 10, W * 0.5, "", "Signature of Complainant")
    pb.ufield(x0 + W * 0.55, y - 10, W * 0.45, fmt_date(ctx.d, "mdy"), "Date")
    y -= 44
    pb.ufield(x0, y, W * 0.5, onm, "Officer (Print)", ents=oents)
    pb.ufield(x0 + W * 0.55, y, W * 0.2, ofc.badge, "Shield No.")
    pb.ufield(x0 + W * 0.8, y, W * 0.2, ag.short, "Agency")
    pb.t(x0, 30, "UTT Supporting Deposition (Rev. 10/2020)", st.label_font, 6)


def utc_fl(ctx: Ctx):
    """Florida Uniform Traffic Citation (TAG NO. for the plate; driver role)."""
    ag, r = ctx.ag, ctx.rng
    st = ctx.style("form")
    st.label_size = r.choice([4.8, 5.2])
    st.caps = True
    drv = ctx.person("driver", state="FL" if r.random() < 0.85 else r.choice(ag.neighbor_states))
    ofc = ctx.officer()
    v = ctx.vehicle(state=drv.addr.state)
    cit = ag.new_citation(r, ctx.d)
    case = ag.new_case(r, ctx.d) if r.random() < 0.5 else None
    court = ag.courts["county"]
    mandatory = r.random() < 0.55
    cd, ch, cm = _court_date(ctx)
    room = r.choice(court.rooms)
    order = r.choice(["template_first", "template_shuffled", "fill_first"])
    size = r.choice([LETTER, HALF])
    pb = ctx.page("ticket_grid", st, size, order)
    x0 = 24 if size == HALF else 36
    W, h = pb.w - 2 * x0, 19
    y = pb.h - 28
    pb.t(pb.w / 2, y - 9, "FLORIDA UNIFORM TRAFFIC CITATION", "Helvetica-Bold", 11 if size == HALF else 13, align="center")
    y -= 16
    y = pb.grid_row(x0, y, 24, [(0.45, "COUNTY OF", ag.county.upper()), (0.55, "CITATION NUMBER", cit, ctx.cit_ents(cit))], W)
    pb.barcode(x0 + W * 0.5, y - 16, W * 0.45, 13, cit)
    y -= 20
    cells = [(0.5, "AGENCY NAME", ag.name.upper())]
    if case:
        cp = ag.print_case(r, case, "label")
        cells.append((0.3, "AGENCY CASE NUMBER", cp, ctx.case_ents(case)))
    else:
        cells.append((0.3, "AGENCY CASE NUMBER", ""))
    th, tm = r.randint(0, 23), r.randint(0, 59)
    cells.append((0.2, "DATE", fmt_date(ctx.d, "mdy")))
    y = pb.grid_row(x0, y, h, cells, W)
    pb.rect(x0, y - 10, W, 10, fill=0.85, stroke=0.0)
    pb.t(x0 + 3, y - 7.5, "DRIVER", "Helvetica-Bold", 6.5)
    y -= 10
    nm, ents = ctx.nm(drv, "lfn", upper=True)
    y = pb.grid_row(x0, y, h, [(0.7, "NAME (LAST) (FIRST) (MIDDLE)", nm, ents), (0.3, "TIME", fmt_time(th, tm, "ampm"))], W)
    y = pb.grid_row(x0, y, h, [(0.45, "STREET", drv.addr.street), (0.25, "CITY", drv.addr.city), (0.1, "STATE", drv.addr.state),
                               (0.2, "ZIP CODE", drv.addr.zip)], W)
    y = pb.grid_row(x0, y, h, [(0.38, "DRIVER LICENSE NUMBER", drv.dl), (0.08, "STATE", drv.dl_state),
                               (0.18, "DATE OF BIRTH", fmt_date(drv.dob, "mdy")), (0.08, "RACE", drv.race),
                               (0.08, "SEX", drv.sex), (0.1, "HEIGHT", height_str(drv.height, 0)), (0.1, "CLASS", "E")], W)
    pb.rect(x0, y - 10, W, 10, fill=0.85, stroke=0.0)
    pb.t(x0 + 3, y - 7.5, "VEHICLE", "Helvetica-Bold", 6.5)
    y -= 10
    y = pb.grid_row(x0, y, h, [(0.1, "YEAR", str(v.year)), (0.14, "MAKE", v.make_code), (0.12, "TYPE", v.body),
                               (0.1, "COLOR", v.color_code), (0.2, "TAG NO.", v.plate_printed, ctx.plate_ents(v)),
                               (0.08, "STATE", v.plate_state), (0.26, "TRAILER TAG", "")], W)
    loc = r.choice(["US 41 N @ PINE RIDGE RD", "TAMIAMI TRL E / AIRPORT PULLING RD", "I-75 SB MM 107", "GOLDEN GATE PKWY @ 951"])
    y = pb.grid_row(x0, y, h, [(0.6, "LOCATION", loc), (0.2, "DIRECTION", r.choice(["N", "S", "E", "W"])),
                               (0.2, "FT/MI FROM", "")], W)
    code, desc, extra = _violation(ctx)
    pb.rect(x0, y - 42, W, 42)
    pb.t(x0 + 2, y - 6, "DID UNLAWFULLY COMMIT THE FOLLOWING VIOLATION", st.label_font, 5.2)
    speeding = bool(extra)
    ln = pb.checks(x0 + 4, y - 16, [("UNLAWFUL SPEED", speeding)], mode="box", size=6.5)
    if speeding:
        a, p = extra.split(" MPH in a ")[0], extra.split(" MPH in a ")[1].split()[0]
        pb.t(x0 + 80, y - 16, "ACTUAL SPEED", st.label_font, 5.5, line=ln)
        pb.t(x0 + 122, y - 16, a, st.value_font, 8, "fill", line=ln)
        pb.t(x0 + 140, y - 16, "POSTED SPEED", st.label_font, 5.5, line=ln)
        pb.t(x0 + 182, y - 16, p, st.value_font, 8, "fill", line=ln)
    ln = pb.newline()
    pb.t(x0 + 4, y - 28, "VIOLATION OF F.S.", st.label_font, 5.5, line=ln)
    pb.t(x0 + 62, y - 28, code, st.value_font, 8, "fill", line=ln)
    pb.t(x0 + 110, y - 28, desc.upper(), st.value_font, 8, "fill", line=ln, maxw=W - 120)
    pb.checks(x0 + 4, y - 38, [("CRASH", False), ("CRIMINAL", mandatory and r.random() < 0.3), ("SCHOOL ZONE", False),
                               ("CONSTRUCTION ZONE", False)], mode="box", size=5.5, gap=10)
    y -= 46
    pb.rect(x0, y - 10, W, 10, fill=0.85, stroke=0.0)
    pb.t(x0 + 3, y - 7.5, "COURT INFORMATION", "Helvetica-Bold", 6.5)
    y -= 10
    court_p = pb.val(court.name)
    pb.rect(x0, y - 50, W, 50)
    pb.checks(x0 + 4, y - 10, [("INFRACTION - YOU MAY PAY THE CIVIL PENALTY BY MAIL OR ELECT A HEARING", not mandatory)],
              mode="box", size=5.8)
    pb.checks(x0 + 4, y - 20, [("MANDATORY HEARING - YOU MUST APPEAR IN COURT AS SHOWN BELOW", mandatory)], mode="box", size=5.8)
    if mandatory:
        y2 = y - 32
        ln = pb.newline()
        pb.t(x0 + 4, y2, "COURT", st.label_font, 5.5, line=ln)
        pb.t(x0 + 30, y2, court_p, st.value_font, 7, "fill", line=ln, maxw=W * 0.6)
        ln = pb.newline()
        pb.t(x0 + 4, y2 - 11, "DATE", st.label_font, 5.5, line=ln)
        pb.t(x0 + 26, y2 - 11, fmt_date(cd, "mdy"), st.value_font, 7.5, "fill", line=ln)
        pb.t(x0 + 92, y2 - 11, "TIME", st.label_font, 5.5, line=ln)
        pb.t(x0 + 112, y2 - 11, fmt_time(ch, cm, "ampm"), st.value_font, 7.5, "fill", line=ln)
        pb.t(x0 + 168, y2 - 11, "COURTROOM", st.label_font, 5.5, line=ln)
        room_p = room.replace("Courtroom ", "")
        pb.t(x0 + 210, y2 - 11, room_p, st.value_font, 7.5, "fill", line=ln)
        ctx._appearance = _appearance(cd, ch, cm, court_p, room_p, ofc.badge)
    else:
        pb.t(x0 + 4, y - 33, f"Pay within 30 days. Clerk of Court, {court.street}, {court.city_line}", st.label_font, 5.5)
        ctx._appearance = None
    y -= 50
    onm, oents = ctx.ofc(ofc, with_rank=False, upper=True, style="lfc")
    y = pb.grid_row(x0, y, h + 2, [(0.45, "OFFICER NAME (PRINT)", onm, oents), (0.15, "ID NUMBER", ofc.badge),
                                   (0.4, "OFFICER SIGNATURE", "")], W)
    pb.scribble(x0 + W * 0.63, y + 4, 70, 8)
    y -= 4
    pb.para(x0, y, W, [("I AGREE TO COMPLY WITH THE PROVISIONS OF THIS CITATION. SIGNING THIS CITATION IS NOT AN ADMISSION OF GUILT.", [])],
            font=st.label_font, size=5.2, layer="form")
    pb.scribble(x0 + 20, y - 22, 80, 8)
    pb.line(x0, y - 24, x0 + W * 0.5, y - 24, lw=0.5)
    pb.t(x0, y - 31, "VIOLATOR SIGNATURE", st.label_font, 5)
    pb.t(x0, 14, "HSMV 75901 (Rev. 01/20) S", st.label_font, 5.5)
    pb.t(pb.w - x0, 14, "VIOLATOR COPY", st.label_font, 5.5, align="right")
    return "citation", ctx._appearance, 0


def cit_tx_thermal(ctx: Ctx):
    """Electronic citation printed on a narrow thermal roll: monospace 'LABEL: value' lines."""
    ag, r = ctx.ag, ctx.rng
    st = ctx.style("form")
    mono = r.choice(["Courier", "DejaVuSansMono", "Courier-Bold"])
    st.label_font = st.value_font = mono
    st.value_size = st.label_size = 7.5
    dfd = ctx.person("defendant", state="TX" if r.random() < 0.85 else r.choice(ag.neighbor_states))
    ofc = ctx.officer()
    v = ctx.vehicle(state=dfd.addr.state)
    cit = ag.new_citation(r, ctx.d)
    court = ag.courts["justice"]
    cd, ch, cm = _court_date(ctx)
    order = r.choice(["reading", "template_first", "shuffled_lines"])
    pb = ctx.page("thermal_lines", st, (288.0, 792.0), order)
    x, y = 14, pb.h - 22
    lh = 10.2

    def ln_(text=None, label=None, value=None, ents=(), center=False, bold=False):
        nonlocal y
        f = mono if not bold else "Courier-Bold"
        if text is not None:
            if center:
                pb.t(pb.w / 2, y, text, f, 7.5, align="center")
            else:
                pb.t(x, y, text, f, 7.5)
        else:
            line = pb.newline()
            pb.t(x, y, label + ":", mono, 7.5, line=line)
            pb.t(x + 92, y, pb.val(value), mono, 7.5, "fill", ents=ents, line=line, maxw=pb.w - x - 92 - 8)
        y -= lh

    ln_(ag.name.upper(), center=True, bold=True)
    ln_(ag.street.upper(), center=True)
    ln_(f"{ag.city.upper()}, TX {ag.zip}", center=True)
    y -= 3
    ln_("CITATION / NOTICE TO APPEAR", center=True, bold=True)
    pb.barcode(40, y - 16, pb.w - 80, 18, cit)
    y -= 26
    def wrap_(text, layer="form", size=7.5):
        nonlocal y
        for txt, _ in pb.wrap([(text, [])], mono, size, pb.w - 2 * x):
            pb.t(x, y, txt, mono, size, layer)
            y -= lh * size / 7.5

    ln_(label="CITATION NO", value=ag.print_citation(r, cit), ents=ctx.cit_ents(cit))
    th, tm = r.randint(0, 23), r.randint(0, 59)
    ln_(label="DATE/TIME", value=f"{fmt_date(ctx.d, 'mdy')} {fmt_time(th, tm, 'mil_colon')}")
    ln_("-" * 40)
    ln_("THE STATE OF TEXAS VS.", bold=True)
    nm, ents = ctx.nm(dfd, r.choice(["lfc", "nat", "lfn"]), upper=True)
    ln_(label="DEFENDANT", value=nm, ents=ents)
    ln_(label="ADDRESS", value=dfd.addr.street)
    ln_(label="CITY/ST/ZIP", value=dfd.addr.city_line())
    ln_(label="DOB", value=fmt_date(dfd.dob, "mdy"))
    ln_(label="RACE/SEX", value=f"{dfd.race}/{dfd.sex}")
    ln_(label="DL NO/ST", value=f"{dfd.dl} {dfd.dl_state}")
    ln_(label="PHONE", value=dfd.phone)
    ln_("-" * 40)
    ln_(label="VEHICLE", value=f"{v.year} {v.make_code} {v.model}")
    ln_(label="COLOR", value=v.color_code)
    ln_(label="LIC PLATE", value=v.plate_printed, ents=ctx.plate_ents(v))
    ln_(label="PLATE ST", value=v.plate_state)
    ln_("-" * 40)
    n_v = r.choice([1, 1, 2])
    for i in range(n_v):
        code, desc, extra = _violation(ctx)
        ln_(label=f"VIOLATION {i + 1}", value=desc)
        ln_(label="STATUTE", value=code)
        if extra:
            ln_(label="SPEED/ZONE", value=extra.replace(" MPH in a ", "/").replace(" MPH zone", ""))
    ln_(label="LOCATION", value=r.choice(["FM 1431 @ CR 340", "US 281 N MM 512", "SH 29 W OF RANCH RD 1", "CR 200 AT LAKE DR"]))
    ln_("-" * 40)
    court_p = pb.val(court.name)
    wrap_("YOU ARE HEREBY NOTIFIED TO APPEAR BEFORE THE")
    wrap_(court_p, "fill")
    ln_(court.street.upper())
    ln_(court.city_line.upper())
    ln_(label="ON OR BEFORE", value=fmt_date(cd, "mdy"))
    ln_(label="AT", value=fmt_time(ch, cm, "ampm"))
    ln_(label="COURT PHONE", value=court.phone)
    y -= 2
    wrap_("I PROMISE TO APPEAR IN SAID COURT AT THE TIME AND PLACE INDICATED. SIGNING THIS CITATION IS NOT AN "
          "ADMISSION OF GUILT.", size=6.5)
    pb.scribble(x + 20, y - 8, 90, 10)
    pb.line(x, y - 10, pb.w - x, y - 10, lw=0.4)
    y -= 19
    ln_("DEFENDANT SIGNATURE")
    y -= 4
    onm, oents = ctx.ofc(ofc, with_rank=True, upper=True)
    ln_(label="OFFICER", value=onm, ents=oents)
    ln_(label=ag.badge_label.upper().rstrip("."), value=ofc.badge)
    ln_(label="UNIT", value=f"{r.randint(100, 499)}")
    ln_("-" * 40)
    ln_("DEFENDANT COPY", center=True)
    ctx._appearance = _appearance(cd, ch, cm, court_p, None, ofc.badge)
    return "citation", ctx._appearance, 0


def cit_or(ctx: Ctx):
    """Oregon Uniform Citation and Complaint (summons + complaint), boxed with an underline section."""
    ag, r = ctx.ag, ctx.rng
    st = ctx.style("form")
    st.label_size = r.choice([5.0, 5.5])
    dfd = ctx.person("defendant", state="OR" if r.random() < 0.85 else r.choice(ag.neighbor_states))
    ofc = ctx.officer()
    v = ctx.vehicle(state=dfd.addr.state)
    cit = ag.new_citation(r, ctx.d)
    use_circuit = r.random() < 0.55
    court = ag.courts["circuit" if use_circuit else "municipal"]
    cd, ch, cm = _court_date(ctx)
    room = r.choice(court.rooms + [None])
    order = r.choice(["template_first", "template_shuffled", "fill_first"])
    size = r.choice([LETTER, HALF, LETTER])
    pb = ctx.page("ticket_grid", st, size, order)
    x0 = 22 if size == HALF else 40
    W, h = pb.w - 2 * x0, 20
    y = pb.h - 26
    ln = pb.newline()
    pb.t(x0, y - 9, "OREGON UNIFORM CITATION AND COMPLAINT", "Helvetica-Bold", 10 if size == HALF else 12, line=ln)
    y -= 14
    pb.checks(x0, y - 8, [("Circuit Court", use_circuit), ("Justice Court", False), ("Municipal Court", not use_circuit)],
              mode="box", size=6.5, gap=10)
    y -= 12
    ln = pb.newline()
    pb.t(x0, y - 8, "City/County of", st.label_font, 6.5, line=ln)
    pb.t(x0 + 52, y - 8, ag.city if not use_circuit else ag.county, st.value_font, 8.5, "fill", line=ln)
    y -= 12
    pb.barcode(pb.w - x0 - W * 0.35, pb.h - 44, W * 0.35, 14, cit)
    y = pb.grid_row(x0, y, 24, [(0.55, "STATE OF OREGON vs. DEFENDANT", "", ()), (0.45, "CITATION NO.", ag.print_citation(r, cit), ctx.cit_ents(cit))], W)
    nm, ents = ctx.nm(dfd, r.choice(["nat", "lfc"]), upper=r.random() < 0.6)
    y = pb.grid_row(x0, y, h, [(0.65, "NAME (First, Middle, Last)", nm, ents), (0.35, "DATE OF BIRTH", fmt_date(dfd.dob, "mdy"))], W)
    y = pb.grid_row(x0, y, h, [(0.6, "RESIDENCE ADDRESS", dfd.addr.street), (0.4, "CITY, STATE, ZIP", dfd.addr.city_line())], W)
    y = pb.grid_row(x0, y, h, [(0.35, "DRIVER LICENSE NO.", dfd.dl), (0.1, "STATE", dfd.dl_state), (0.1, "SEX", dfd.sex),
                               (0.15, "HEIGHT", height_str(dfd.height, 0)), (0.15, "WEIGHT", str(dfd.weight)), (0.15, "EYES", dfd.eyes)], W)
    y = pb.grid_row(x0, y, h, [(0.22, "VEHICLE LICENSE NO.", v.plate_printed, ctx.plate_ents(v)), (0.1, "STATE", v.plate_state),
                               (0.1, "YEAR", str(v.year)), (0.18, "MAKE", v.make), (0.2, "MODEL", v.model), (0.2, "COLOR", v.color)], W)
    code, desc, extra = _violation(ctx)
    th, tm = r.randint(0, 23), r.randint(0, 59)
    pb.t(x0, y - 8, "THE ABOVE NAMED DEFENDANT, ON THE DATE, TIME AND PLACE BELOW, DID UNLAWFULLY COMMIT THE FOLLOWING OFFENSE:", st.label_font, 5.5, maxw=W)
    y -= 11
    y = pb.grid_row(x0, y, h, [(0.2, "DATE", fmt_date(ctx.d, "mdy")), (0.15, "TIME", fmt_time(th, tm, "mil")),
                               (0.65, "LOCATION", r.choice(["HWY 20 AT MP 12", "MAIN ST / 2ND AVE", "I-5 NB MP 228", "NE DIVISION ST AT 14TH", "SANTIAM HWY EB"]))], W)
    y = pb.grid_row(x0, y, h + 4, [(0.22, "ORS / CODE", code.replace("ORS ", "")), (0.58, "VIOLATION", desc + (", " + extra if extra else "")),
                                   (0.2, "BASE FINE", f"${r.choice([115, 165, 265, 440])}")], W)
    pb.checks(x0, y - 9, [("Class A", False), ("Class B", r.random() < 0.5), ("Class C", False), ("Class D", r.random() < 0.5),
                          ("Misdemeanor", False), ("Crash", False), ("Photo", False)], mode="box", size=6, gap=8)
    y -= 16
    court_p = court.name if r.random() < 0.5 else court.name.upper()
    pb.rect(x0, y - 46, W, 46)
    pb.t(x0 + 3, y - 8, "SUMMONS: YOU ARE SUMMONED TO APPEAR AT THE COURT BELOW", "Helvetica-Bold", 6.5)
    ln = pb.newline()
    pb.t(x0 + 3, y - 19, "Court", st.label_font, 6, line=ln)
    pb.t(x0 + 28, y - 19, court_p, st.value_font, 8, "fill", line=ln, maxw=W - 32)
    pb.t(x0 + 28, y - 29, f"{court.street}, {court.city_line}", st.label_font, 6)
    ln = pb.newline()
    pb.t(x0 + 3, y - 40, "Date", st.label_font, 6, line=ln)
    pb.t(x0 + 24, y - 40, fmt_date(cd, r.choice(["mdy", "long"])), st.value_font, 8, "fill", line=ln)
    pb.t(x0 + W * 0.42, y - 40, "Time", st.label_font, 6, line=ln)
    pb.t(x0 + W * 0.42 + 20, y - 40, fmt_time(ch, cm, r.choice(["ampm", "mil_colon"])), st.value_font, 8, "fill", line=ln)
    if room:
        pb.t(x0 + W * 0.68, y - 40, "Room", st.label_font, 6, line=ln)
        pb.t(x0 + W * 0.68 + 22, y - 40, room, st.value_font, 8, "fill", line=ln)
    y -= 50
    y = pb.para(x0, y, W, [("COMPLAINT: The undersigned certifies that he or she has reasonable grounds to believe, and does "
                            "believe, that the above named person committed the offense(s) set forth herein contrary to law. "
                            "I hereby certify that I served a true copy of this summons upon the defendant on the date above.", [])],
                font=st.label_font, size=5.6, layer="form")
    y -= 6
    onm, oents = ctx.ofc(ofc, with_rank=r.random() < 0.5, upper=r.random() < 0.5)
    y = pb.grid_row(x0, y, h + 2, [(0.45, "OFFICER", onm, oents), (0.15, "BADGE NO.", ofc.badge),
                                   (0.4, "AGENCY", ag.name)], W)
    pb.scribble(x0 + 30, y - 16, 90, 9)
    pb.line(x0, y - 18, x0 + W * 0.55, y - 18, lw=0.5)
    pb.t(x0, y - 25, "Signature of Complainant", st.label_font, 5.5)
    pb.t(x0, 12, "Form OUC-1 (Rev. 06/2019)", st.label_font, 5.5)
    pb.t(pb.w - x0, 12, "DEFENDANT'S COPY", st.label_font, 5.5, align="right")
    ctx._appearance = _appearance(cd, ch, cm, court_p, room, ofc.badge)
    return "citation", ctx._appearance, 0


def summons_mo(ctx: Ctx):
    """Missouri municipal uniform citation / summons (label column layout, evening court)."""
    ag, r = ctx.ag, ctx.rng
    st = ctx.style("form")
    dfd = ctx.person("defendant", state="MO" if r.random() < 0.8 else r.choice(ag.neighbor_states))
    ofc = ctx.officer()
    v = ctx.vehicle(state=dfd.addr.state)
    cit = ag.new_citation(r, ctx.d)
    court = ag.courts["municipal"]
    cd, ch, cm = _court_date(ctx, evening=True)
    room = r.choice(court.rooms)
    order = r.choice(["template_first", "template_shuffled", "fill_first", "reading"])
    pb = ctx.page("label_column", st, LETTER, order)
    x0, W = 40, pb.w - 80
    y = pb.h - 38
    seal(pb, x0 + 18, y - 14, 18)
    pb.t(pb.w / 2, y, "IN THE MUNICIPAL COURT OF THE CITY OF RIVERBEND, MISSOURI", "Helvetica-Bold", 10, align="center")
    pb.t(pb.w / 2, y - 12, "UNIFORM CITATION - SUMMONS AND COMPLAINT", "Helvetica-Bold", 11, align="center")
    pb.t(pb.w / 2, y - 23, "City of Riverbend, Plaintiff, vs. the Defendant named below", st.label_font, 7.5, align="center")
    y -= 44
    ln = pb.newline()
    pb.t(pb.w - 40 - 200, y, "Citation No.", st.label_font, 8, line=ln)
    pb.t(pb.w - 40 - 140, y, ag.print_citation(r, cit), "Courier-Bold", 12, "fill", ents=ctx.cit_ents(cit), line=ln)
    y -= 18
    lf, vf, vs = st.label_font, st.value_font, st.value_size

    def row(items):
        nonlocal y
        line = pb.newline()
        for xl, lab, xv, val, *e in items:
            pb.t(xl, y, lab, lf, 7.5, line=line)
            if val:
                pb.t(xv, y, pb.val(val), vf, vs, "fill", ents=e[0] if e else (), line=line, maxw=W - (xv - x0))
            pb.line(xv - 2, y - 3, (xv + 190) if xv < 300 else pb.w - 40, y - 3, lw=0.3, gray=0.5)
        y -= 17

    nm, ents = ctx.nm(dfd, r.choice(["lfc", "nat"]), upper=st.caps)
    row([(x0, "Defendant", x0 + 80, nm, ents)])
    row([(x0, "Address", x0 + 80, dfd.addr.street), (330, "City/St/Zip", 390, dfd.addr.city_line())])
    row([(x0, "Date of Birth", x0 + 80, fmt_date(dfd.dob, "mdy")), (330, "Sex/Race", 390, f"{dfd.sex}/{dfd.race}")])
    row([(x0, "Oper. License", x0 + 80, dfd.dl), (330, "State", 390, dfd.dl_state)])
    row([(x0, "License No.", x0 + 80, v.plate_printed, ctx.plate_ents(v)), (330, "State / Exp.", 390, f"{v.plate_state} {r.randint(1, 12):02d}/{v.plate_year % 100:02d}")])
    row([(x0, "Vehicle", x0 + 80, f"{v.year} {v.make} {v.model} {v.color_code}")])
    y -= 4
    code, desc, extra = _violation(ctx)
    y = pb.para(x0, y + 8, W, [("The undersigned officer states that on the date and at the location below the defendant did "
                                "unlawfully commit the following offense in violation of the ordinances of the City of Riverbend:", [])],
                font=lf, size=7.5, layer="form") - 8
    th, tm = r.randint(0, 23), r.randint(0, 59)
    row([(x0, "Date / Time", x0 + 80, f"{fmt_date(ctx.d, 'mdy')} {fmt_time(th, tm, 'mil')}"), (330, "Location", 390, r.choice(["W FLORISSANT AVE @ CHAMBERS", "NEW HALLS FERRY RD", "DUNN RD / I-270", "CHOUTEAU AVE"]))])
    row([(x0, "Offense", x0 + 80, desc + (" - " + extra if extra else ""))])
    row([(x0, "Ord./Statute", x0 + 80, code), (330, "Fine", 390, r.choice(["Court appearance required", "$125.50", "$96.50"]))])
    y -= 6
    pb.rect(x0, y - 52, W, 58, lw=1.2)
    court_p = pb.val(court.name)
    pb.t(x0 + 6, y - 8, "YOU ARE SUMMONED TO APPEAR BEFORE THE", "Helvetica-Bold", 8)
    pb.t(x0 + 6, y - 20, court_p, vf, 10, "fill")
    pb.t(x0 + 6, y - 31, f"{court.street}, {court.city_line}", lf, 7.5)
    line = pb.newline()
    pb.t(x0 + 6, y - 45, "Court Date", lf, 7.5, line=line)
    pb.t(x0 + 56, y - 45, fmt_date(cd, "mdy"), vf, 10, "fill", line=line)
    pb.t(x0 + 160, y - 45, "Time", lf, 7.5, line=line)
    pb.t(x0 + 184, y - 45, fmt_time(ch, cm, "ampm"), vf, 10, "fill", line=line)
    if room:
        pb.t(x0 + 270, y - 45, "Courtroom", lf, 7.5, line=line)
        pb.t(x0 + 318, y - 45, room.replace("Courtroom ", ""), vf, 10, "fill", line=line)
    y -= 70
    onm, oents = ctx.ofc(ofc, with_rank=True, upper=st.caps)
    row([(x0, "Officer", x0 + 80, onm, oents), (330, "DSN", 390, ofc.badge)])
    pb.scribble(x0 + 90, y + 4, 80, 8)
    row([(x0, "Officer Signature", x0 + 80, "")])
    y = pb.para(x0, y, W, [("FAILURE TO APPEAR ON THE DATE AND TIME SHOWN MAY RESULT IN A WARRANT FOR YOUR ARREST AND "
                            "SUSPENSION OF YOUR DRIVING PRIVILEGE. If you are not a U.S. citizen, a plea of guilty may have "
                            "immigration consequences. Persons needing accommodation should call the court clerk at " + court.phone + ".", [])],
                font=lf, size=6.5, layer="form")
    pb.t(x0, 24, "MO Uniform Citation Form 3 (Rev. 2016)", lf, 6)
    room_p = room.replace("Courtroom ", "") if room else None
    ctx._appearance = _appearance(cd, ch, cm, court_p, room_p, ofc.badge)
    return "citation", ctx._appearance, 0


def crim_summons(ctx: Ctx):
    """Criminal citation / appearance ticket in lieu of arrest (underline form)."""
    ag, r = ctx.ag, ctx.rng
    st = ctx.style("form")
    st.label_caps = False
    dfd = ctx.person("defendant")
    ofc = ctx.officer()
    vic = ctx.person("victim") if r.random() < 0.5 else None
    case = ag.new_case(r, ctx.d)
    ny = ag.home_state == "NY"
    court = ag.courts.get("town") or ag.courts.get("municipal") or ag.courts.get("justice") or ag.courts.get("circuit") or ag.courts.get("county")
    cd, ch, cm = _court_date(ctx)
    order = r.choice(["fill_first", "template_first", "template_shuffled"])
    pb = ctx.page("underline", st, LETTER, order)
    x0, W = 44, pb.w - 88
    y = pb.h - 44
    pb.t(pb.w / 2, y, ag.name.upper(), st.head_font, 12, align="center")
    title = "APPEARANCE TICKET" if ny else r.choice(["CRIMINAL CITATION IN LIEU OF ARREST", "CRIMINAL SUMMONS AND COMPLAINT", "NOTICE TO APPEAR"])
    pb.t(pb.w / 2, y - 17, title, st.head_font, 13, align="center")
    if ny:
        pb.t(pb.w / 2, y - 28, "(Criminal Procedure Law Article 150)", st.label_font, 7.5, align="center")
    y -= 56
    cp = ag.print_case(r, case, "label")
    pb.ufield(x0, y, 180, cp, ag.case_label, ents=ctx.case_ents(case))
    pb.ufield(x0 + 220, y, 120, fmt_date(ctx.d, "mdy"), "Date Issued")
    pb.ufield(x0 + 370, y, W - 370, fmt_time(r.randint(0, 23), r.randint(0, 59), "mil"), "Time")
    y -= 34
    nm, ents = ctx.nm(dfd, "nat", upper=r.random() < 0.5)
    pb.t(x0, y + 2, "To:", st.label_font, 9)
    pb.ufield(x0 + 24, y, W - 24, nm, "Name of Defendant", ents=ents)
    y -= 34
    pb.ufield(x0, y, W * 0.6, dfd.addr.street, "Street Address")
    pb.ufield(x0 + W * 0.62, y, W * 0.38, dfd.addr.city_line(), "City, State, Zip")
    y -= 34
    pb.ufield(x0, y, 120, fmt_date(dfd.dob, "mdy"), "Date of Birth")
    pb.ufield(x0 + 140, y, 50, dfd.sex, "Sex")
    pb.ufield(x0 + 210, y, 150, dfd.dl, "Driver License No.")
    pb.ufield(x0 + 380, y, W - 380, dfd.phone, "Phone")
    y -= 40
    code, desc = r.choice(ag.statutes["criminal"])
    court_p = court.name
    room = r.choice(court.rooms + [None])
    sent = (f"YOU ARE HEREBY DIRECTED TO APPEAR in the {court_p}, {court.street}, {court.city_line}, on "
            f"{fmt_date(cd, 'long')} at {fmt_time(ch, cm, 'ampm_dots')}" + (f", in {room}," if room else ",") +
            f" to answer a charge of {desc}, in violation of {code}.")
    segs = [(sent, [])]
    y = pb.para(x0, y, W, segs, font=st.body_font, size=11, layer="fill") - 30
    if vic:
        vn, ve = ctx.nm(vic, "nat")
        pb.ufield(x0, y, W * 0.6, vn, "Complainant / Victim", ents=ve)
        pb.ufield(x0 + W * 0.62, y, W * 0.38, vic.phone, "Complainant Phone")
        y -= 38
    pb.ufield(x0, y, W, r.choice(["Defendant took merchandise without paying", "Defendant remained on premises after being told to leave",
                                  "Defendant damaged window of complainant's vehicle", "Possession observed during traffic stop"]),
              "Brief Statement of Facts")
    y -= 40
    y = pb.para(x0, y, W, [("If you fail to appear as directed, a warrant may be issued for your arrest. Bring this notice with you. "
                            "I acknowledge receipt of this notice and promise to appear.", [])], font=st.label_font, size=8,
                layer="form") - 8
    pb.scribble(x0 + 20, y - 18, 100, 10)
    pb.ufield(x0, y - 22, 230, "", "Signature of Defendant")
    y -= 58
    onm, oents = ctx.ofc(ofc, with_rank=True)
    pb.ufield(x0, y, 230, onm, "Issuing Officer", ents=oents)
    pb.ufield(x0 + 250, y, 90, ofc.badge, ag.badge_label)
    pb.ufield(x0 + 360, y, W - 360, ag.short, "Agency")
    pb.scribble(x0 + 10, y - 40, 100, 10)
    pb.ufield(x0, y - 44, 230, "", "Officer Signature")
    pb.t(x0, 30, r.choice(["Form CR-150 (Rev. 2018)", f"{ag.short} Form 22", "NTA-1"]), st.label_font, 6.5)
    ctx._appearance = _appearance(cd, ch, cm, court_p, room, ofc.badge)
    return "citation", ctx._appearance, 0
